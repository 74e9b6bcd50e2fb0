#!/bin/bash
# `make check-windows`: Teredo Doctor built for Windows and exercised under
# Wine (real Win32 code paths: CreateProcess, OEM code pages, Winsock, the
# registry, the installer).  Prints one line per check and "N passed, M
# failed"; exits non-zero when anything failed.
#
#   1. the cross build with its unit suite, staged, packed as an MSI
#   2. the unit suite under Wine (meson's exe_wrapper)
#   3. the CLI from the staging folder: --version, fix --list, a probe
#   4. the MSI: silent install, the installed CLI runs, the uninstall entry,
#      silent uninstall leaving nothing behind
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
B=${TD_WIN_BUILD:-$top/build-win}
passed=0
failed=0

check () {
  # check NAME STATUS DETAIL
  if [ "$2" = 0 ]; then
    passed=$((passed + 1))
    printf 'ok     %-22s %s\n' "$1" "$3"
  else
    failed=$((failed + 1))
    printf 'FAILED %-22s %s\n' "$1" "$3"
  fi
}

start=$(date +%s)
"$here/app.sh" --msi --tests
check build "$?" "cross build, staging and MSI in $(( $(date +%s) - start )) s"
prefix=$("$here/deps.sh" --print-prefix)
export TD_WIN_PREFIX=$prefix
cache=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}

# Wine starts its helpers (wineserver, the desktop) with the pipes of the
# program that needed them first, which would hold `meson test` open: start
# them here, detached.
wp=${TD_WINEPREFIX:-$cache/wineprefix}
WINEPREFIX=$wp wineserver -p </dev/null >/dev/null 2>&1 || true
WINEPREFIX=$wp WINEDEBUG=-all wine explorer.exe /desktop=td-check,800x600 </dev/null >/dev/null 2>&1 &

start=$(date +%s)
meson test -C "$B" --suite unit --print-errorlogs --num-processes 2 --timeout-multiplier 4 \
  > "$B/wine-unit.log" 2>&1
status=$?
summary=$(grep -E '^(Ok|Fail|Skipped):' "$B/wine-unit.log" | tr -s ' \n' ' ')
check unit-under-wine "$status" "$summary in $(( $(date +%s) - start )) s (log: $B/wine-unit.log)"

cli="$B/staging/bin/teredo-doctor-cli.exe"
out=$("$here/wine-run.sh" "$cli" --version 2>&1)
check cli-version "$?" "$(echo "$out" | tail -n 1)"
out=$("$here/wine-run.sh" "$cli" fix --list 2>&1)
status=$?
echo "$out" | grep -q 'teredo-enterpriseclient'
check cli-fix-list "$((status || $?))" "$(echo "$out" | wc -l) fixes listed"
# A private server address: refused before any datagram leaves.
out=$("$here/wine-run.sh" "$cli" probe 10.255.255.1 --json 2>&1)
echo "$out" | grep -q '"not-global"'
check cli-probe-refusal "$?" "probe 10.255.255.1: $(echo "$out" | grep -o '"code" : "[a-z-]*"' | head -n 1)"

msi=$(ls "$B"/teredo-doctor-*.msi 2>/dev/null | head -n 1)
if [ -n "$msi" ]; then
  wp=$cache/wineprefix-msi-$$
  export TD_WINEPREFIX=$wp
  export TD_WIN_PREFIX=/nonexistent   # nothing of the build on the Wine PATH
  winmsi="Z:$(echo "$msi" | tr '/' '\\')"
  pf="$wp/drive_c/Program Files/Teredo Doctor"
  "$here/wine-run.sh" msiexec /i "$winmsi" /qn
  status=$?
  [ "$status" = 0 ] && [ -f "$pf/bin/teredo-doctor.exe" ] && [ -f "$pf/bin/teredo-doctor-cli.exe" ]
  check msi-install "$?" "msiexec /i /qn exit $status; $(find "$pf" -type f 2>/dev/null | wc -l) files"
  out=$("$here/wine-run.sh" 'C:\Program Files\Teredo Doctor\bin\teredo-doctor-cli.exe' --version 2>&1)
  check msi-installed-cli "$?" "$(echo "$out" | tail -n 1)"
  lnk=$(find "$wp/drive_c" -name 'Teredo Doctor.lnk' | head -n 1)
  check msi-shortcut "$([ -n "$lnk" ]; echo $?)" "${lnk#$wp/}"
  "$here/wine-run.sh" msiexec /x "$winmsi" /qn
  status=$?
  left=$(find "$pf" 2>/dev/null | wc -l)
  check msi-uninstall "$([ "$status" = 0 ] && [ "$left" = 0 ]; echo $?)" \
    "msiexec /x /qn exit $status; $left paths left"
  WINEPREFIX=$wp wineserver -k 2>/dev/null || true
  WINEPREFIX=$wp wineserver -w 2>/dev/null || true
  rm -rf "$wp" "$wp.lock"
  check msi-size 0 "$(ls -l "$msi" | awk '{print $5}') bytes"
else
  check msi-install 1 "no MSI was built"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
