#!/bin/sh
# Builds Teredo Doctor for Windows (x86_64, mingw-w64) and stages it with
# exactly the run-time files it needs; optionally packs the MSI.
#
#   app.sh [--msi] [--tests]
#
#   build-win/                 the cross build (meson, this tree)
#   build-win/staging/         bin/teredo-doctor.exe, bin/teredo-doctor-cli.exe,
#                              their DLLs, schemas, icons, fonts, translations,
#                              share/teredo-doctor/ (the help-desk batch file)
#   build-win/teredo-doctor-VERSION.msi   with --msi
#
# The dependency stack comes from deps.sh (built once, then cached).
# --tests also builds the unit suite for Windows, to run under Wine with
# `meson test -C build-win --suite unit` (the cross file's exe_wrapper).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
B=${TD_WIN_BUILD:-$top/build-win}
msi=0
tests=false
for arg in "$@"; do
  case "$arg" in
    --msi) msi=1 ;;
    --tests) tests=true ;;
    *) echo "usage: $0 [--msi] [--tests]" >&2; exit 2 ;;
  esac
done

# Where the sources the registry lacks are (json-glib's release), for deps.sh.
if [ -z "${TD_THIRD_PARTY_DIR:-}" ]; then
  TD_THIRD_PARTY_DIR=$("$here/find-third-party.sh")
  [ -n "$TD_THIRD_PARTY_DIR" ] && export TD_THIRD_PARTY_DIR
fi
"$here/install-tools.sh"
prefix=$("$here/deps.sh" | tail -n 1)
[ -d "$prefix" ] || { echo "app.sh: no dependency prefix ($prefix)" >&2; exit 1; }

mkdir -p "$B"
"$here/cross-file.sh" "$prefix" "$B/cross.ini"
if [ ! -f "$B/build.ninja" ]; then
  meson setup "$B" "$top" --cross-file "$B/cross.ini" -Dtests="$tests" -Dbuildtype=release
else
  meson configure "$B" -Dtests="$tests" >/dev/null
fi
ninja -C "$B"

staging="$B/staging"
rm -rf "$staging"
"$here/stage.sh" \
  --schema "$top/data/io.github.teredodoctor.TeredoDoctor.gschema.xml" \
  --locale "$B/po" \
  --font /usr/share/fonts/truetype/wqy/wqy-microhei.ttc \
  "$prefix" "$staging" "$B/app/teredo-doctor.exe" "$B/app/teredo-doctor-cli.exe"
mkdir -p "$staging/share/teredo-doctor"
cp "$top/data/teredo-doctor-collect.bat" "$staging/share/teredo-doctor/"
echo "app.sh: staged in $staging ($(du -sh "$staging" | cut -f1))"

if [ "$msi" -eq 1 ]; then
  version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" "$top/meson.build" | head -n 1)
  TD_MSI_VERSION=$version "$here/msi.sh" "$staging" "$B/teredo-doctor-$version.msi"
  echo "app.sh: $(ls -l "$B/teredo-doctor-$version.msi" | awk '{print $5}') bytes: $B/teredo-doctor-$version.msi"
fi
