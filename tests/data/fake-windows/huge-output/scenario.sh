# huge-output: sourced by ../fake-windows.sh (see there).
TEREDO="huge"
IPCONFIG="huge"
PNRP="notfound"
FIREWALL="$fake/advfirewall-all-on.txt"
