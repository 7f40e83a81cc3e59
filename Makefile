# The two entry points of the README, over CMake. Both install missing Debian packages first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CTEST_JOBS ?= 2
FUZZ_SECONDS ?= 60

.PHONY: deps build run test test-sanitize bench fuzz clean format

deps:
	bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The server on the embedded default: SQLite at var/plangate.db, console email, a local signing
# key generated under var/.
run: build
	./$(BUILD)/plangate serve

# Every test, against SQLite and a throwaway PostgreSQL cluster.
test: build
	bash scripts/pg-test.sh run -- ctest --test-dir $(BUILD) -j $(CTEST_JOBS) --output-on-failure

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPLANGATE_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  bash scripts/pg-test.sh run -- ctest --test-dir $(ASAN_BUILD) -j $(CTEST_JOBS) --output-on-failure

# Throughput and latency under wrk on loopback (a Release build on a throwaway PostgreSQL).
bench: deps
	bash bench/run.sh

# Every libFuzzer target (clang, ASan + UBSan) for FUZZ_SECONDS each, in build-fuzz/.
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-release build-fuzz
