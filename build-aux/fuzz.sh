#!/bin/sh
# Builds the libFuzzer targets with clang and runs each over a scratch copy of
# its seed corpus: `short` = 20 s each (make check), `long` = 5 min (make fuzz).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-short}
case "$mode" in
  short) seconds=20 ;;
  long) seconds=300 ;;
  *) seconds=$mode ;;
esac

if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzzing=true -Dgui=false -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C build-fuzz >/dev/null

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
printf '%-14s %12s %10s %s\n' target executions corpus findings
for dir in tests/fuzz/corpus/*/; do
  name=$(basename "$dir")
  bin=build-fuzz/tests/fuzz/fuzz-$name
  [ -x "$bin" ] || { echo "fuzz: no target for corpus $name" >&2; status=1; continue; }
  mkdir -p "$scratch/$name" "$scratch/$name-artifacts"
  cp "$dir"* "$scratch/$name/" 2>/dev/null || true
  log=$scratch/$name.log
  if "$bin" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=1024 -timeout=10 \
       -artifact_prefix="$scratch/$name-artifacts/" "$scratch/$name" >"$log" 2>&1; then
    findings=none
  else
    findings="CRASH: $(ls "$scratch/$name-artifacts" | head -1)"
    tail -40 "$log" >&2
    status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  corpus=$(ls "$scratch/$name" | wc -l)
  printf '%-14s %12s %10s %s\n' "$name" "${execs:-?}" "$corpus" "$findings"
done
exit $status
