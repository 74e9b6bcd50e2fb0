#!/bin/bash
# Shows that a Wine program's sockets live in the network namespace of its
# *wineserver*, and that a Wine prefix of its own per namespace (its
# wineserver started inside the namespace) keeps the traffic there.
#
#   smoke/netns-test.sh SMOKE-CLI.exe      (root; needs ip, python3, wine)
#
# Makes namespace td-h1-<pid>-wine with 198.18.77.1/32 on its loopback
# (an address that exists only there), then:
#   1. with TD_WINEPREFIX=<new prefix>, started inside the namespace, the
#      program sends a datagram to 198.18.77.1, received by a Linux socket
#      in the namespace, and binds 198.18.77.1 itself to receive one;
#   2. a Linux socket on the same port in the host namespace sees nothing;
#   0. control, first: while the same prefix's wineserver runs in the host
#      namespace, the program run by `ip netns exec` cannot bind
#      198.18.77.1 (its socket is made in the host namespace).
# Cleans up the namespace and the wineservers it started, by name/prefix.
# Ends with "N passed, N failed".
set -eu

here=$(cd "$(dirname "$0")" && pwd)
run=$here/../wine-run.sh
exe=${1:?usage: $0 SMOKE-CLI.exe}
cache=${TD_WIN_CACHE:-/var/cache/teredo-doctor/win64}
ns=td-h1-$$-wine
addr=198.18.77.1
port=$((40000 + $$ % 20000))
ns_prefix=$cache/wineprefix-netns-$$
work=$(mktemp -d)
passed=0
failed=0
pids=()

main_pid=$BASHPID
cleanup() {
  local p
  [ "$BASHPID" = "$main_pid" ] || return 0   # not in $(…) subshells
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  if ip netns list | grep -qw "$ns"; then
    ip netns exec "$ns" env WINEPREFIX="$ns_prefix" wineserver -k 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  fi
  rm -rf "$ns_prefix" "$ns_prefix.lock" "$work"
}
trap cleanup EXIT

check() { # name condition-result detail
  if [ "$2" = 0 ]; then
    echo "ok - $1: $3"; passed=$((passed + 1))
  else
    echo "not ok - $1: $3"; failed=$((failed + 1))
  fi
}

# A Linux UDP receiver: prints what it got, or "timeout".
cat > "$work/recv.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(float(sys.argv[3]))
try:
    print(s.recvfrom(512)[0].decode())
except socket.timeout:
    print("timeout")
EOF
cat > "$work/send.py" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(int(sys.argv[4])):
    s.sendto(sys.argv[3].encode(), (sys.argv[1], int(sys.argv[2])))
    time.sleep(0.5)
EOF

ip netns add "$ns"
ip -n "$ns" link set lo up
# on lo: needs no kernel module (dummy/veth may be missing in a sandbox)
ip -n "$ns" addr add "$addr/32" dev lo

# The Wine prefix for the namespace, made on the host side first.
start=$(date +%s)
TD_WINEPREFIX="$ns_prefix" "$run" cmd /c exit 0 >/dev/null 2>&1 || true
echo "netns: Wine prefix $ns_prefix made in $(( $(date +%s) - start )) s"

# Control: while that prefix's wineserver runs in the host namespace, a
# program started inside the namespace still gets host-namespace sockets
# (Wine even binds 0.0.0.0 when asked for the namespace-only address), so
# a datagram sent to 198.18.77.1 inside the namespace never reaches it.
WINEPREFIX=$ns_prefix wineserver -w 2>/dev/null || true
WINEPREFIX=$ns_prefix wineserver -p 60   # a fresh server, in the host namespace
ip netns exec "$ns" python3 "$work/send.py" "$addr" "$port" td-lost 12 & pids+=($!)
ip netns exec "$ns" env TD_WINEPREFIX="$ns_prefix" "$run" "$exe" --udp-recv "$addr" "$port" 5 \
  > "$work/ctl.log" 2>&1 &
ctl=$!
sleep 3
where=$(ss -uanp 2>/dev/null | grep ":$port " | grep -o 'smoke-cli.exe' | head -1 || true)
set +e
wait "$ctl"
rc=$?
set -e
kill "${pids[0]}" 2>/dev/null || true; wait "${pids[0]}" 2>/dev/null || true; pids=()
check "host-wineserver-escapes-ns" "$([ "$rc" != 0 ] && [ -n "$where" ]; echo $?)" \
  "wineserver in the host namespace: the program's socket is in the host namespace (ss: ${where:-not found}), exit $rc: $(tail -1 "$work/ctl.log")"
WINEPREFIX=$ns_prefix wineserver -k 2>/dev/null || true
WINEPREFIX=$ns_prefix wineserver -w 2>/dev/null || true

# From here on the prefix's wineserver is started inside the namespace.
# 1. The Wine program sends; Linux receivers in both namespaces.
ip netns exec "$ns" python3 "$work/recv.py" "$addr" "$port" 20 > "$work/ns.out" & pids+=($!)
python3 "$work/recv.py" 0.0.0.0 "$port" 20 > "$work/host.out" & pids+=($!)
sleep 0.5
set +e
ip netns exec "$ns" env TD_WINEPREFIX="$ns_prefix" "$run" "$exe" --udp-send "$addr" "$port" td-from-wine \
  > "$work/send.log" 2>&1
rc=$?
set -e
wait "${pids[0]}" || true
python3 "$work/send.py" 127.0.0.1 "$port" stop 1 || true
wait "${pids[1]}" || true
pids=()
got=$(cat "$work/ns.out")
check "wine-send-in-ns" "$([ "$rc" = 0 ] && [ "$got" = td-from-wine ]; echo $?)" \
  "program exit $rc; receiver in $ns got \"$got\""
got_host=$(cat "$work/host.out")
check "host-ns-sees-nothing" "$([ "$got_host" != td-from-wine ]; echo $?)" \
  "receiver on the host's 0.0.0.0:$port got \"$got_host\" (\"stop\" is the test's own wake-up)"

# 2. The Wine program binds the namespace-only address and receives.
ip netns exec "$ns" python3 "$work/send.py" "$addr" "$port" td-to-wine 30 & pids+=($!)
set +e
ip netns exec "$ns" env TD_WINEPREFIX="$ns_prefix" "$run" "$exe" --udp-recv "$addr" "$port" 15 \
  > "$work/recv.log" 2>&1
rc=$?
out=$(cat "$work/recv.log")
set -e
kill "${pids[0]}" 2>/dev/null || true; pids=()
check "wine-recv-in-ns" "$(echo "$out" | grep -q 'udp-recv: td-to-wine'; echo $?)" \
  "bound $addr:$port inside $ns: $(echo "$out" | tail -1)"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
