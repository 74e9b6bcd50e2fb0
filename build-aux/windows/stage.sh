#!/bin/bash
# Stages Windows programs with exactly the run-time files they need:
#
#   stage.sh [OPTIONS] PREFIX STAGING PROGRAM.exe...
#
#   PREFIX    the dependency prefix (deps.sh prints it)
#   STAGING   the folder to fill (bin/, share/, etc/); made if missing
#
# Options (each may be repeated):
#   --schema FILE.gschema.xml  compile this schema with GTK's (and GLib's)
#   --locale DIR               app catalogs: DIR/<lang>/LC_MESSAGES/*.mo
#                              (e.g. a meson build's or an install's share/locale)
#   --languages "de fr zh_CN"  library catalogs to ship (default: the
#                              languages of the --locale catalogs, or all)
#   --icons all|none|FILE      symbolic icons to ship: all of Adwaita's
#                              (default when GTK is staged), none, or the
#                              icon names listed in FILE, one a line
#   --font FILE                ship one more font (e.g. a CJK font for the
#                              zh_CN translation when Windows has none, as
#                              under Wine: /usr/share/fonts/truetype/wqy/wqy-microhei.ttc)
#   --no-strip                 keep debug symbols
#
# What it copies: the programs into bin/, then every DLL they import,
# recursively (x86_64-w64-mingw32-objdump -p), found in PREFIX/bin or the
# mingw-w64 runtime folders; DLLs found nowhere are Windows' own and are
# listed as such.  GLib's gspawn helpers when GLib is used.  When GIO is
# used: share/glib-2.0/schemas (compiled).  When GTK is used: Adwaita's
# symbolic icons (pre-rendered .symbolic.png; no SVG loader is built) and
# hicolor's index.theme.  When pango is used: the fonts (Cantarell,
# DejaVu Sans) in share/fonts and etc/fonts/fonts.conf for fontconfig (see
# td-win32-fonts.c).  Translations of the staged libraries and the app.
# Files from a previous run that are no longer wanted are not removed:
# stage into a fresh folder for a release.
set -eu

HOST=x86_64-w64-mingw32
here=$(cd "$(dirname "$0")" && pwd)

schemas=()
locales=()
fonts=()
languages=""
icons=all
strip=1
while [ "$#" -gt 0 ]; do
  case "$1" in
    --schema) schemas+=("$2"); shift 2 ;;
    --locale) locales+=("$2"); shift 2 ;;
    --font) fonts+=("$2"); shift 2 ;;
    --languages) languages=$2; shift 2 ;;
    --icons) icons=$2; shift 2 ;;
    --no-strip) strip=0; shift ;;
    --) shift; break ;;
    -*) echo "stage: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ "$#" -lt 3 ]; then
  sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
prefix=$(cd "$1" && pwd)
staging=$2
shift 2
mkdir -p "$staging/bin"
staging=$(cd "$staging" && pwd)

# Where DLLs may come from, in order.
gccdir=$(dirname "$($HOST-gcc -print-libgcc-file-name)")
search="$prefix/bin $gccdir /usr/$HOST/lib /usr/$HOST/bin"

find_dll() { # name -> path (case-insensitive), or nothing
  local d f
  for d in $search; do
    [ -d "$d" ] || continue
    f=$(find "$d" -maxdepth 1 -iname "$1" -print -quit 2>/dev/null)
    if [ -n "$f" ]; then
      echo "$f"
      return 0
    fi
  done
  return 1
}

imports() { # file -> DLL names it imports
  $HOST-objdump -p "$1" | sed -n 's/^[[:space:]]*DLL Name: //p'
}

copy_bin() { # src -> staging/bin, stripped
  local dst=$staging/bin/$(basename "$1")
  cp -f "$1" "$dst"
  chmod 755 "$dst"
  if [ "$strip" = 1 ]; then
    $HOST-strip --strip-unneeded "$dst" 2>/dev/null || true
  fi
}

declare -A seen=()
system_dlls=""
queue=()
for exe in "$@"; do
  [ -f "$exe" ] || { echo "stage: no such program: $exe" >&2; exit 1; }
  copy_bin "$exe"
  queue+=("$exe")
done
# GLib spawns through helper programs that must sit next to its DLL.
add_glib_helpers() {
  local h
  for h in gspawn-win64-helper.exe gspawn-win64-helper-console.exe; do
    if [ -f "$prefix/bin/$h" ] && [ -z "${seen[$h]:-}" ]; then
      seen[$h]=1
      copy_bin "$prefix/bin/$h"
      queue+=("$prefix/bin/$h")
    fi
  done
}

while [ "${#queue[@]}" -gt 0 ]; do
  file=${queue[0]}
  queue=("${queue[@]:1}")
  for dll in $(imports "$file"); do
    key=$(echo "$dll" | tr 'A-Z' 'a-z')
    [ -n "${seen[$key]:-}" ] && continue
    seen[$key]=1
    if path=$(find_dll "$dll"); then
      copy_bin "$path"
      queue+=("$path")
      case "$key" in libglib-2.0-0.dll) add_glib_helpers ;; esac
    else
      system_dlls="$system_dlls $dll"
    fi
  done
done

has() { [ -f "$staging/bin/$1" ]; }

# ------------------------------------------------------------ schemas ---
if has libgio-2.0-0.dll; then
  sdir=$staging/share/glib-2.0/schemas
  mkdir -p "$sdir"
  if has libgtk-4-1.dll; then   # GTK's own (libadwaita needs a schema source)
    for f in "$prefix"/share/glib-2.0/schemas/*.gschema.xml; do
      [ -f "$f" ] && cp -f "$f" "$sdir/"
    done
  fi
  for f in "${schemas[@]+"${schemas[@]}"}"; do
    cp -f "$f" "$sdir/"
  done
  if ls "$sdir"/*.gschema.xml >/dev/null 2>&1; then
    glib-compile-schemas --strict "$sdir"
  else
    rmdir "$sdir" "$staging/share/glib-2.0" 2>/dev/null || true
  fi
fi

# -------------------------------------------------------------- icons ---
if has libgtk-4-1.dll && [ "$icons" != none ]; then
  src=/usr/share/icons/Adwaita
  [ -d "$src" ] || { echo "stage: $src missing (package adwaita-icon-theme)" >&2; exit 1; }
  dst=$staging/share/icons/Adwaita
  mkdir -p "$dst"
  cp -f "$src/index.theme" "$dst/"
  if [ "$icons" = all ]; then
    (cd "$src" && find . -name '*.symbolic.png' -print0 | cpio -0 -pdmu --quiet "$dst")
  else
    while read -r name; do
      [ -n "$name" ] || continue
      (cd "$src" && find . -name "$name.symbolic.png" -print0 | cpio -0 -pdmu --quiet "$dst")
    done < "$icons"
  fi
  # libadwaita keeps its own icons (the expander row's arrow, the entry
  # row's apply mark, ...) only as SVGs in its resources, which this build
  # cannot load: they showed as missing-image boxes.  Encode them the way
  # adwaita-icon-theme ships its own, as .symbolic.png in the theme's fixed
  # size folders, which GTK prefers to the resource's scalable folder.  The
  # SVGs come from the build machine's libadwaita (Debian's, same release).
  if has libadwaita-1-0.dll; then
    adw_so=$(ls /usr/lib/*/libadwaita-1.so.0 2>/dev/null | head -n 1)
    [ -n "$adw_so" ] || { echo "stage: the build machine's libadwaita is missing (package libadwaita-1-0)" >&2; exit 1; }
    command -v gtk4-encode-symbolic-svg >/dev/null ||
      { echo "stage: gtk4-encode-symbolic-svg missing (package libgtk-4-bin)" >&2; exit 1; }
    svgdir=$(mktemp -d)
    for res in $(gresource list "$adw_so" | grep '^/org/gnome/Adwaita/icons/scalable/.*-symbolic\.svg$'); do
      context=$(basename "$(dirname "$res")")
      gresource extract "$adw_so" "$res" > "$svgdir/$(basename "$res")"
      for size in 16 24 32 48 64 96; do
        mkdir -p "$dst/${size}x${size}/$context"
        gtk4-encode-symbolic-svg -o "$dst/${size}x${size}/$context" \
          "$svgdir/$(basename "$res")" "${size}x${size}"
      done
    done
    rm -rf "$svgdir"
  fi
  mkdir -p "$staging/share/icons/hicolor"
  if [ -f /usr/share/icons/hicolor/index.theme ]; then
    cp -f /usr/share/icons/hicolor/index.theme "$staging/share/icons/hicolor/"
  fi
fi

# gdk-pixbuf loaders (none when all are built in, as deps.sh does)
if has libgdk_pixbuf-2.0-0.dll; then
  ldir=$(ls -d "$prefix"/lib/gdk-pixbuf-2.0/2.10.0/loaders 2>/dev/null || true)
  if [ -n "$ldir" ] && ls "$ldir"/*.dll >/dev/null 2>&1; then
    mkdir -p "$staging/lib/gdk-pixbuf-2.0/2.10.0/loaders"
    cp -f "$ldir"/*.dll "$staging/lib/gdk-pixbuf-2.0/2.10.0/loaders/"
    echo "stage: warning: gdk-pixbuf loaders are modules; run gdk-pixbuf-query-loaders.exe on the target" >&2
  fi
fi

# -------------------------------------------------------------- fonts ---
if has libfontconfig-1.dll; then
  fdir=$staging/share/fonts
  mkdir -p "$fdir" "$staging/etc/fonts"
  for f in /usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf \
           /usr/share/fonts/opentype/cantarell/Cantarell-Bold.otf \
           /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
           /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
           /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf; do
    [ -f "$f" ] || { echo "stage: $f missing (fonts-cantarell, fonts-dejavu-core)" >&2; exit 1; }
    cp -f "$f" "$fdir/"
  done
  for f in "${fonts[@]+"${fonts[@]}"}"; do
    cp -f "$f" "$fdir/"
  done
  cat > "$staging/etc/fonts/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by build-aux/windows/stage.sh.  Used when td-win32-fonts.c
     switches pango to fontconfig: the app's own fonts first, then the
     fonts of Windows. -->
<fontconfig>
  <dir prefix="relative">../../share/fonts</dir>
  <dir>WINDOWSFONTDIR</dir>
  <cachedir>LOCAL_APPDATA_FONTCONFIG_CACHE</cachedir>
  <alias binding="same"><family>sans-serif</family>
    <prefer><family>Cantarell</family><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>sans</family>
    <prefer><family>Cantarell</family><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>system-ui</family>
    <prefer><family>Cantarell</family><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>serif</family>
    <prefer><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>monospace</family>
    <prefer><family>DejaVu Sans Mono</family></prefer></alias>
  <alias binding="same"><family>Monospace</family>
    <prefer><family>DejaVu Sans Mono</family></prefer></alias>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
  </match>
</fontconfig>
EOF
fi

# -------------------------------------------------------- translations ---
app_langs=""
for d in "${locales[@]+"${locales[@]}"}"; do
  for mo in "$d"/*/LC_MESSAGES/*.mo; do
    [ -f "$mo" ] || continue
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    mkdir -p "$staging/share/locale/$lang/LC_MESSAGES"
    cp -f "$mo" "$staging/share/locale/$lang/LC_MESSAGES/"
    case " $app_langs " in *" $lang "*) ;; *) app_langs="$app_langs $lang" ;; esac
  done
done
[ -n "$languages" ] || languages=${app_langs:-all}
domains=""
has libglib-2.0-0.dll && domains="$domains glib20"
has libgtk-4-1.dll && domains="$domains gtk40"
has libadwaita-1-0.dll && domains="$domains libadwaita"
has libjson-glib-1.0-0.dll && domains="$domains json-glib-1.0"
has libsoup-3.0-0.dll && domains="$domains libsoup-3.0"
has libgdk_pixbuf-2.0-0.dll && domains="$domains gdk-pixbuf"
for dom in $domains; do
  for mo in "$prefix"/share/locale/*/LC_MESSAGES/"$dom".mo; do
    [ -f "$mo" ] || continue
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    if [ "$languages" != all ]; then
      want=0
      for l in $languages; do
        # de wants de, de_DE wants de_DE and de, zh_CN wants zh_CN
        case "$l" in "$lang"|"$lang"_*) want=1 ;; esac
      done
      [ "$want" = 1 ] || continue
    fi
    mkdir -p "$staging/share/locale/$lang/LC_MESSAGES"
    cp -f "$mo" "$staging/share/locale/$lang/LC_MESSAGES/"
  done
done

# ------------------------------------------------------------- report ---
ndll=$(find "$staging/bin" -maxdepth 1 -iname '*.dll' | wc -l)
dll_kb=$(find "$staging/bin" -maxdepth 1 -iname '*.dll' -print0 | du -ck --files0-from=- 2>/dev/null | tail -1 | cut -f1)
echo "stage: $staging"
echo "stage: $ndll DLLs, $(( ${dll_kb:-0} / 1024 )) MB; Windows DLLs assumed present:$(echo "$system_dlls" | tr ' ' '\n' | sort -fu | tr '\n' ' ')"
for part in bin share/icons share/locale share/fonts share/glib-2.0; do
  [ -d "$staging/$part" ] && echo "stage: $(du -sh "$staging/$part" | cut -f1)	$part"
done
echo "stage: total $(du -sh "$staging" | cut -f1)"
