# managed-zh-cn: sourced by ../fake-windows.sh (see there).
TEREDO="$windows/teredo-state-zh-cn-client-offline-managed-network.txt"
PNRP="notfound"
IPCONFIG="$windows/ipconfig-all-win7-6to4-adapter-and-microsoft-teredo-tunneling-adapter.txt"
FIREWALL="$fake/advfirewall-all-on.txt"
REG_DOMAIN="corp.example.com"
