# Teredo Doctor — the two commands: `make run` and `make check`.
BUILD ?= build
MESON_SETUP = meson setup --wipe

# `make install`: its own build directory, configured for PREFIX (the
# installed GUI elevates PREFIX/bin/teredo-doctor-cli, which the polkit
# policy names); DESTDIR stages the files elsewhere, as `meson install` does.
PREFIX ?= /usr/local
INSTALL_BUILD ?= build-install
# `make deb`: where the package goes.
DEB_OUT ?= build-deb

.PHONY: all deps build run check fuzz bench deb install windows msi check-windows clean

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

deb: deps
	@./build-aux/debian/build.sh $(DEB_OUT)

install: deps
	@if [ -f $(INSTALL_BUILD)/build.ninja ]; then \
	  meson configure $(INSTALL_BUILD) --prefix=$(PREFIX) >/dev/null; \
	else \
	  meson setup $(INSTALL_BUILD) --prefix=$(PREFIX) -Dtests=false -Dwerror=false; \
	fi
	@ninja -C $(INSTALL_BUILD)
	@meson install -C $(INSTALL_BUILD) --no-rebuild $(if $(DESTDIR),--destdir $(DESTDIR))

# Windows (x86_64): the dependency stack from Debian's source packages
# (cached after the first build), the cross build, the staging folder
# build-win/staging, the MSI, and the Windows suites under Wine.
windows:
	@./build-aux/windows/app.sh

msi:
	@./build-aux/windows/app.sh --msi

check-windows: build
	@TD_NATIVE_BUILD=$(BUILD) ./build-aux/windows/check.sh

clean:
	rm -rf build build-asan build-fuzz build-deb build-install build-win
