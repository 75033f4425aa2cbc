# Sluice: the two commands a new machine needs.
#   make run   installs what is missing, builds, runs the flagship example
#   make test  installs what is missing, builds, runs every test (ctest)
BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
FLAGSHIP = examples/gpu_lease_abs/gpu_lease_abs.deal
# Debian bookworm packages; nothing is downloaded from anywhere else.
APT_PACKAGES = g++ make cmake ninja-build pkg-config llvm-19-dev tao-pegtl-dev libfmt-dev libcli11-dev catch2 nlohmann-json3-dev librandom123-dev libopenmpi-dev openmpi-bin libsleef-dev libmpfr-dev nodejs vim chromium
# The Python package (python/, docs/python.md) and its tests: Debian's python3
# with pybind11, NumPy, pandas, pytest, and nbclient with a kernel and
# matplotlib for the example notebook; python3-venv for the `pip install .` test.
APT_PACKAGES += python3-dev python3-venv pybind11-dev python3-numpy python3-pandas python3-pytest python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib
# The risk report as an Excel workbook (`sluice run -n N --format xlsx`).
APT_PACKAGES += libxlsxwriter-dev

.PHONY: all deps configure build run test bench clean deps-fuzz fuzz test-sanitize vsix install

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing missing packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	@[ -f $(BUILD)/build.ninja ] || cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/sluice run $(FLAGSHIP)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# PREFIX/bin/sluice, PREFIX/lib/sluice/sluice-jit.so, PREFIX/share/sluice/stdlib
# (compiler/CMakeLists.txt's install rule; tests/install checks the layout).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# Benchmarks: every engine on one deal in one process, `sluice run -n` end to
# end against its baselines, then the deterministic
# math library against glibc (tests/bench/, docs/performance.md).
bench: build
	cmake --build $(BUILD) -j $(JOBS) --target sluice_bench
	./$(BUILD)/tests/bench/sluice_bench --json tests/bench/results.json
	./$(BUILD)/tests/bench/sluice_bench --e2e --json tests/bench/e2e.json
	cmake --build $(BUILD) -j $(JOBS) --target sluice_math_bench
	./$(BUILD)/tests/bench/sluice_math_bench

# Reliability (docs/reliability.md): the libFuzzer targets with Debian's
# clang-19, each run FUZZ_SECONDS; and every test under ASan + UBSan. Both
# build at -O1 with assertions on (Debug's NDEBUG-free flags).
FUZZ_BUILD     ?= build-fuzz
FUZZ_SECONDS   ?= 600
FUZZ_TARGETS   ?= parse check interp jit merge cli lsp
FUZZ_PACKAGES   = clang-19 libclang-rt-19-dev
SANITIZE_BUILD ?= build-sanitize

deps-fuzz:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(APT_PACKAGES) $(FUZZ_PACKAGES)"

fuzz: deps-fuzz
	@[ -f $(FUZZ_BUILD)/build.ninja ] || cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" -DCMAKE_CXX_COMPILER=clang++-19 -DSLUICE_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# -O1 keeps the instrumented build fast; halt_on_error stops at the first report.
# The stack is raised to 64 MiB for this run only: GCC's ASan makes sema's
# frames ~20 KiB, so the 400-level name-chain cap (E0109), 0.5 MiB in a
# normal build, would not fit in 8 MiB; the cap, not the stack, is what holds.
# The MPI test runs without leak detection: OpenMPI's runtime and the
# plugins it loads and unloads keep allocations to exit (LSan cannot even
# name their frames); ASan and UBSan still check it.
SANITIZE_ENV = ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
               UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
test-sanitize: deps
	@[ -f $(SANITIZE_BUILD)/build.ninja ] || cmake -S . -B $(SANITIZE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DSLUICE_SANITIZE=ON
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ulimit -s 65536 && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS) -E '^distributed\.mpi$$' && \
	  ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -R '^distributed\.mpi$$'

# The VS Code extension as a .vsix (editors/vscode/sluice-deal-language-VERSION.vsix):
# the one target that downloads, from the npm registry, the extension's
# client library (vscode-languageclient) and the packager (vsce 2, which runs
# on Debian 12's Node 18). `make test` tests the extension offline
# (tests/editors/vscode_extension_test.js) and never runs this.
# Debian's `npm` is installed only where no npm is found (a Node from
# elsewhere brings its own, which Debian's package would conflict with).
VSCE ?= @vscode/vsce@2
vsix:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="nodejs"
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory deps APT_PACKAGES="npm"
	cd editors/vscode && npm install --omit=dev --no-audit --no-fund && \
	  npx --yes $(VSCE) package --allow-missing-repository --skip-license

clean:
	rm -rf $(BUILD)
