# Quarry's entry points. Each target installs what it needs first
# (Debian packages via apt-get, the browser tests' npm packages via npm ci).
BUILD ?= build
DB ?= $(BUILD)/index
PORT ?= 8080
HOST ?= 127.0.0.1
BACKEND_PORT ?= 8081
SHARED ?= ../shared
JOBS ?= $(shell nproc)

CONFIGURE = cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
COMPILE = cmake --build $(BUILD) -j $(JOBS)

.PHONY: all build index serve test test-asan eval bench vocabulary clean

all: build

# Install packages, configure, compile.
build:
	@scripts/install-deps.sh
	@$(CONFIGURE)
	@$(COMPILE)

# Index corpus/ into $(DB).
index: build
	$(BUILD)/quarry-index --db $(DB) corpus/

# Index corpus/ and serve the search page on http://$(HOST):$(PORT): nginx
# (deploy/nginx/quarry.conf) in front of quarry-serve on 127.0.0.1:$(BACKEND_PORT).
serve: index
	@scripts/install-deps.sh --serve
	@scripts/serve.sh $(BUILD) $(DB) $(HOST) $(PORT) $(BACKEND_PORT)

# Every test: unit, integration, server, CLI, quality floor, browser, and
# the benchmark's pipeline on a tiny corpus. Every package any test needs
# (the browser's, and the bench's wrk and SQLite) is installed here, before
# configuring (so CMake finds node and SQLite) and before any test runs.
test:
	@scripts/install-deps.sh --browser --bench --serve --check
	@$(CONFIGURE)
	@$(COMPILE)
	cd $(BUILD) && ctest --output-on-failure -j 2 -LE stress

# Every test with the programs and tests built under AddressSanitizer and
# UndefinedBehaviorSanitizer, in $(BUILD)-asan: a leak, an overflow or
# undefined behaviour fails the test that made it.
test-asan:
	@scripts/install-deps.sh --browser --bench --serve --check
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_SANITIZE=address,undefined >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j 2 -LE stress

# Search-quality scores on the judged queries and related clusters, and the
# same queries run through the peers (SQLite FTS5, MiniSearch, Lunr,
# FlexSearch, Xapian): the seed bank, its held-out queries, then each
# out-of-domain bank of $(SHARED)/eval/banks indexed alone (skipped, saying
# so, when that folder is absent). SHARED is relative to the repository root.
eval: index
	$(BUILD)/quarry-eval --db $(DB) --queries tests/data/eval/queries.tsv --related tests/data/eval/related.tsv
	@tools/peers/run.sh $(BUILD) $(DB)
	@echo; echo "Held-out queries (tests/data/eval-holdout: the same kinds, never tuned on):"
	@tools/peers/run.sh --name seed-holdout --queries tests/data/eval-holdout/queries.tsv $(BUILD) $(DB)
	@tools/peers/run.sh --banks $(SHARED)/eval/banks $(BUILD)

# Speed and memory, side by side with SQLite FTS5 (see bench/README.md).
bench: build
	@bench/run.sh $(BUILD)

# Learn corpus/vocabulary/ (abbreviations, term neighbours, code words) from
# Debian's documentation packages: fetched with apt-get download, unpacked
# under $(BUILD)/vocabulary, never installed (tools/vocabulary/build.sh).
vocabulary:
	@scripts/install-deps.sh
	@BUILD=$(BUILD) JOBS=$(JOBS) tools/vocabulary/build.sh

clean:
	rm -rf $(BUILD)
