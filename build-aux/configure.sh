#!/bin/sh
# Configures a meson build directory once; reconfigures only when needed.
set -eu
dir=${1:-build}
shift || true
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" "$@"
fi
