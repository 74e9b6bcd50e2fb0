# Teredo Doctor — the two commands: `make run` and `make check`.
BUILD ?= build
MESON_SETUP = meson setup --wipe

.PHONY: all deps build run check fuzz bench clean

all: build

deps:
	@./build-aux/install-deps.sh

build: deps
	@./build-aux/configure.sh $(BUILD)
	@ninja -C $(BUILD)

run: build
	@./build-aux/run.sh $(BUILD)

check: build
	@./build-aux/check.sh $(BUILD)

fuzz: deps
	@./build-aux/fuzz.sh long

bench: build
	@meson test -C $(BUILD) --benchmark --print-errorlogs --timeout-multiplier 4

clean:
	rm -rf build build-asan build-fuzz
