#!/bin/sh
# Runs a Windows program under Wine (64-bit) and passes its exit status
# through.  Used as meson's exe_wrapper (see cross-file.sh) and by tests.
#
#   wine-run.sh PROGRAM.exe [ARGS...]
#
# Environment:
#   TD_WIN_PREFIX     dependency prefix whose bin/ goes on the Wine PATH
#                     (default: <cache root>/current, made by deps.sh)
#   TD_WIN_CACHE      cache root (default /var/cache/teredo-doctor/win64)
#   TD_WINEPREFIX     the Wine prefix (default <cache root>/wineprefix); made
#                     on first use with `wineboot -i`, without the Mono and
#                     Gecko install prompts.  A Wine program's sockets are
#                     made by its wineserver, so a program that must live in
#                     a network namespace needs a Wine prefix of its own whose
#                     wineserver starts inside that namespace.
#   TD_WINEPATH_EXTRA more Windows or Unix directories for the Wine PATH,
#                     separated by ';'
#   WINEDEBUG         default -all
set -eu

if [ "$#" -lt 1 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

cache=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}
winprefix=${TD_WIN_PREFIX:-$cache/current}
WINEPREFIX=${TD_WINEPREFIX:-$cache/wineprefix}
export WINEPREFIX
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEARCH=win64
# No Mono / Gecko installer dialogs, ever; no menu entries on the host.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:+$WINEDLLOVERRIDES;}mscoree,mshtml=;winemenubuilder.exe=d"

if [ -x /usr/lib/wine/wine64 ]; then
  wine=/usr/lib/wine/wine64
elif command -v wine64 >/dev/null 2>&1; then
  wine=wine64
else
  wine=wine
fi

# Wine takes the Windows locale and code pages (ACP/OEMCP) from the Unix
# locale; a machine with no generated locales (only C.UTF-8) would give
# every program code page 437.  A locale asked for with LC_ALL/LANG that
# glibc lacks is compiled once with localedef into <cache>/locale and used
# through LOCPATH (nothing system-wide is changed).
want=${LC_ALL:-${LC_CTYPE:-${LANG:-}}}
case "$want" in
  ""|C|C.*|POSIX) ;;
  *)
    if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/' |
         grep -qx "$(echo "$want" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')"; then
      locdir=${TD_WINE_LOCPATH:-$cache/locale}
      if [ ! -d "$locdir/$want" ]; then
        input=${want%%.*}; input=${input%%@*}
        charmap=UTF-8
        case "$want" in *.*) charmap=${want#*.}; charmap=${charmap%%@*} ;; esac
        case "$charmap" in utf8|UTF8|utf-8) charmap=UTF-8 ;; esac
        mkdir -p "$locdir"
        localedef -i "$input" -f "$charmap" "$locdir/$want.tmp.$$" >/dev/null 2>&1 &&
          mv "$locdir/$want.tmp.$$" "$locdir/$want" 2>/dev/null ||
          { rm -rf "$locdir/$want.tmp.$$"
            echo "wine-run: cannot make locale $want (package locales)" >&2; }
      fi
      [ -d "$locdir/$want" ] && export LOCPATH="$locdir"
    fi
    ;;
esac

# Unix path -> Wine path on drive Z: (Wine maps Z: to /).
winpath() {
  case "$1" in
    /*) printf 'Z:%s' "$1" | tr '/' '\\' ;;
    *) printf '%s' "$1" ;;
  esac
}

wp=""
if [ -d "$winprefix/bin" ]; then
  wp=$(winpath "$(cd "$winprefix/bin" && pwd -P)")
fi
if [ -n "${TD_WINEPATH_EXTRA:-}" ]; then
  old_ifs=$IFS; IFS=';'
  for d in $TD_WINEPATH_EXTRA; do
    [ -n "$d" ] && wp="${wp:+$wp;}$(winpath "$d")"
  done
  IFS=$old_ifs
fi
# Append an inherited WINEPATH (meson test sets one), without empty entries:
# an empty PATH element makes GLib's spawn miss cmd.exe.
if [ -n "${WINEPATH:-}" ]; then
  old_ifs=$IFS; IFS=';'
  for d in $WINEPATH; do
    [ -n "$d" ] && wp="${wp:+$wp;}$d"
  done
  IFS=$old_ifs
fi
export WINEPATH="$wp"

# Create the Wine prefix once; concurrent callers wait for the first one.
if [ ! -f "$WINEPREFIX/.td-ready" ]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  (
    flock 8
    if [ ! -f "$WINEPREFIX/.td-ready" ]; then
      "$wine" wineboot -i > /dev/null 2>&1 || true
      wineserver -w 2>/dev/null || true
      [ -f "$WINEPREFIX/system.reg" ] || { echo "wine-run: wineboot failed for $WINEPREFIX" >&2; exit 1; }
      touch "$WINEPREFIX/.td-ready"
    fi
  ) 8>"$WINEPREFIX.lock"
fi

# TD_WINE_OUTPUT_FILES=1: the program writes to files, replayed when it
# ends.  A helper that Wine starts on the program's behalf (a console host,
# a service) gets the program's standard handles and may outlive it: given
# a pipe, it would hold the reader (`meson test`) until its timeout.
if [ "${TD_WINE_OUTPUT_FILES:-}" = 1 ]; then
  out=$(mktemp "${TMPDIR:-/tmp}/td-wine-out.XXXXXX")
  err=$(mktemp "${TMPDIR:-/tmp}/td-wine-err.XXXXXX")
  replay () {
    cat "$out"
    cat "$err" >&2
    rm -f "$out" "$err"
  }
  # Killed (a test's timeout): what it wrote so far still reaches the log.
  trap 'replay; exit 143' TERM INT
  status=0
  "$wine" "$@" > "$out" 2> "$err" || status=$?
  replay
  exit "$status"
fi
exec "$wine" "$@"
