#!/bin/bash
# Builds Teredo Doctor's Windows (x86_64, mingw-w64) dependency stack from
# Debian 12 source packages into a cached prefix.
#
#   deps.sh                 build (or find) the prefix; its path is the last line
#   deps.sh --print-prefix  print the prefix path for the current sources and
#                           scripts, build nothing (exit 1 if it is not built)
#   deps.sh --list          print the pinned source list
#
# Environment:
#   TD_WIN_CACHE        cache root (default /var/cache/teredo-doctor/win64):
#                       downloads/, apt/ (private apt state), build/, logs/,
#                       prefix-<key>/, current -> prefix-<key>
#   TD_THIRD_PARTY_DIR  where json-glib-1.6.6.tar.xz may be found
#                       (default: shared/third-party beside the checkout, or
#                       beside the nearest folder above it that has one)
#   TD_WIN_JOBS         parallel jobs (default: nproc)
#   TD_WIN_KEEP_BUILD=1 keep the build trees of finished packages
#
# Sources come from deb.debian.org with `apt-get source` through a private
# apt configuration (sources list, lists, cache under the cache root); the
# machine's /etc/apt is only read.  The key of the prefix is a hash of the
# pinned versions, of the build scripts and of the toolchain version, so a
# second run with nothing changed finds the prefix and exits at once.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CACHE=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}
JOBS=${TD_WIN_JOBS:-$(nproc)}
HOST=x86_64-w64-mingw32

# name  debian-version  mode
#   mode dsc:  unpack with dpkg-source (Debian patches applied)
#   mode orig: the upstream tarball alone (Debian part not served by the
#              registry, or its patches need autotools we do not run)
SOURCES='
zlib          1:1.2.13.dfsg-1           dsc
libffi        3.4.4-1                   dsc
pcre2         10.42-1                   dsc
gettext       0.21-12                   orig
glib2.0       2.74.6-2+deb12u9          dsc
libpsl        0.21.2-1                  dsc
nghttp2       1.52.0-1+deb12u3          dsc
sqlite3       3.40.1-2+deb12u2          dsc
libsoup3      3.2.3-0+deb12u2           dsc
pixman        0.42.2-1                  orig
libpng1.6     1.6.39-2+deb12u5          dsc
libjpeg-turbo 1:2.1.5-2                 dsc
tiff          4.5.0-6+deb12u4           dsc
freetype      2.12.1+dfsg-5+deb12u4     dsc
expat         2.5.0-1+deb12u2           dsc
fontconfig    2.14.1-4                  dsc
harfbuzz      6.0.0+dfsg-3              dsc
fribidi       1.0.8-2.1                 dsc
cairo         1.16.0-7                  orig
pango1.0      1.50.12+ds-1              dsc
gdk-pixbuf    2.42.10+dfsg-1+deb12u4    dsc
graphene      1.10.8-1                  orig
libepoxy      1.5.10-1                  orig
gtk4          4.8.3+ds-2+deb12u1        dsc
libadwaita-1  1.2.2-1                   dsc
'
# json-glib is not served by the registry: the upstream 1.6.6 release.
JSONGLIB_VERSION=1.6.6
JSONGLIB_LOCAL=json-glib-1.6.6.tar.xz   # git archive of tag 1.6.6 (shared/third-party)
JSONGLIB_LOCAL_SHA256=2791d601ff6232bc163d6ef202a53c1a6925baebc3b254e7234e84490cb26a47
JSONGLIB_URL=https://download.gnome.org/sources/json-glib/1.6/json-glib-1.6.6.tar.xz
JSONGLIB_URL_SHA256=96ec98be7a91f6dde33636720e3da2ff6ecbb90e76ccaa49497f31a6855a490e

# Build order (dependencies first).
PACKAGES='mingw-runtime zlib libffi pcre2 gettext glib json-glib libpsl nghttp2 sqlite3 libsoup
pixman libpng libjpeg-turbo tiff freetype expat fontconfig harfbuzz fribidi cairo
pango gdk-pixbuf
graphene libepoxy gtk4 libadwaita'

die() { echo "deps: $*" >&2; exit 1; }

src_version() { # debian source name -> version
  echo "$SOURCES" | awk -v n="$1" '$1 == n { print $2 }'
}
src_mode() {
  echo "$SOURCES" | awk -v n="$1" '$1 == n { print $3 }'
}
upstream_version() { # 1:2.1.5-2 -> 2.1.5 ; 1.2.13.dfsg-1 -> 1.2.13.dfsg
  local v=${1#*:}
  echo "${v%-*}"
}

if [ "${1:-}" = --list ]; then
  echo "$SOURCES" | awk 'NF { printf "%-14s %-24s %s\n", $1, $2, $3 }'
  echo "json-glib      $JSONGLIB_VERSION (upstream)"
  exit 0
fi

# ---------------------------------------------------------------- key ---
gcc_version=$($HOST-gcc -dumpversion 2>/dev/null || echo none)
psl_version=$(dpkg-query -W -f='${Version}' publicsuffix 2>/dev/null || echo none)
# TD_WIN_KEY: force a key (only for developing these scripts: resume a
# half-built prefix after editing a later package's build function).
KEY=${TD_WIN_KEY:-$( {
  echo "$SOURCES"; echo "json-glib $JSONGLIB_VERSION"
  echo "gcc $gcc_version"; echo "publicsuffix $psl_version"
  cat "$here/deps.sh" "$here/cross-file.sh"
} | sha256sum | cut -c1-16)}
PREFIX=$CACHE/prefix-$KEY
STAMP=$PREFIX/.td-deps-complete

if [ "${1:-}" = --print-prefix ]; then
  echo "$PREFIX"
  [ -f "$STAMP" ]
  exit $?
fi
[ "$#" -eq 0 ] || die "unknown argument: $1 (see the head of $0)"

if [ -f "$STAMP" ]; then
  echo "deps: cached prefix $PREFIX (key $KEY)"
  ln -sfn "prefix-$KEY" "$CACHE/current" 2>/dev/null || true
  echo "$PREFIX"
  exit 0
fi

for tool in $HOST-gcc $HOST-g++ meson ninja cmake pkg-config apt-get dpkg-source \
            tclsh sassc glib-compile-resources make python3 gperf; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "missing $tool: run build-aux/windows/install-tools.sh as root"
done

mkdir -p "$CACHE" || die "cannot create $CACHE (set TD_WIN_CACHE or run as root)"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  echo "deps: another build holds $CACHE/.lock, waiting"
  flock 9
fi
if [ -f "$STAMP" ]; then   # built by the holder of the lock
  echo "$PREFIX"
  exit 0
fi

DL=$CACHE/downloads
BUILD=$CACHE/build/$KEY
LOGS=$CACHE/logs/$KEY
mkdir -p "$DL" "$BUILD/stamps" "$LOGS" "$PREFIX/bin" "$PREFIX/lib/pkgconfig" "$PREFIX/include"
TIMES=$LOGS/times.txt

# ------------------------------------------------------- private apt ---
APTDIR=$CACHE/apt
write_sources_list() {
  mkdir -p "$APTDIR/parts" "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" \
           "$APTDIR/state"
  local out=$APTDIR/sources.list.new
  : > "$out"
  # one-line entries: deb [opts] URI SUITE COMPONENTS...
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" && /deb\.debian\.org/ { $1 = "deb-src"; print }' "$f" >> "$out"
  done
  # deb822 entries
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (uris ~ /deb\.debian\.org/ && types ~ /deb/ && enabled != "no") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) {
            opt = signed != "" ? "[signed-by=" signed "] " : ""
            print "deb-src " opt u[i] " " s[j] " " comps
          }
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
        if (key == "types") types = $0; else if (key == "uris") uris = $0
        else if (key == "suites") suites = $0; else if (key == "components") comps = $0
        else if (key == "signed-by") signed = $0; else if (key == "enabled") enabled = tolower($0) }
      END { flush() }' "$f" >> "$out"
  done
  if [ ! -s "$out" ]; then   # no deb.debian.org entry found: Debian 12 defaults
    cat > "$out" <<'EOF'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
EOF
  fi
  sort -u "$out" > "$APTDIR/sources.list"
  rm -f "$out"
}
APT_OPTS=()
apt_private() {
  APT_OPTS=(-o "Dir::Etc::sourcelist=$APTDIR/sources.list"
            -o "Dir::Etc::sourceparts=$APTDIR/parts"
            -o "Dir::State=$APTDIR/state"
            -o "Dir::State::lists=$APTDIR/lists"
            -o "Dir::State::status=/var/lib/dpkg/status"
            -o "Dir::Cache=$APTDIR/cache"
            -o "APT::Sandbox::User=root"
            -o "Debug::NoLocking=1")
}
APT_UPDATED=0
apt_update() {
  [ "$APT_UPDATED" = 1 ] && return 0
  write_sources_list
  apt_private
  echo "deps: apt-get update (private lists in $APTDIR)"
  apt-get "${APT_OPTS[@]}" -q update > "$LOGS/apt-update.log" 2>&1 ||
    { tail -20 "$LOGS/apt-update.log"; die "apt-get update failed"; }
  APT_UPDATED=1
}

# The files a package needs: the orig tarball(s), plus the .dsc and the
# Debian part for mode dsc.
have_sources() { # name version mode
  local name=$1 ver=$2 mode=$3 uv dsc f
  uv=$(upstream_version "$ver")
  if [ "$mode" = orig ]; then
    ls "$DL/${name}_${uv}.orig.tar."* >/dev/null 2>&1
    return
  fi
  dsc=$DL/${name}_${ver#*:}.dsc
  [ -f "$dsc" ] || return 1
  for f in $(awk '/^Files:/ { on = 1; next } /^[^ ]/ { on = 0 } on { print $3 }' "$dsc"); do
    [ -f "$DL/$f" ] || return 1
  done
}

fetch_sources() {
  local name ver mode missing=""
  while read -r name ver mode; do
    [ -n "$name" ] || continue
    have_sources "$name" "$ver" "$mode" || missing="$missing $name=$ver:$mode"
  done <<< "$SOURCES"
  [ -z "$missing" ] && return 0
  apt_update
  local item
  for item in $missing; do
    name=${item%%=*}; ver=${item#*=}; mode=${ver##*:}; ver=${ver%:*}
    echo "deps: apt-get source --download-only $name=$ver"
    # mode orig: the Debian part 404s, apt-get fails; the tarball is what counts.
    (cd "$DL" && apt-get "${APT_OPTS[@]}" -q source --download-only "$name=$ver") \
      >> "$LOGS/apt-source.log" 2>&1 || true
    have_sources "$name" "$ver" "$mode" ||
      { tail -15 "$LOGS/apt-source.log"; die "could not fetch the source of $name=$ver"; }
  done
}

# The workplace keeps one copy of the sources the registry lacks in
# shared/third-party; a clone anywhere below the workplace finds it.
third_party_dir() {
  local d=$repo
  if [ -n "${TD_THIRD_PARTY_DIR:-}" ]; then
    echo "$TD_THIRD_PARTY_DIR"
    return
  fi
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    if [ -f "$d/shared/third-party/$JSONGLIB_LOCAL" ]; then
      echo "$d/shared/third-party"
      return
    fi
  done
  echo "$repo/../shared/third-party"
}

fetch_jsonglib() {
  local f=$DL/$JSONGLIB_LOCAL THIRD
  THIRD=$(third_party_dir)
  if [ -f "$f" ] && echo "$JSONGLIB_LOCAL_SHA256  $f" | sha256sum -c --quiet - >/dev/null 2>&1; then
    return 0
  fi
  if [ -f "$THIRD/$JSONGLIB_LOCAL" ]; then
    echo "$JSONGLIB_LOCAL_SHA256  $THIRD/$JSONGLIB_LOCAL" | sha256sum -c --quiet - ||
      die "$THIRD/$JSONGLIB_LOCAL: wrong sha256"
    cp "$THIRD/$JSONGLIB_LOCAL" "$f.tmp" && mv "$f.tmp" "$f"
    return 0
  fi
  local up=$DL/json-glib-$JSONGLIB_VERSION-release.tar.xz
  if [ ! -f "$up" ]; then
    echo "deps: downloading $JSONGLIB_URL"
    if command -v curl >/dev/null 2>&1; then
      curl -fsSL -o "$up.tmp" "$JSONGLIB_URL" ||
        die "no $JSONGLIB_LOCAL in $THIRD (nor in shared/third-party above the checkout; set TD_THIRD_PARTY_DIR), and cannot download $JSONGLIB_URL"
    else
      wget -q -O "$up.tmp" "$JSONGLIB_URL" || die "cannot download $JSONGLIB_URL"
    fi
    mv "$up.tmp" "$up"
  fi
  echo "$JSONGLIB_URL_SHA256  $up" | sha256sum -c --quiet - || { rm -f "$up"; die "$up: wrong sha256"; }
}
jsonglib_tarball() {
  if [ -f "$DL/$JSONGLIB_LOCAL" ]; then echo "$DL/$JSONGLIB_LOCAL"
  else echo "$DL/json-glib-$JSONGLIB_VERSION-release.tar.xz"; fi
}

# Unpacks a Debian source into $BUILD/src/<pkg>; echoes the source dir.
unpack() { # pkg debian-name
  local pkg=$1 name=$2 ver mode uv dir=$BUILD/src/$1 tarball
  ver=$(src_version "$name"); mode=$(src_mode "$name"); uv=$(upstream_version "$ver")
  rm -rf "$dir"; mkdir -p "$BUILD/src"
  if [ "$mode" = dsc ]; then
    dpkg-source --no-check -x "$DL/${name}_${ver#*:}.dsc" "$dir" >&2
  else
    tarball=$(ls "$DL/${name}_${uv}.orig.tar."* | grep -v '\.asc$' | head -1)
    mkdir -p "$dir"
    tar -C "$dir" --strip-components=1 -xf "$tarball"
  fi
  echo "$dir"
}

# ----------------------------------------------------- build helpers ---
export PKG_CONFIG_LIBDIR="$PREFIX/lib/pkgconfig:$PREFIX/share/pkgconfig"
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR CFLAGS CXXFLAGS CPPFLAGS LDFLAGS 2>/dev/null || true
CROSS=$BUILD/cross.ini
TOOLCHAIN=$BUILD/toolchain.cmake
AUTO_ENV=(CC=$HOST-gcc CXX=$HOST-g++ AR=$HOST-ar RANLIB=$HOST-ranlib STRIP=$HOST-strip
          WINDRES=$HOST-windres RC=$HOST-windres
          "CPPFLAGS=-I$PREFIX/include" "CFLAGS=-O2" "CXXFLAGS=-O2" "LDFLAGS=-L$PREFIX/lib")

write_toolchains() {
  TD_CROSS_EXE_WRAPPER=none sh "$here/cross-file.sh" "$PREFIX" "$CROSS"
  cat > "$TOOLCHAIN" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $HOST-gcc)
set(CMAKE_CXX_COMPILER $HOST-g++)
set(CMAKE_RC_COMPILER $HOST-windres)
set(CMAKE_FIND_ROOT_PATH $PREFIX /usr/$HOST)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
EOF
}

meson_build() { # pkg srcdir [meson options...]
  local pkg=$1 src=$2; shift 2
  meson setup "$BUILD/b-$pkg" "$src" --cross-file "$CROSS" --prefix "$PREFIX" \
    --libdir lib --buildtype release -Doptimization=2 -Ddefault_library=shared \
    --wrap-mode=nodownload -Db_ndebug=if-release "$@"
  ninja -C "$BUILD/b-$pkg" -j "$JOBS"
  ninja -C "$BUILD/b-$pkg" install
}
cmake_build() { # pkg srcdir [cmake options...]
  local pkg=$1 src=$2; shift 2
  cmake -S "$src" -B "$BUILD/b-$pkg" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" "$@"
  # (no relative CMAKE_INSTALL_LIBDIR: CMake turns a relative PATH given
  # with -D into one below the current directory)
  ninja -C "$BUILD/b-$pkg" -j "$JOBS"
  ninja -C "$BUILD/b-$pkg" install
}
configure_cross() { # srcdir [configure options...]  (run in the build dir)
  local src=$1; shift
  env "${AUTO_ENV[@]}" "$src/configure" --host=$HOST --build="$(gcc -dumpmachine)" \
    --prefix="$PREFIX" --enable-shared --disable-static --disable-dependency-tracking "$@"
}

# ------------------------------------------------------------ packages ---
# gcc's run-time DLLs (libgcc_s_seh-1.dll: cairo, pixman, fontconfig…) go
# into the prefix so programs run from it under Wine; stage.sh finds them
# there or in gcc's folder.
build_mingw-runtime() {
  local d f
  d=$(dirname "$($HOST-gcc -print-libgcc-file-name)")
  for f in libgcc_s_seh-1.dll libstdc++-6.dll; do
    install -m 755 "$d/$f" "$PREFIX/bin/"
  done
}

build_zlib() {
  local s; s=$(unpack zlib zlib)
  cd "$s"
  # The .dfsg tarball has no win32/ makefiles: compile the library directly.
  local objs="" f
  for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback \
           inffast inflate inftrees trees uncompr zutil; do
    $HOST-gcc -O2 -c "$f.c" -o "$f.o" &
    objs="$objs $f.o"
  done
  wait
  $HOST-gcc -shared -o zlib1.dll $objs -Wl,--out-implib,libz.dll.a
  install -m 644 zlib.h zconf.h "$PREFIX/include/"
  install -m 755 zlib1.dll "$PREFIX/bin/"
  install -m 644 libz.dll.a "$PREFIX/lib/"
  cat > "$PREFIX/lib/pkgconfig/zlib.pc" <<EOF
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: zlib
Description: zlib compression library
Version: $(upstream_version "$(src_version zlib)" | sed 's/\.dfsg//')
Libs: -L\${libdir} -lz
Cflags: -I\${includedir}
EOF
}

build_libffi() {
  local s; s=$(unpack libffi libffi)
  mkdir -p "$BUILD/b-libffi" && cd "$BUILD/b-libffi"
  configure_cross "$s" --disable-docs --disable-multi-os-directory --disable-exec-static-tramp
  make -j "$JOBS"
  make install
}

build_pcre2() {
  local s; s=$(unpack pcre2 pcre2)
  cmake_build pcre2 "$s" -DBUILD_SHARED_LIBS=ON -DBUILD_STATIC_LIBS=OFF \
    -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF -DPCRE2_BUILD_PCRE2_32=OFF \
    -DPCRE2_SUPPORT_UNICODE=ON -DPCRE2_SUPPORT_JIT=OFF -DPCRE2_BUILD_PCRE2GREP=OFF \
    -DPCRE2_BUILD_TESTS=OFF -DPCRE2_SUPPORT_LIBZ=OFF -DPCRE2_SUPPORT_LIBBZ2=OFF \
    -DPCRE2_SUPPORT_LIBEDIT=OFF -DPCRE2_SUPPORT_LIBREADLINE=OFF
}

# GNU libintl from gettext-runtime: real message catalog lookup on Windows.
build_gettext() {
  local s; s=$(unpack gettext gettext)
  mkdir -p "$BUILD/b-gettext" && cd "$BUILD/b-gettext"
  configure_cross "$s/gettext-runtime" --disable-java --disable-csharp \
    --disable-libasprintf --disable-c++ --disable-openmp --disable-curses \
    --enable-threads=windows --without-libiconv-prefix --without-libintl-prefix \
    --without-emacs --disable-rpath am_cv_func_iconv=no
  make -C intl -j "$JOBS"
  make -C intl install
}

build_glib() {
  local s; s=$(unpack glib glib2.0)
  meson_build glib "$s" -Dtests=false -Dinstalled_tests=false -Dgtk_doc=false \
    -Dman=false -Dlibelf=disabled -Dsysprof=disabled -Dnls=enabled \
    -Dselinux=disabled -Dlibmount=disabled -Dxattr=false -Doss_fuzz=disabled \
    -Dglib_debug=disabled
}

build_json-glib() {
  local dir=$BUILD/src/json-glib
  rm -rf "$dir"; mkdir -p "$dir"
  tar -C "$dir" --strip-components=1 -xf "$(jsonglib_tarball)"
  meson_build json-glib "$dir" -Dintrospection=disabled -Dgtk_doc=disabled \
    -Dman=false -Dtests=false
}

build_libpsl() {
  local s; s=$(unpack libpsl libpsl)
  local list=/usr/share/publicsuffix/public_suffix_list.dat
  [ -f "$list" ] || die "missing $list (package publicsuffix)"
  meson_build libpsl "$s" -Druntime=no -Dbuiltin=true -Ddocs=false \
    -Dpsl_file="$list" -Dc_args="-I$PREFIX/include -D_POSIX_THREAD_SAFE_FUNCTIONS"
}

build_nghttp2() {
  local s; s=$(unpack nghttp2 nghttp2)
  cmake_build nghttp2 "$s" -DENABLE_LIB_ONLY=ON -DENABLE_SHARED_LIB=ON \
    -DENABLE_STATIC_LIB=OFF -DENABLE_DOC=OFF -DENABLE_APP=OFF \
    -DENABLE_HPACK_TOOLS=OFF -DENABLE_EXAMPLES=OFF -DENABLE_PYTHON_BINDINGS=OFF \
    -DENABLE_FAILMALLOC=OFF -DWITH_LIBXML2=OFF -DWITH_JEMALLOC=OFF -DWITH_MRUBY=OFF \
    -DWITH_NEVERBLEED=OFF -DBUILD_TESTING=OFF
}

# The amalgamation is generated natively, then compiled into one DLL.
build_sqlite3() {
  local s; s=$(unpack sqlite3 sqlite3)
  mkdir -p "$BUILD/b-sqlite3-native" && cd "$BUILD/b-sqlite3-native"
  "$s/configure" --disable-tcl --disable-readline --disable-load-extension \
    --disable-math --disable-json
  make -j "$JOBS" sqlite3.c sqlite3.h
  $HOST-gcc -O2 -shared -o libsqlite3-0.dll sqlite3.c \
    -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA=1 \
    -DSQLITE_API='__declspec(dllexport)' \
    -Wl,--out-implib,libsqlite3.dll.a
  install -m 755 libsqlite3-0.dll "$PREFIX/bin/"
  install -m 644 libsqlite3.dll.a "$PREFIX/lib/"
  install -m 644 sqlite3.h "$s/src/sqlite3ext.h" "$PREFIX/include/" 2>/dev/null ||
    install -m 644 sqlite3.h "$PREFIX/include/"
  cat > "$PREFIX/lib/pkgconfig/sqlite3.pc" <<EOF
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: SQLite
Description: SQL database engine
Version: $(upstream_version "$(src_version sqlite3)")
Libs: -L\${libdir} -lsqlite3
Cflags: -I\${includedir}
EOF
}

build_libsoup() {
  local s; s=$(unpack libsoup libsoup3)
  meson_build libsoup "$s" -Dgssapi=disabled -Dntlm=disabled -Dbrotli=disabled \
    -Dtls_check=false -Dintrospection=disabled -Dvapi=disabled -Ddocs=disabled \
    -Ddoc_tests=false -Dtests=false -Dautobahn=disabled -Dinstalled_tests=false \
    -Dsysprof=disabled -Dfuzzing=disabled -Dpkcs11_tests=disabled
}

build_pixman() {
  local s; s=$(unpack pixman pixman)
  meson_build pixman "$s" -Dtests=disabled -Dgtk=disabled -Dlibpng=disabled \
    -Dopenmp=disabled -Dgnuplot=false -Dtimers=false
}

build_libpng() {
  local s; s=$(unpack libpng libpng1.6)
  cmake_build libpng "$s" -DPNG_SHARED=ON -DPNG_STATIC=OFF -DPNG_TESTS=OFF \
    -DPNG_HARDWARE_OPTIMIZATIONS=ON -DZLIB_ROOT="$PREFIX" \
    -DZLIB_LIBRARY="$PREFIX/lib/libz.dll.a" -DZLIB_INCLUDE_DIR="$PREFIX/include"
}

build_libjpeg-turbo() {
  local s; s=$(unpack libjpeg-turbo libjpeg-turbo)
  cmake_build libjpeg-turbo "$s" -DENABLE_SHARED=ON -DENABLE_STATIC=OFF \
    -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DWITH_JPEG8=OFF -DWITH_JAVA=OFF
}

build_tiff() {
  local s; s=$(unpack tiff tiff)
  cmake_build tiff "$s" -DBUILD_SHARED_LIBS=ON -Dtiff-tools=OFF -Dtiff-tests=OFF \
    -Dtiff-contrib=OFF -Dtiff-docs=OFF -Dcxx=OFF -Djbig=OFF -Dlerc=OFF -Dlzma=OFF \
    -Dwebp=OFF -Dzstd=OFF -Dlibdeflate=OFF -Djpeg=OFF -Dzlib=ON -Dpixarlog=ON \
    -Dold-jpeg=OFF -Djpeg12=OFF \
    -DZLIB_LIBRARY="$PREFIX/lib/libz.dll.a" -DZLIB_INCLUDE_DIR="$PREFIX/include"
}

build_freetype() {
  local s; s=$(unpack freetype freetype)
  meson_build freetype "$s" -Dharfbuzz=disabled -Dbrotli=disabled -Dbzip2=disabled \
    -Dpng=enabled -Dzlib=system -Dtests=disabled -Dmmap=disabled
}

build_expat() {
  local s; s=$(unpack expat expat) b=$BUILD/b-expat
  cmake -S "$s/expat" -B "$b" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DEXPAT_SHARED_LIBS=ON -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
    -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_FUZZERS=OFF \
    -DEXPAT_BUILD_PKGCONFIG=ON
  # Debian's CVE patches test `#if XML_DTD == 1` (autotools defines it as 1,
  # CMake defines it empty).
  sed -i 's/^#define XML_DTD *$/#define XML_DTD 1/; s/^#define XML_NS *$/#define XML_NS 1/' \
    "$b/expat_config.h"
  ninja -C "$b" -j "$JOBS"
  ninja -C "$b" install
}

# fontconfig lets pango use the fonts shipped with the app (see README:
# DirectWrite, which pangowin32 1.50 uses, never sees app-private fonts).
build_fontconfig() {
  local s; s=$(unpack fontconfig fontconfig)
  meson_build fontconfig "$s" -Ddoc=disabled -Dnls=disabled -Dtests=disabled \
    -Dtools=disabled -Dcache-build=disabled
}

build_harfbuzz() {
  local s; s=$(unpack harfbuzz harfbuzz)
  meson_build harfbuzz "$s" -Dglib=enabled -Dfreetype=enabled -Dgdi=enabled \
    -Dcairo=disabled -Dicu=disabled -Dgobject=disabled -Dtests=disabled \
    -Ddocs=disabled -Dbenchmark=disabled -Dintrospection=disabled \
    -Dchafa=disabled -Dgraphite2=disabled -Ddirectwrite=disabled -Dcoretext=disabled
}

build_fribidi() {
  local s; s=$(unpack fribidi fribidi)
  meson_build fribidi "$s" -Ddocs=false
}

# cairo 1.16 is autotools; the pristine tarball (Debian's patches touch
# configure.ac).  Only src/ and util/cairo-gobject are built.
build_cairo() {
  local s; s=$(unpack cairo cairo)
  mkdir -p "$BUILD/b-cairo" && cd "$BUILD/b-cairo"
  configure_cross "$s" --enable-win32 --enable-win32-font --enable-png \
    --enable-gobject --enable-ps --enable-pdf --enable-svg --enable-ft --enable-fc \
    --disable-xlib --disable-xlib-xrender --disable-xcb --disable-quartz \
    --disable-trace --disable-interpreter --disable-symbol-lookup --disable-valgrind \
    --disable-full-testing --disable-gtk-doc --disable-gl --disable-egl --disable-glx \
    --disable-wgl --disable-script --disable-tee --disable-xml
  # _FORTIFY_SOURCE needs libssp on mingw (__memcpy_chk): drop it.
  find . -name Makefile -exec sed -i 's/-Wp,-D_FORTIFY_SOURCE=2//g' {} +
  make -C src -j "$JOBS"
  make -C util/cairo-gobject -j "$JOBS"
  make -C src install
  make -C util/cairo-gobject install
  install -m 644 cairo.pc "$PREFIX/lib/pkgconfig/" 2>/dev/null || true
}

build_pango() {
  local s; s=$(unpack pango pango1.0)
  meson_build pango "$s" -Dfontconfig=enabled -Dfreetype=enabled \
    -Dlibthai=disabled -Dxft=disabled -Dsysprof=disabled -Dcairo=enabled \
    -Dintrospection=disabled -Dgtk_doc=false -Dinstall-tests=false
}

build_gdk-pixbuf() {
  local s; s=$(unpack gdk-pixbuf gdk-pixbuf)
  meson_build gdk-pixbuf "$s" -Dpng=enabled -Djpeg=enabled -Dtiff=disabled \
    -Dbuiltin_loaders=all -Drelocatable=true -Dnative_windows_loaders=false \
    -Dintrospection=disabled -Dgtk_doc=false -Ddocs=false -Dman=false \
    -Dtests=false -Dinstalled_tests=false
}

build_graphene() {
  local s; s=$(unpack graphene graphene)
  meson_build graphene "$s" -Dgtk_doc=false -Dgobject_types=true \
    -Dintrospection=disabled -Dtests=false -Dinstalled_tests=false
}

build_libepoxy() {
  local s; s=$(unpack libepoxy libepoxy)
  meson_build libepoxy "$s" -Ddocs=false -Dglx=no -Degl=no -Dx11=false -Dtests=false
}

build_gtk4() {
  local s; s=$(unpack gtk4 gtk4)
  meson_build gtk4 "$s" -Dwin32-backend=true -Dx11-backend=false \
    -Dwayland-backend=false -Dbroadway-backend=false -Dmacos-backend=false \
    -Dmedia-ffmpeg=disabled -Dmedia-gstreamer=disabled -Dprint-cups=disabled \
    -Dvulkan=disabled -Dcloudproviders=disabled -Dsysprof=disabled \
    -Dtracker=disabled -Dcolord=disabled -Dintrospection=disabled \
    -Dgtk_doc=false -Dman-pages=false -Ddemos=false -Dbuild-examples=false \
    -Dbuild-tests=false -Dinstall-tests=false
}

build_libadwaita() {
  local s; s=$(unpack libadwaita libadwaita-1)
  meson_build libadwaita "$s" -Dintrospection=disabled -Dvapi=false \
    -Dgtk_doc=false -Dtests=false -Dexamples=false \
    -Dc_args="-I$PREFIX/include -fno-stack-protector"
}

# ---------------------------------------------------------------- main ---
fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

total_start=$(date +%s)
echo "deps: key $KEY, prefix $PREFIX, $JOBS jobs"
fetch_start=$(date +%s)
fetch_sources
fetch_jsonglib
write_toolchains
fetch_time=$(( $(date +%s) - fetch_start ))
echo "sources $fetch_time" > "$TIMES.new"
printf 'deps: %-14s %s\n' sources "$(fmt_time "$fetch_time")"

for pkg in $PACKAGES; do
  if [ -f "$BUILD/stamps/$pkg" ]; then
    t=$(cat "$BUILD/stamps/$pkg")
    echo "$pkg $t" >> "$TIMES.new"
    printf 'deps: %-14s done before (%s)\n' "$pkg" "$(fmt_time "$t")"
    continue
  fi
  log=$LOGS/$pkg.log
  start=$(date +%s)
  printf 'deps: %-14s ... ' "$pkg"
  rm -rf "$BUILD/b-$pkg"
  # Not in an `if`: bash ignores set -e inside a tested subshell.
  set +e
  ( set -eux; cd "$BUILD"; "build_$pkg" ) > "$log" 2>&1
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    t=$(( $(date +%s) - start ))
    echo "$t" > "$BUILD/stamps/$pkg"
    echo "$pkg $t" >> "$TIMES.new"
    echo "$(fmt_time "$t")"
    if [ "${TD_WIN_KEEP_BUILD:-0}" != 1 ]; then
      rm -rf "$BUILD/b-$pkg" "$BUILD/b-$pkg-native" "$BUILD/src/$pkg"
    fi
  else
    echo "FAILED after $(fmt_time $(( $(date +%s) - start )))"
    echo "---- last lines of $log:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
done

total=$(( $(date +%s) - total_start ))
echo "total $total" >> "$TIMES.new"
mv "$TIMES.new" "$TIMES"
# Drop what the app does not need at run time or to build.
rm -rf "$PREFIX/share/doc" "$PREFIX/share/man" "$PREFIX/share/gtk-doc" \
       "$PREFIX/share/info" "$PREFIX/share/bash-completion"
printf 'deps: %-14s %s\n' total "$(fmt_time "$total")"
echo "$KEY" > "$STAMP"
ln -sfn "prefix-$KEY" "$CACHE/current"
[ "${TD_WIN_KEEP_BUILD:-0}" = 1 ] || rm -rf "$BUILD"
echo "$PREFIX"
