#!/bin/sh
# Cross-builds the smoke programs against the dependency prefix.
#
#   smoke/build.sh [BUILDDIR]     (default <cache root>/smoke-build)
#
# TD_WIN_PREFIX: the prefix (default: what ../deps.sh --print-prefix names).
# Prints the build directory; the .exe files are in it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}
prefix=${TD_WIN_PREFIX:-$("$here/../deps.sh" --print-prefix)} ||
  { echo "smoke/build.sh: run ../deps.sh first" >&2; exit 1; }
out=${1:-$cache/smoke-build}
mkdir -p "$out"
sh "$here/../cross-file.sh" "$prefix" "$out/cross.ini"
if [ -f "$out/build.ninja" ]; then
  meson setup --reconfigure "$out" "$here" --cross-file "$out/cross.ini" >/dev/null
else
  meson setup "$out" "$here" --cross-file "$out/cross.ini" --buildtype=release >/dev/null
fi
ninja -C "$out" >/dev/null
echo "$out"
