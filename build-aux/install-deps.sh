#!/bin/sh
# Installs the Debian 12 packages that Teredo Doctor needs to build and test,
# only those that are missing, without questions.  Safe to run again.
set -eu

PACKAGES="
meson ninja-build pkg-config gcc clang libclang-rt-14-dev
libglib2.0-dev libglib2.0-bin libjson-glib-dev libsoup-3.0-dev
libgtk-4-dev libgtk-4-bin libadwaita-1-dev libcairo2-dev libpango1.0-dev
gettext appstream desktop-file-utils
xvfb xauth xdg-utils fonts-cantarell
iproute2 nftables procps psmisc util-linux iputils-ping
miredo-server miredo
poppler-utils valgrind libxml2-utils
build-essential dpkg-dev debhelper lintian
dbus polkitd pkexec passwd init-system-helpers
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run as root (or: sudo apt-get install$missing)" >&2
  exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The miredo client package enables a client aimed at a public Teredo server
# wherever an init system runs.  Our tests start miredo themselves with an
# explicit lab configuration, so forbid any service start during the install.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  created_policy=1
fi
trap '[ "$created_policy" -eq 1 ] && rm -f "$policy"' EXIT

# Another apt (a second `make` running) holds the lock for a while: wait for it.
apt-get -o DPkg::Lock::Timeout=900 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing
# Never let the packaged client run by itself on this machine.
if [ -f /etc/default/miredo ]; then
  sed -i 's/^START_MIREDO=.*/START_MIREDO=false/' /etc/default/miredo || true
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now miredo.service >/dev/null 2>&1 || true
fi
