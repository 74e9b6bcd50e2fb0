#!/bin/bash
# Builds, stages and runs the Windows smoke programs under Wine; optionally
# the network-namespace test and the MSI round trip.
#
#   smoke/run.sh [cli] [gtk] [netns] [msi]     (default: cli gtk msi)
#
# Output goes to ${TD_SMOKE_OUT:-<cache root>/smoke}: stage-cli/, stage-gtk/,
# smoke-gtk.png (screenshot), report.pdf, smoke.msi, logs.  Ends with
# "N passed, N failed"; exit 1 on a failure.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
win=$(cd "$here/.." && pwd)
cache=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}
out=${TD_SMOKE_OUT:-$cache/smoke}
parts=${*:-cli gtk msi}
prefix=$("$win/deps.sh" --print-prefix) || { echo "smoke: run deps.sh first" >&2; exit 1; }
mkdir -p "$out"
passed=0
failed=0

check() { # name status detail
  if [ "$2" = 0 ]; then
    echo "ok - $1: $3"; passed=$((passed + 1))
  else
    echo "not ok - $1: $3"; failed=$((failed + 1))
  fi
}
count_tap() { # file: add its "ok"/"not ok" lines to the totals
  local p f
  p=$(grep -c '^ok ' "$1" || true)
  f=$(grep -c '^not ok ' "$1" || true)
  passed=$((passed + p)); failed=$((failed + f))
}

build=$(TD_WIN_PREFIX=$prefix "$here/build.sh" "$out/build")
echo "smoke: built in $build"

# ---------------------------------------------------------------- CLI ---
if [[ " $parts " == *" cli "* || " $parts " == *" netns "* ]]; then
  rm -rf "$out/stage-cli"
  "$win/stage.sh" --languages "de fr zh_CN" "$prefix" "$out/stage-cli" \
    "$build/smoke-cli.exe" "$build/smoke-child.exe" | tee "$out/stage-cli.log"
fi
if [[ " $parts " == *" cli "* ]]; then
  cli=$out/stage-cli/bin/smoke-cli.exe
  export TD_WIN_PREFIX=$out/stage-cli    # only the staged DLLs
  for lang in C.UTF-8 de_DE.UTF-8 zh_CN.UTF-8; do
    echo "== smoke-cli, LANG=$lang"
    set +e
    LANG=$lang LC_ALL= "$win/wine-run.sh" "$cli" > "$out/cli-$lang.log" 2>&1
    set -e
    sed 's/^/  /' "$out/cli-$lang.log"
    count_tap "$out/cli-$lang.log"
  done
  "$win/wine-run.sh" "$cli" --pdf "$out/report.pdf" > /dev/null 2>&1 || true
  if command -v pdftotext >/dev/null 2>&1; then
    text=$(pdftotext "$out/report.pdf" - 2>/dev/null || true)
    fonts=$(pdffonts "$out/report.pdf" 2>/dev/null | sed -n '3,$p' | awk '{print $1}' | tr '\n' ' ')
    check pdf-text "$(echo "$text" | grep -q 'état Grüße'; echo $?)" \
      "pdftotext: \"$(echo "$text" | head -1)\"; fonts: $fonts"
  fi
  unset TD_WIN_PREFIX
fi

# ---------------------------------------------------------------- GTK ---
if [[ " $parts " == *" gtk "* || " $parts " == *" msi "* ]]; then
  rm -rf "$out/stage-gtk"
  cjk=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc   # fonts-wqy-microhei
  "$win/stage.sh" --languages "de fr zh_CN" \
    $([ -f "$cjk" ] && [ -z "${TD_SMOKE_NO_CJK:-}" ] && echo "--font $cjk") "$prefix" "$out/stage-gtk" \
    "$build/smoke-gtk.exe" "$build/smoke-cli.exe" "$build/smoke-child.exe" | tee "$out/stage-gtk.log"
fi
if [[ " $parts " == *" gtk "* ]]; then
  shot=$out/smoke-gtk.png
  rm -f "$shot"
  cat > "$out/gtk-run.sh" <<EOF
#!/bin/sh
# runs inside xvfb-run
TD_WIN_PREFIX="$out/stage-gtk" GSK_RENDERER=cairo SMOKE_QUIT_AFTER=60 \\
  "$win/wine-run.sh" "$out/stage-gtk/bin/smoke-gtk.exe" > "$out/gtk.log" 2>&1 &
pid=\$!
i=0
while [ \$i -lt 90 ]; do
  if xwininfo -root -tree 2>/dev/null | grep -q 'Teredo Doctor smoke test'; then break; fi
  sleep 1; i=\$((i + 1))
done
sleep 4
import -window root "$shot"
kill \$pid 2>/dev/null
wait \$pid 2>/dev/null
exit 0
EOF
  chmod +x "$out/gtk-run.sh"
  start=$(date +%s)
  xvfb-run -a -s "-screen 0 1024x768x24" "$out/gtk-run.sh" || true
  sed 's/^/  /' "$out/gtk.log" | grep -v '^  *$' | head -20
  info=$(grep 'smoke-gtk: font map' "$out/gtk.log" || true)
  check gtk-window "$([ -s "$shot" ] && [ -n "$info" ]; echo $?)" \
    "screenshot $shot after $(( $(date +%s) - start )) s; ${info:-no window}"
  check gtk-glyphs "$(echo "$info" | grep -q 'unknown glyphs 0,'; echo $?)" \
    "every glyph of the Latin test text found"
  if [ -f "$out/stage-gtk/share/fonts/wqy-microhei.ttc" ]; then
    check gtk-cjk-glyphs "$(echo "$info" | grep -q 'unknown CJK glyphs 0'; echo $?)" \
      "every glyph of the Chinese test text found (staged wqy-microhei)"
  fi
fi

# -------------------------------------------------------------- netns ---
if [[ " $parts " == *" netns "* ]]; then
  set +e
  TD_WIN_PREFIX=$out/stage-cli "$here/netns-test.sh" "$out/stage-cli/bin/smoke-cli.exe" \
    > "$out/netns.log" 2>&1
  set -e
  sed 's/^/  /' "$out/netns.log"
  count_tap "$out/netns.log"
fi

# ---------------------------------------------------------------- MSI ---
if [[ " $parts " == *" msi "* ]]; then
  msi=$out/smoke.msi
  TD_MSI_EXE=bin/smoke-gtk.exe TD_MSI_NAME="Teredo Doctor Smoke" "$win/msi.sh" \
    "$out/stage-gtk" "$msi"
  staged=$(find "$out/stage-gtk" -type f | wc -l)
  inmsi=$(msiinfo export "$msi" File | tail -n +4 | wc -l)
  check msi-files "$([ "$staged" = "$inmsi" ]; echo $?)" "$inmsi files in the MSI, $staged staged"
  wp=$cache/wineprefix-msi-$$
  export TD_WINEPREFIX=$wp
  export TD_WIN_PREFIX=/nonexistent   # nothing from the build on the Wine PATH
  winmsi="Z:$(echo "$msi" | tr '/' '\\')"
  pf="$wp/drive_c/Program Files/Teredo Doctor Smoke"
  set +e
  "$win/wine-run.sh" msiexec /i "$winmsi" /qn; rc=$?
  set -e
  check msi-install "$([ "$rc" = 0 ] && [ -f "$pf/bin/smoke-gtk.exe" ]; echo $?)" \
    "msiexec /i /qn exit $rc; $(find "$pf" -type f 2>/dev/null | wc -l) files in Program Files"
  lnk=$(find "$wp/drive_c" -name 'Teredo Doctor Smoke.lnk' | head -1)
  check msi-shortcut "$([ -n "$lnk" ]; echo $?)" "${lnk#$wp/}"
  set +e
  run_out=$("$win/wine-run.sh" 'C:\Program Files\Teredo Doctor Smoke\bin\smoke-cli.exe' json pdf 2>&1)
  rc=$?
  set -e
  check msi-installed-runs "$rc" "installed smoke-cli.exe: $(echo "$run_out" | tail -1)"
  arp=$("$win/wine-run.sh" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
        grep -a -E 'DisplayName|Publisher|DisplayVersion' | grep -a -A2 'Teredo Doctor Smoke' | tr -s ' \r\n' ' ')
  check msi-arp "$([ -n "$arp" ]; echo $?)" "uninstall entry: $arp"
  set +e
  "$win/wine-run.sh" msiexec /x "$winmsi" /qn; rc=$?
  set -e
  left=$(find "$pf" 2>/dev/null | wc -l)
  lnk_left=$(find "$wp/drive_c" -name 'Teredo Doctor Smoke.lnk' | wc -l)
  check msi-uninstall "$([ "$rc" = 0 ] && [ "$left" = 0 ] && [ "$lnk_left" = 0 ]; echo $?)" \
    "msiexec /x /qn exit $rc; $left paths left in Program Files, $lnk_left shortcuts left"
  WINEPREFIX=$wp wineserver -k 2>/dev/null || true
  WINEPREFIX=$wp wineserver -w 2>/dev/null || true
  rm -rf "$wp" "$wp.lock"
  unset TD_WINEPREFIX TD_WIN_PREFIX
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
