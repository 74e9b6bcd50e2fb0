# netsh-hang: sourced by ../fake-windows.sh (see there).
TEREDO="hang"
PNRP="$windows/pnrp-cloud-show-list-vista-linklocal-and-global.txt"
IPCONFIG="$windows/ipconfig-all-hyperv-host-teredo-pseudo-interface-2001-0-9d38-90d7.txt"
FIREWALL="$fake/advfirewall-all-on.txt"
