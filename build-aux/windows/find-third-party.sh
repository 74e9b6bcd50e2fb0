#!/bin/sh
# Prints the folder that holds the third-party sources Debian's registry
# does not serve (json-glib-1.6.6.tar.xz, see deps.sh), or nothing.  deps.sh
# looks in TD_THIRD_PARTY_DIR, else in shared/third-party beside the
# checkout or above it; a clone elsewhere (CI's clean clone, a copy in /tmp)
# finds the workplace's copy here, by name in the usual places.  deps.sh
# checks the file's SHA-256 whatever folder it comes from.
set -u
name=json-glib-1.6.6.tar.xz
here=$(cd "$(dirname "$0")" && pwd)
d=$(cd "$here/../.." && pwd)
while :; do
  if [ -f "$d/shared/third-party/$name" ]; then
    echo "$d/shared/third-party"
    exit 0
  fi
  [ "$d" = / ] && break
  d=$(dirname "$d")
done
for root in /work /srv /opt /home /root /var/tmp /tmp /mnt; do
  [ -d "$root" ] || continue
  found=$(find "$root" -maxdepth 4 -type f -name "$name" -path '*third-party*' 2>/dev/null | head -n 1)
  if [ -n "$found" ]; then
    dirname "$found"
    exit 0
  fi
done
exit 0
