# pnrp-removed: sourced by ../fake-windows.sh (see there).
TEREDO="$windows/teredo-state-win7-default-dormant-managed-nat-none-global-connectivity.txt"
PNRP="notfound"
IPCONFIG="$windows/ipconfig-win10-1803-vagrant-teredo-pseudo-interface.txt"
FIREWALL="$fake/advfirewall-all-on.txt"
