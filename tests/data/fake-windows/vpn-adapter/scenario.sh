# vpn-adapter: sourced by ../fake-windows.sh (see there).
TEREDO="$windows/teredo-state-zh-cn-enterpriseclient-qualified-symmetric-port-managed-iks-jena.txt"
PNRP="notfound"
IPCONFIG="$fake/ipconfig-all-tap-vpn-handwritten.txt"
FIREWALL="$fake/advfirewall-all-on.txt"
SC_BFE="missing"
