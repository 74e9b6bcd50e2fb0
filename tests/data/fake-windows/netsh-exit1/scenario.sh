# netsh-exit1: sourced by ../fake-windows.sh (see there).
TEREDO="exit1"
PNRP="exit1"
FIREWALL="exit1"
IPCONFIG="$windows/ipconfig-all-hyperv-host-teredo-pseudo-interface-2001-0-9d38-90d7.txt"
