#!/bin/sh
# `make check`: every test suite (unit, lab, data, ui, and system, which
# builds the Debian package and proves "Fix it" through pkexec and polkitd),
# then the unit and lab suites again under ASan+UBSan, the unit suite and the
# CLI under valgrind, 20 s of libFuzzer per parser, and the Windows build
# under Wine.  Exits non-zero if anything failed.
set -u
B=${1:-build}
cd "$(dirname "$0")/.." || exit 1
failed=""
times=""
begin=$(date +%s)

# Runs one step; its wall time goes to the summary at the end (the
# figures the README gives for a fresh clone come from it).
step () {
  name=$1
  shift
  printf '\n==> %s\n' "$name"
  start=$(date +%s)
  if ! "$@"; then
    failed="$failed\n  - $name"
  fi
  times="$times\n  $(( $(date +%s) - start )) s\t$name"
}

step "test suites (unit, lab, data, ui, system)" \
  meson test -C "$B" --print-errorlogs --num-processes 2

step "sanitizer build (ASan+UBSan)" sh -c '
  ./build-aux/configure.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dgui=false &&
  ninja -C build-asan'
# The Windows build's lab cases (suite wine) run in the Windows step.
# Leaks are judged by valgrind below (GLib keeps type data for the process'
# lifetime, which LeakSanitizer cannot tell from a leak).
step "unit and lab suites under ASan+UBSan" env \
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-asan --suite unit --suite lab --no-suite wine --print-errorlogs --num-processes 2

step "unit suite under valgrind" \
  meson test -C "$B" --suite unit --print-errorlogs --num-processes 2 --timeout-multiplier 10 \
    --wrap="valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$PWD/build-aux/valgrind.supp"

# The whole CLI diagnosis of this machine under valgrind.  The server is a
# private address that the probe refuses, so no datagram leaves the host.
step "teredo-doctor-cli diagnose under valgrind" sh -c '
  # Exit 0 or 1 is the verdict (healthy or not); 99 is valgrind finding an error.
  valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --show-possibly-lost=no --suppressions=build-aux/valgrind.supp \
    "$1/app/teredo-doctor-cli" diagnose --client-wait 0 --server 10.255.255.1 --format json \
    --only ipv6-stack,global-cloud,teredo-client,teredo-error,teredo-components,managed-network,ipv6-firewall,server-udp,nat-type \
    --output "$1/valgrind-diagnose.json"
  status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 1 ]' sh "$B"

step "fuzzing (20 s per target)" ./build-aux/fuzz.sh short

# Teredo Doctor built for Windows (mingw-w64, its dependency stack built
# from Debian's source packages once and cached) and run under Wine: the
# unit suite, the CLI beside the Linux one, the lab's NAT matrix, the GUI,
# the MSI (build-aux/windows/check.sh, also `make check-windows`).
step "Windows build under Wine (unit, CLI, lab, GUI, MSI)" \
  env TD_NATIVE_BUILD="$B" ./build-aux/windows/check.sh

printf '\nwall time of each step:%b\n  %d s\twhole make check (after the build)\n' \
  "$times" "$(( $(date +%s) - begin ))"
if [ -n "$failed" ]; then
  printf '\nmake check FAILED:%b\n' "$failed"
  exit 1
fi
printf '\nmake check: all steps passed.\n'
