#!/bin/sh
# Installs the Debian 12 packages needed to cross-build Teredo Doctor's
# Windows dependency stack, run Windows programs under Wine (with Xvfb) and
# build MSI packages.  Only missing packages are installed, without
# questions; the machine's apt configuration is not changed.  Safe to run
# again.
set -eu

PACKAGES="
gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64-tools binutils-mingw-w64-x86-64
meson ninja-build pkg-config cmake make gcc libc6-dev
dpkg-dev xz-utils ca-certificates curl
libglib2.0-dev-bin python3 python3-packaging
sassc tcl gettext publicsuffix gperf
wine64 wine
msitools wixl wixl-data uuid-runtime cpio
xvfb xauth imagemagick x11-utils locales poppler-utils
fonts-cantarell fonts-dejavu-core fonts-wqy-microhei adwaita-icon-theme hicolor-icon-theme
iproute2
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-tools: missing packages:$missing" >&2
  echo "install-tools: run as root (or: sudo apt-get install$missing)" >&2
  exit 1
fi

echo "install-tools: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Another apt (a second `make` running) holds the lock for a while: wait for it.
apt-get -o DPkg::Lock::Timeout=900 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing
