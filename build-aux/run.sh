#!/bin/sh
# `make run`: the GUI when there is a display, otherwise the command-line
# diagnosis of this machine.
set -eu
B=${1:-build}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/.."
export GSETTINGS_SCHEMA_DIR="$PWD/$B/data"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$B/app/teredo-doctor" ]; then
  exec "$B/app/teredo-doctor" "$@"
fi
echo "No display (neither DISPLAY nor WAYLAND_DISPLAY is set): running the command-line diagnosis."
echo
if "$B/app/teredo-doctor-cli" diagnose --help >/dev/null 2>&1; then
  exec "$B/app/teredo-doctor-cli" diagnose "$@"
fi
"$B/app/teredo-doctor-cli" host || true
echo
exec "$B/app/teredo-doctor-cli" probe "$@"
