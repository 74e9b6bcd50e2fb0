#!/bin/bash
# `make deb`: builds the Debian package teredo-doctor with the ordinary
# Debian tools (dpkg-buildpackage, debhelper's dh with the meson build
# system) in a temporary tree — the project's files plus this folder as
# debian/ — so the repository keeps no top-level debian/.  Then lintian
# (errors and warnings fail; the package's overrides say why each remaining
# tag is fine).  Prints the path of the .deb.
#
#   build-aux/debian/build.sh [OUTPUT_DIR]     (default: build-deb)
#
# The tree is the working tree as it is (tracked files and new files git
# does not ignore), not HEAD: what `make check` tests is what is packaged.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
out=${1:-build-deb}
case "$out" in /*) ;; *) out="$root/$out" ;; esac

fail () {
  echo "make deb: $*" >&2
  exit 1
}

for tool in dpkg-buildpackage dpkg-parsechangelog dh lintian; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "$tool is missing (run build-aux/install-deps.sh as root: dpkg-dev, debhelper, lintian)"
done

version=$(sed -n "s/^  version: '\\([^']*\\)',\$/\\1/p" meson.build | head -1)
[ -n "$version" ] || fail "no version: found in meson.build"
deb_version=$(dpkg-parsechangelog -l build-aux/debian/changelog -S Version)
[ "$deb_version" = "$version" ] ||
  fail "build-aux/debian/changelog is at $deb_version but meson.build at $version: add a changelog entry (dch -c build-aux/debian/changelog -v $version)"
arch=$(dpkg --print-architecture)
deb_name="teredo-doctor_${version}_${arch}.deb"

start=$(date +%s%N)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/td-deb-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
tree="$scratch/teredo-doctor-$version"
mkdir -p "$tree"

# The source: every file git knows or would add, as it is now.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do
      [ -e "$file" ] || [ -L "$file" ] || continue   # deleted, not yet committed
      case "$file" in debian/*) continue ;; esac
      printf '%s\0' "$file"
    done | tar --null --no-recursion -T - -cf - | tar -xf - -C "$tree"
else
  tar --exclude='./build*' --exclude='./_build*' --exclude='./debian' -cf - . |
    tar -xf - -C "$tree"
fi
cp -r build-aux/debian "$tree/debian"
rm -f "$tree/debian/build.sh"

echo "make deb: building $deb_name in $tree"
(
  cd "$tree"
  # Binary package only, unsigned, no -dbgsym package; tests are off in
  # debian/rules.
  DEB_BUILD_OPTIONS="parallel=$(nproc) nocheck noautodbgsym" \
    dpkg-buildpackage --build=binary --no-sign -j"$(nproc)"
) > "$scratch/build.log" 2>&1 || {
  tail -60 "$scratch/build.log" >&2
  fail "dpkg-buildpackage failed (last lines above)"
}

mkdir -p "$out"
changes=$(ls "$scratch"/teredo-doctor_"${version}"_*.changes)
for f in "$scratch"/teredo-doctor_"${version}"_*; do
  [ -f "$f" ] && mv -f "$f" "$out/"
done
cp "$scratch/build.log" "$out/build.log"
built=$(date +%s%N)

# lintian: any error or warning that no override explains fails the build.
echo "make deb: lintian"
if ! lintian --fail-on error,warning --info --show-overrides "$out/$(basename "$changes")" \
     > "$out/lintian.log" 2>&1; then
  cat "$out/lintian.log" >&2
  fail "lintian found errors or warnings (see $out/lintian.log)"
fi
cat "$out/lintian.log"
done_at=$(date +%s%N)

size=$(stat -c %s "$out/$deb_name")
ms () { echo $(( ($2 - $1) / 1000000 )); }
printf 'make deb: package built in %s ms, lintian %s ms; %s bytes\n' \
  "$(ms "$start" "$built")" "$(ms "$built" "$done_at")" "$size"
echo "$out/$deb_name"
