#!/bin/bash
# The Windows suites, run by `make check-windows`: Teredo Doctor built for Windows and exercised under
# Wine (real Win32 code paths: CreateProcess, OEM code pages, Winsock, the
# registry, the installer).  Prints one line per check and "N passed, M
# failed"; exits non-zero when anything failed.  The figures (each phase's
# wall time, Linux next to Windows) also go to $B/windows-figures.txt.
#
#   1. the dependency stack (deps.sh: cold, or cached) and the cross build
#      with its tests, staged, packed as an MSI
#   2. the unit suite under Wine (meson's exe_wrapper)
#   3. the staged CLI: --version, fix --list, a refused probe, and
#      `diagnose` of the same fake Windows (English, and zh-CN with OEM code
#      page 936) by the Linux and the Windows CLI: same verdict, both timed
#   4. the lab (root): the Windows CLI's probe under Wine through the lab's
#      NATs against the real miredo-server, answer for answer against the
#      Linux CLI (tests/lab/test-lab-windows.c, needs the native build)
#   5. the GUI under Wine on Xvfb (the Windows build's ui suite)
#   6. the MSI: its file list against the staging folder, a silent install,
#      the installed tree, the installed CLI, the Start-menu shortcut, a
#      silent uninstall leaving nothing behind
#
# Environment: TD_WIN_BUILD (default build-win), TD_NATIVE_BUILD (the Linux
# build whose lab suite runs step 4; default build), CI (when "true", a
# step that cannot run here is a failure, never a skip).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
B=${TD_WIN_BUILD:-$top/build-win}
NATIVE=${TD_NATIVE_BUILD:-$top/build}
case "$NATIVE" in /*) ;; *) NATIVE=$top/$NATIVE ;; esac
cache=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}
passed=0
failed=0
mkdir -p "$B"
figures=$B/windows-figures.txt
: > "$figures"

check () {
  # check NAME STATUS DETAIL
  if [ "$2" = 0 ]; then
    passed=$((passed + 1))
    printf 'ok     %-24s %s\n' "$1" "$3"
  else
    failed=$((failed + 1))
    printf 'FAILED %-24s %s\n' "$1" "$3"
  fi
}

figure () {
  echo "$*" >> "$figures"
}

# The project's version, as meson read it.
td_version () {
  meson introspect "$B" --projectinfo |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'
}

# Milliseconds since the epoch.
now_ms () {
  echo $(( $(date +%s%N) / 1000000 ))
}

# A step that cannot run here: skipped, or failed under CI.
cannot_run () {
  # cannot_run NAME REASON
  if [ "${CI:-}" = true ]; then
    check "$1" 1 "cannot run (CI=true): $2"
  else
    printf 'skip   %-24s %s\n' "$1" "$2"
  fi
}

# Median of the numbers on standard input.
median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------- build ---
"$here/install-tools.sh" || { check tools 1 "install-tools.sh failed"; echo "$passed passed, $failed failed"; exit 1; }
# Where the sources the registry lacks are (json-glib's release), for deps.sh.
if [ -z "${TD_THIRD_PARTY_DIR:-}" ]; then
  TD_THIRD_PARTY_DIR=$("$here/find-third-party.sh")
  [ -n "$TD_THIRD_PARTY_DIR" ] && export TD_THIRD_PARTY_DIR
fi
start=$(date +%s)
if "$here/deps.sh" --print-prefix > /dev/null 2>&1; then
  deps_state=cached
else
  deps_state=cold
fi
"$here/deps.sh" > "$B/deps.log" 2>&1
status=$?
deps_s=$(( $(date +%s) - start ))
check deps "$status" "dependency stack ($deps_state) in $deps_s s (log: $B/deps.log)"
figure "deps $deps_state ${deps_s}s"
[ "$status" = 0 ] || { tail -n 30 "$B/deps.log"; echo "$passed passed, $failed failed"; exit 1; }

# One Wine prefix for the whole run (the cross file's exe_wrapper keeps it).
wp=${TD_WINEPREFIX:-$cache/wineprefix}
export TD_WINEPREFIX=$wp
start=$(date +%s)
"$here/app.sh" --msi --tests > "$B/app.log" 2>&1
status=$?
build_s=$(( $(date +%s) - start ))
check build "$status" "cross build, staging and MSI in $build_s s (log: $B/app.log)"
figure "build ${build_s}s"
[ "$status" = 0 ] || { tail -n 30 "$B/app.log"; echo "$passed passed, $failed failed"; exit 1; }
prefix=$("$here/deps.sh" --print-prefix)
export TD_WIN_PREFIX=$prefix
staging=$B/staging
cli=$staging/bin/teredo-doctor-cli.exe
figure "staging $(du -sb "$staging" | cut -f1) bytes"

# Each program's resources: the icon, the version information (UTF-16 in
# the file) and the asInvoker manifest.
for exe in teredo-doctor teredo-doctor-cli; do
  f=$staging/bin/$exe.exe
  icons=$(x86_64-w64-mingw32-windres -i "$f" -O rc 2>/dev/null | grep -c 'RT_ICON \*/')
  strings -el "$f" | grep -qx "$exe.exe" && strings -el "$f" | grep -qx "$(td_version)" &&
    grep -q 'level="asInvoker"' "$f" && [ "$icons" -ge 2 ]
  check "resources-$exe" "$?" "$icons icon images, version $(td_version), asInvoker manifest"
done

# Wine starts its helpers (wineserver, the desktop) with the pipes of the
# program that needed them first, which would hold `meson test` open: start
# them here, detached.  The first Wine program makes the prefix.
start_wine () {
  # start_wine DESKTOP-SIZE
  # A server that a program started ends moments after the last program,
  # and the next program would start a new one with meson's pipes: so a
  # persistent server, started once the prefix exists (the first run makes
  # it) and no other server runs, then a program to start Wine's services.
  # A server left by an earlier run (a persistent one never ends by
  # itself) is stopped first.
  "$here/wine-run.sh" cmd /c exit 0 </dev/null >/dev/null 2>&1 || true
  WINEPREFIX=$wp wineserver -k 2>/dev/null || true
  WINEPREFIX=$wp wineserver -w 2>/dev/null || true
  WINEPREFIX=$wp wineserver -p </dev/null >/dev/null 2>&1 || true
  "$here/wine-run.sh" cmd /c exit 0 </dev/null >/dev/null 2>&1 || true
  WINEPREFIX=$wp WINEDEBUG=-all wine explorer.exe /desktop=td-check,"$1" </dev/null >/dev/null 2>&1 &
}
stop_wine () {
  WINEPREFIX=$wp wineserver -k 2>/dev/null || true
  WINEPREFIX=$wp wineserver -w 2>/dev/null || true
}
start_wine 800x600

# ----------------------------------------------------------- unit suite ---
# Each test writes to files that the wrapper replays (TD_WINE_OUTPUT_FILES):
# a console host Wine starts for a program a test spawns can outlive it, and
# must not hold meson's pipe.
start=$(date +%s)
TD_WINE_OUTPUT_FILES=1 \
  meson test -C "$B" --suite unit --print-errorlogs --num-processes 2 --timeout-multiplier 4 \
  > "$B/wine-unit.log" 2>&1
status=$?
unit_s=$(( $(date +%s) - start ))
# The later steps' meson runs overwrite meson-logs: the TAP of this one kept.
cp "$B/meson-logs/testlog.txt" "$B/wine-unit-testlog.txt" 2>/dev/null
summary=$(grep -E '^(Ok|Fail|Skipped):' "$B/wine-unit.log" | tr -s ' \n' ' ')
subtests=$(grep -hcE '^ok [0-9]' "$B/wine-unit-testlog.txt" 2>/dev/null)
skipped=$(grep -hcE '^ok [0-9].*# SKIP' "$B/wine-unit-testlog.txt" 2>/dev/null)
check unit-under-wine "$status" \
  "$summary; $subtests subtests ok ($skipped of them skipped) in $unit_s s (log: $B/wine-unit.log)"
[ "$status" = 0 ] || grep -E '^(not ok|# )' "$B/wine-unit-testlog.txt" | grep -B12 -A8 '^not ok' | head -n 80
figure "unit-under-wine ${unit_s}s $summary; $subtests subtests ok, $skipped skipped"

# ------------------------------------------------------------------ CLI ---
out=$("$here/wine-run.sh" "$cli" --version 2>&1)
check cli-version "$?" "$(echo "$out" | tail -n 1)"
out=$("$here/wine-run.sh" "$cli" fix --list 2>&1)
status=$?
echo "$out" | grep -q 'teredo-enterpriseclient'
check cli-fix-list "$((status || $?))" "$(echo "$out" | wc -l) lines, teredo-enterpriseclient among them"
# A private server address: refused before any datagram leaves.
out=$("$here/wine-run.sh" "$cli" probe 10.255.255.1 --json 2>&1)
echo "$out" | grep -q '"not-global"'
check cli-probe-refusal "$?" "probe 10.255.255.1: $(echo "$out" | grep -o '"code" : "[a-z-]*"' | head -n 1)"

# `diagnose` of a fake Windows by both CLIs: the Linux one with the shell
# fakes on PATH (--platform windows), the Windows one under Wine with copies
# of fake-command.exe found through TD_COMMAND_PATH.  Only the host checks
# and a probe that refuses a private server: nothing leaves this machine.
only=ipv6-stack,global-cloud,teredo-client,teredo-error,teredo-components,managed-network,ipv6-firewall,server-udp,nat-type
fakes=$(mktemp -d)
for p in netsh ipconfig sc reg chcp; do
  cp "$B/tests/windows/fake-command.exe" "$fakes/$p.exe"
done
verdict_of () {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["verdict"]["code"])' "$1" 2>/dev/null
}
for run in "type-disabled en_US.UTF-8" "managed-zh-cn-cp936 zh_CN.UTF-8"; do
  set -- $run
  scenario=$top/tests/data/fake-windows/$1
  lin_ms=""
  win_ms=""
  for i in 1 2 3 4 5; do
    t0=$(now_ms)
    PATH=$scenario:$PATH "$NATIVE/app/teredo-doctor-cli" diagnose --platform windows --client-wait 0 \
      --server 10.255.255.1 --only "$only" --format json > "$B/diagnose-linux-$1.json" 2>/dev/null
    lin_ms="$lin_ms $(( $(now_ms) - t0 ))"
    t0=$(now_ms)
    LC_ALL=$2 TD_FAKE_SCENARIO=$scenario TD_COMMAND_PATH="Z:$(echo "$fakes" | tr '/' '\\')" \
      "$here/wine-run.sh" "$cli" diagnose --client-wait 0 --server 10.255.255.1 --only "$only" \
      --format json > "$B/diagnose-windows-$1.json" 2> "$B/diagnose-windows-$1.err"
    win_ms="$win_ms $(( $(now_ms) - t0 ))"
  done
  lin=$(verdict_of "$B/diagnose-linux-$1.json")
  win=$(verdict_of "$B/diagnose-windows-$1.json")
  lin_med=$(echo $lin_ms | tr ' ' '\n' | median)
  win_med=$(echo $win_ms | tr ' ' '\n' | median)
  check "cli-diagnose-$1" "$([ -n "$lin" ] && [ "$lin" = "$win" ]; echo $?)" \
    "verdict Linux $lin, Windows ($2) ${win:-none: $(tail -n 3 "$B/diagnose-windows-$1.err" | tr '\n' ' ')}; median of 5: Linux $lin_med ms, Windows under Wine $win_med ms"
  figure "diagnose $1 linux ${lin_med}ms windows-wine ${win_med}ms"
done
rm -rf "$fakes"

# ------------------------------------------------------------------ lab ---
if [ "$(id -u)" != 0 ]; then
  cannot_run lab-windows "the lab needs root (network namespaces)"
elif [ ! -f "$NATIVE/build.ninja" ]; then
  cannot_run lab-windows "no native build in $NATIVE (make build)"
else
  start=$(date +%s)
  TD_WIN_CLI=$cli TD_WINE_RUN=$here/wine-run.sh \
    meson test -C "$NATIVE" --setup windows --suite wine --print-errorlogs > "$B/wine-lab.log" 2>&1
  status=$?
  lab_s=$(( $(date +%s) - start ))
  cases=$(grep -cE '^ok [0-9]+ /lab/windows/' "$NATIVE/meson-logs/testlog-windows.txt" 2>/dev/null)
  check lab-windows "$status" "$cases NAT cases with the same answer as Linux in $lab_s s (log: $B/wine-lab.log)"
  [ "$status" = 0 ] || tail -n 60 "$B/wine-lab.log"
  grep -E '^# +(open|restricted|symmetric|cone|UDP|refused)' "$NATIVE/meson-logs/testlog-windows.txt" \
    2>/dev/null | sed 's/^# */probe /' >> "$figures"
fi

# ------------------------------------------------------------------- ui ---
if [ -z "$(meson test -C "$B" --suite ui --list 2>/dev/null | grep -v not-on-windows)" ]; then
  cannot_run ui-under-wine "the Windows build has no GUI test"
else
  # The window needs Wine on the X display of xvfb-run: the persistent
  # server is stopped, and the test starts Wine again on that display.  Not
  # start_wine here: the desktop process Wine starts for the test's window
  # inherits meson's pipes, and under a persistent server it never ends, so
  # meson would wait for it forever (measured); a server the test started
  # ends moments after the test, and the desktop with it.
  stop_wine
  start=$(date +%s)
  xvfb-run -a -s '-screen 0 1280x1024x24' \
    meson test -C "$B" --suite ui --print-errorlogs --timeout-multiplier 4 > "$B/wine-ui.log" 2>&1
  status=$?
  ui_s=$(( $(date +%s) - start ))
  summary=$(grep -E '^(Ok|Fail|Skipped):' "$B/wine-ui.log" | tr -s ' \n' ' ')
  check ui-under-wine "$status" "$summary in $ui_s s (log: $B/wine-ui.log)"
  [ "$status" = 0 ] || tail -n 40 "$B/wine-ui.log"
  figure "ui-under-wine ${ui_s}s"
fi

# ------------------------------------------------------------------ MSI ---
msi=$(ls "$B"/teredo-doctor-*.msi 2>/dev/null | head -n 1)
if [ -n "$msi" ]; then
  figure "msi $(stat -c %s "$msi") bytes"
  # The File table: one row per staged file, same name, same size.
  tree () { (cd "$1" && find . -type f -printf '%f %s\n' | LC_ALL=C sort); }
  msiinfo export "$msi" File | tail -n +4 |
    awk -F '\t' '{ n = $3; sub(/^[^|]*\|/, "", n); print n, $4 }' | LC_ALL=C sort > "$B/msi-files.txt"
  tree "$staging" > "$B/staging-files.txt"
  difference=$(diff "$B/staging-files.txt" "$B/msi-files.txt" | head -n 5 | tr '\n' ' ')
  check msi-file-list "$([ -z "$difference" ]; echo $?)" \
    "$(wc -l < "$B/msi-files.txt") files in the MSI, $(wc -l < "$B/staging-files.txt") staged${difference:+; differ: $difference}"
  # The shortcut's and "Apps & features"' icon: the GUI's own icon resource.
  # (msiinfo writes a table's binary streams to a folder in the current one.)
  streams=$(mktemp -d)
  (cd "$streams" && msiinfo export "$msi" Icon | grep -q '^AppIcon.exe' && test -s Icon/Icon.AppIcon.exe) &&
    msiinfo export "$msi" Property | grep -q "^ARPPRODUCTICON$(printf '\t')AppIcon.exe" &&
    msiinfo export "$msi" Shortcut | grep -q "$(printf '\t')AppIcon.exe$(printf '\t')"
  status=$?
  rm -rf "$streams"
  check msi-icon "$status" "Icon table, ARPPRODUCTICON and the shortcut name AppIcon.exe"

  start=$(date +%s)
  mwp=$cache/wineprefix-msi-$$
  pf="$mwp/drive_c/Program Files/Teredo Doctor"
  winmsi="Z:$(echo "$msi" | tr '/' '\\')"
  # Nothing of the build on the Wine PATH: the installed files alone.
  TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent "$here/wine-run.sh" msiexec /i "$winmsi" /qn
  status=$?
  [ "$status" = 0 ] && [ -f "$pf/bin/teredo-doctor.exe" ] && [ -f "$pf/bin/teredo-doctor-cli.exe" ]
  check msi-install "$?" "msiexec /i /qn exit $status; $(find "$pf" -type f 2>/dev/null | wc -l) files"
  relative_tree () { (cd "$1" && find . -type f -printf '%P %s\n' | LC_ALL=C sort); }
  difference=$(diff <(relative_tree "$staging") <(relative_tree "$pf" 2>/dev/null) | head -n 5 | tr '\n' ' ')
  check msi-installed-tree "$([ -z "$difference" ]; echo $?)" \
    "Program Files\\Teredo Doctor = the staging folder (paths and sizes)${difference:+; differ: $difference}"
  out=$(TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent \
        "$here/wine-run.sh" 'C:\Program Files\Teredo Doctor\bin\teredo-doctor-cli.exe' --version 2>&1)
  check msi-installed-cli "$?" "$(echo "$out" | tail -n 1)"
  # The installed GUI, with the installed files alone (its DLLs, schemas,
  # icons and fonts; the GUI test runs from the build tree instead): its
  # window appears on a private X display and it is still running a moment
  # later; no critical but the one pango logs under Wine at start-up.
  installed_gui () {
    TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent GSK_RENDERER=cairo \
      "$here/wine-run.sh" 'C:\Program Files\Teredo Doctor\bin\teredo-doctor.exe' > "$B/msi-gui.log" 2>&1 &
    pid=$!
    shown=""
    for second in $(seq 1 60); do
      sleep 1
      shown=$(xwininfo -root -tree | grep -o '"Teredo Doctor": ("teredo-doctor.exe"[^)]*)  [0-9]*x[0-9]*')
      [ -n "$shown" ] && break
      kill -0 "$pid" 2>/dev/null || break
    done
    sleep 3
    kill -0 "$pid" 2>/dev/null
    running=$?
    WINEPREFIX=$mwp wineserver -k 2>/dev/null
    wait "$pid" 2>/dev/null
    criticals=$(grep -E -- '-(CRITICAL|ERROR) \*\*' "$B/msi-gui.log" | grep -vc 'pango_font_description_to_string')
    echo "window ${shown:-not shown} after $second s; running a moment later: $([ "$running" = 0 ] && echo yes || echo no); $criticals unexpected criticals"
    [ -n "$shown" ] && [ "$running" = 0 ] && [ "$criticals" = 0 ]
  }
  # The server (and its desktop) that the installer and the CLI started
  # have no display: the GUI must start Wine anew on the Xvfb display.
  WINEPREFIX=$mwp wineserver -k 2>/dev/null || true
  WINEPREFIX=$mwp wineserver -w 2>/dev/null || true
  export mwp here B
  out=$(xvfb-run -a -s '-screen 0 1024x768x24' bash -c "$(declare -f installed_gui); installed_gui" 2>&1)
  check msi-installed-gui "$?" "$(echo "$out" | tail -n 1) (log: $B/msi-gui.log)"
  lnk=$(find "$mwp/drive_c" -name 'Teredo Doctor.lnk' | head -n 1)
  check msi-shortcut "$([ -n "$lnk" ]; echo $?)" "${lnk#"$mwp"/}"
  # What "Apps & features" lists: the product's Uninstall key, read with reg.exe.
  uninstall_entries () {
    TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent "$here/wine-run.sh" reg query \
      'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
      tr -d '\r' | grep -B3 -A12 'DisplayName.*Teredo Doctor' | grep -E 'DisplayName|UninstallString|DisplayVersion' |
      sed 's/^ *//; s/  */ /g' | tr '\n' ';'
  }
  entry=$(uninstall_entries)
  echo "$entry" | grep -q "DisplayVersion REG_SZ $(td_version);"
  check msi-uninstall-entry "$?" "${entry:-no Uninstall key names Teredo Doctor}"

  # A newer version replaces the installed one (MajorUpgrade: same
  # UpgradeCode), and the older one then refuses to install over it.
  version=$(td_version)
  next=$(echo "$version" | awk -F. 'BEGIN { OFS = "." } { $NF = $NF + 1; print }')
  updir=$(mktemp -d)
  TD_MSI_VERSION=$next "$here/msi.sh" "$staging" "$updir/teredo-doctor-$next.msi" > "$B/msi-upgrade.log" 2>&1
  winup="Z:$(echo "$updir/teredo-doctor-$next.msi" | tr '/' '\\')"
  TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent "$here/wine-run.sh" msiexec /i "$winup" /qn
  status=$?
  entry=$(uninstall_entries)
  entries=$(echo "$entry" | tr ';' '\n' | grep -c '^DisplayName ')
  difference=$(diff <(relative_tree "$staging") <(relative_tree "$pf" 2>/dev/null) | head -n 5 | tr '\n' ' ')
  [ "$status" = 0 ] && [ "$entries" = 1 ] && echo "$entry" | grep -q "DisplayVersion REG_SZ $next;" &&
    [ -z "$difference" ]
  check msi-upgrade "$?" "$version -> $next: msiexec /i exit $status; $entries uninstall entry: $entry${difference:+; tree differs: $difference}"
  TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent "$here/wine-run.sh" msiexec /i "$winmsi" /qn
  status=$?
  entry=$(uninstall_entries)
  # 1603, "fatal error during installation" (the downgrade message, an
  # error action), of which the shell sees the low byte, 67.
  [ "$status" = 67 ] && echo "$entry" | grep -q "DisplayVersion REG_SZ $next;" &&
    [ "$(echo "$entry" | tr ';' '\n' | grep -c '^DisplayName ')" = 1 ]
  check msi-downgrade-refused "$?" "$next installed, $version: msiexec /i exit $status (1603 & 0xff = 67 expected); $entry"

  TD_WINEPREFIX=$mwp TD_WIN_PREFIX=/nonexistent "$here/wine-run.sh" msiexec /x "$winup" /qn
  status=$?
  rm -rf "$updir"
  left=$(find "$pf" 2>/dev/null | wc -l)
  check msi-uninstall "$([ "$status" = 0 ] && [ "$left" = 0 ]; echo $?)" \
    "msiexec /x /qn exit $status; $left paths left"
  WINEPREFIX=$mwp wineserver -k 2>/dev/null || true
  WINEPREFIX=$mwp wineserver -w 2>/dev/null || true
  rm -rf "$mwp" "$mwp.lock"
  figure "msi-round-trip $(( $(date +%s) - start ))s"
else
  check msi-install 1 "no MSI was built"
fi

stop_wine
echo "figures ($figures):"
sed 's/^/  /' "$figures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
