# Quarry's entry points. Each target installs what it needs first.
BUILD ?= build
DB ?= $(BUILD)/index
PORT ?= 8080
HOST ?= 127.0.0.1
JOBS ?= $(shell nproc)

.PHONY: all deps build index serve test eval bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

index: build
	$(BUILD)/quarry-index --db $(DB) corpus/

serve: index
	$(BUILD)/quarry-serve --db $(DB) --host $(HOST) --port $(PORT)

test: build
	@scripts/install-deps.sh --browser
	cd $(BUILD) && ctest --output-on-failure -j 2

eval: index
	$(BUILD)/quarry-eval --db $(DB) --queries tests/data/eval/queries.tsv --related tests/data/eval/related.tsv

clean:
	rm -rf $(BUILD)
