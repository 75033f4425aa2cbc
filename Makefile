# Sluice: the two commands a new machine needs.
#   make run   installs what is missing, builds, runs the flagship example
#   make test  installs what is missing, builds, runs every test (ctest)
BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
FLAGSHIP = examples/gpu_lease_abs/gpu_lease_abs.deal
# Debian bookworm packages; nothing is downloaded from anywhere else.
APT_PACKAGES = g++ make cmake ninja-build pkg-config llvm-19-dev tao-pegtl-dev libfmt-dev libcli11-dev catch2 nlohmann-json3-dev librandom123-dev nodejs vim chromium

.PHONY: all deps configure build run test bench clean

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

# Benchmarks: every engine on one deal in one process (tests/bench/, docs/bench.md).
bench: build
	cmake --build $(BUILD) -j $(JOBS) --target sluice_bench
	./$(BUILD)/tests/bench/sluice_bench --json tests/bench/results.json

clean:
	rm -rf $(BUILD)
