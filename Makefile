# The two entry points of the README, over CMake. Both install missing Debian packages first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CTEST_JOBS ?= 2
FUZZ_SECONDS ?= 60

.PHONY: deps build build-server web run test test-sanitize bench bench-scale fuzz clean format

deps:
	bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Only the binary (no test programs), for make run.
build-server: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target plangate

# The web app's packages, pinned by web/package-lock.json (Node.js 20).
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error("web: Node.js >= 20.19 is needed, found " + process.version); process.exit(1); }'
	cd web && npm ci --no-audit --no-fund
	@touch $@

# The web app (web/dist, served by plangate at /), type-checked against the OpenAPI document of
# the binary just built: a route change that breaks the app fails here.
web: build-server web/node_modules/.package-lock.json
	./$(BUILD)/plangate openapi > $(BUILD)/openapi.json
	cd web && PLANGATE_OPENAPI=../$(BUILD)/openapi.json npm run --silent gen:api
	cd web && npm run --silent typecheck && npm run --silent build

# The server and its web app on the embedded default, at http://127.0.0.1:8000/: SQLite at
# var/plangate.db, console email, a local signing key generated under var/.
run: web
	./$(BUILD)/plangate serve

# Every test, against SQLite and a throwaway PostgreSQL cluster, the web app's in Chromium too.
test: build web
	bash scripts/pg-test.sh run -- ctest --test-dir $(BUILD) -j $(CTEST_JOBS) --output-on-failure

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPLANGATE_SANITIZE=ON -DPLANGATE_WEB_TESTS=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  bash scripts/pg-test.sh run -- ctest --test-dir $(ASAN_BUILD) -j $(CTEST_JOBS) --output-on-failure

# Throughput and latency under wrk on loopback (a Release build on a throwaway PostgreSQL).
bench: deps
	bash bench/run.sh

# make bench's routes on 1,000,000 users (BENCH_SCALE_USERS), with EXPLAIN of their statements.
bench-scale: deps
	bash bench/scale.sh

# Every libFuzzer target (clang, ASan + UBSan) for FUZZ_SECONDS each, in build-fuzz/.
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-release build-fuzz web/dist
