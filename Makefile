# Quarry's entry points. Each target installs what it needs first
# (Debian packages via apt-get, the browser tests' npm packages via npm ci).
BUILD ?= build
DB ?= $(BUILD)/index
PORT ?= 8080
HOST ?= 127.0.0.1
BACKEND_PORT ?= 8081
SHARED ?= ../shared
JOBS ?= $(shell nproc)
FUZZ_RUNS ?= 2000
PREFIX ?= /usr/local
# An installed quarry-index finds its vocabulary from its own folder.
INSTALL_CONFIGURE = -DCMAKE_BUILD_TYPE=Release -DQUARRY_VOCABULARY_DIR:STRING=../share/quarry/corpus/vocabulary
INSTALL_TARGETS = --target quarry-index quarry-search quarry-serve man

CONFIGURE = cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
COMPILE = cmake --build $(BUILD) -j $(JOBS)

.PHONY: all build index serve test test-asan test-tsan stress eval bench vocabulary install package clean

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
# the benchmark's pipeline on a tiny corpus; then a short run of every
# fuzzer ($(FUZZ_RUNS) executions each, built with clang in $(BUILD)-fuzz).
# Every package any test needs (the browser's, the bench's wrk and SQLite,
# clang) is installed here, before configuring (so CMake finds node and
# SQLite) and before any test runs.
test:
	@scripts/install-deps.sh --browser --bench --serve --check --fuzz --package
	@$(CONFIGURE)
	@$(COMPILE)
	cd $(BUILD) && ctest --output-on-failure -j 2 -LE stress
	@scripts/fuzz.sh --jobs 2 $(BUILD)-fuzz $(FUZZ_RUNS)

# Every test with the programs and tests built under AddressSanitizer and
# UndefinedBehaviorSanitizer, in $(BUILD)-asan: a leak, an overflow or
# undefined behaviour fails the test that made it.
test-asan:
	@scripts/install-deps.sh --browser --bench --serve --check
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_SANITIZE=address,undefined >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j 2 -LE stress

# The server under ThreadSanitizer, in $(BUILD)-tsan: its tests, among them
# workers searching while the index is rebuilt under them. A data race fails.
test-tsan:
	@scripts/install-deps.sh --serve --check
	@cmake -S . -B $(BUILD)-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_SANITIZE=thread >/dev/null
	@cmake --build $(BUILD)-tsan -j $(JOBS) --target web_server_test quarry-serve quarry-index
	cd $(BUILD)-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	  ctest --output-on-failure -R '^web_server_test:'

# The long hardening runs (scripts/stress.sh): 5 million executions per
# fuzzer, the hostile table behind nginx with a 60 s wrk run and 200,000
# mixed requests, 50 kill -9 during builds, memory limits. Takes hours.
stress: build
	@scripts/install-deps.sh --bench --serve --check --fuzz
	@scripts/stress.sh $(BUILD)

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

# The programs, their man pages, the corpus and vocabulary, the example
# systemd unit and nginx site under $(DESTDIR)$(PREFIX), built in $(BUILD)-install.
install:
	@scripts/install-deps.sh --package
	@cmake -S . -B $(BUILD)-install $(INSTALL_CONFIGURE) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD)-install -j $(JOBS) $(INSTALL_TARGETS)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)-install

# The same as a Debian package (CPack), in $(BUILD)-deb: quarry_VERSION_ARCH.deb.
package:
	@scripts/install-deps.sh --package
	@cmake -S . -B $(BUILD)-deb $(INSTALL_CONFIGURE) -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
	@cmake --build $(BUILD)-deb -j $(JOBS) $(INSTALL_TARGETS)
	cd $(BUILD)-deb && cpack -G DEB >/dev/null
	@ls -1 $(BUILD)-deb/*.deb

clean:
	rm -rf $(BUILD)
