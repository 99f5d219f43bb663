# Rampart — build, test, demo and install.
#
#   make demo      set up, build and open the REPL on the bundled demo assessment
#   make test      set up, build and run every test (Swift, C, Python, transcripts, terminal)
#   make install   PREFIX=/usr/local: rampart, librampart.so, rampart.h, rampart.pc
#   make bench     run the benchmarks (see bench/README.md)
#   make fuzz      fuzz the C ABI with libFuzzer, FUZZ_SECONDS per target (see Tests/fuzz/README.md)

PREFIX ?= /usr/local
CONFIG ?= release
SWIFT ?= swift
PYTHON ?= python3
FUZZ_SECONDS ?= 120
BUILD := build
SWIFTBUILD = $(SWIFT) build -c $(CONFIG)
BINDIR = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path)
VERSION := $(shell sed -n 's/^\#define RAMPART_VERSION "\(.*\)"/\1/p' include/rampart.h)

.PHONY: all setup build demo demo-db test test-swift test-c test-python install uninstall bench fuzz clean

all: build

setup:
	@sh scripts/setup.sh

# Compiles the library and the shell and stages them in build/: bin/rampart, lib/librampart.so,
# include/rampart.h. Debug builds (CONFIG=debug) are what the tests use.
build: setup
	$(SWIFTBUILD) --product rampart
	$(SWIFTBUILD) --product rampart-shell
	@mkdir -p $(BUILD)/bin $(BUILD)/lib $(BUILD)/include
	@cp $(BINDIR)/librampart.so $(BUILD)/lib/librampart.so
	@cp $(BINDIR)/rampart-shell $(BUILD)/bin/rampart
	@cp include/rampart.h $(BUILD)/include/rampart.h
	@echo "built $(BUILD)/bin/rampart and $(BUILD)/lib/librampart.so ($(CONFIG))"

# The demo assessment is built by its own REPL script, so building it is also a test of it.
demo-db: build
	@rm -f $(BUILD)/demo.rampart $(BUILD)/demo.rampart-wal $(BUILD)/demo.rampart-shm
	@$(BUILD)/bin/rampart -bail $(BUILD)/demo.rampart < examples/demo/demo.rampart > /dev/null 2> $(BUILD)/demo-warnings.txt \
	  || { cat $(BUILD)/demo-warnings.txt; exit 1; }
	@echo "demo assessment: $(BUILD)/demo.rampart ($$(grep -c '^warning' $(BUILD)/demo-warnings.txt) continuity warnings in $(BUILD)/demo-warnings.txt)"

demo: demo-db
	@$(BUILD)/bin/rampart $(BUILD)/demo.rampart

test: CONFIG = debug
test: build test-swift test-c test-python

test-swift:
	$(SWIFT) test

test-c:
	sh Tests/c/run.sh $(BUILD)
	sh scripts/check-install.sh $(CONFIG)

test-python:
	RAMPART_LIBRARY=$(CURDIR)/$(BUILD)/lib/librampart.so RAMPART_BIN=$(CURDIR)/$(BUILD)/bin/rampart \
	  $(PYTHON) -m pytest -q bindings/python/tests Tests/shell Tests/engines bench/test_generate.py bench/test_workloads.py

install: build
	@test -n "$(VERSION)" || { echo "cannot read the version from include/rampart.h"; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/bin/rampart $(DESTDIR)$(PREFIX)/bin/rampart
	install -m 755 $(BUILD)/lib/librampart.so $(DESTDIR)$(PREFIX)/lib/librampart.so
	install -m 644 include/rampart.h $(DESTDIR)$(PREFIX)/include/rampart.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' scripts/rampart.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/rampart.pc
	@echo "installed into $(DESTDIR)$(PREFIX); C programs build with: cc app.c \$$(pkg-config --cflags --libs rampart)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rampart $(DESTDIR)$(PREFIX)/lib/librampart.so \
	  $(DESTDIR)$(PREFIX)/include/rampart.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/rampart.pc

bench: build
	$(PYTHON) bench/run.py import --size S --rampart $(BUILD)/bin/rampart

fuzz: setup
	sh Tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) .build
