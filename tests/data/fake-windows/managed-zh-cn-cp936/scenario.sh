# managed-zh-cn-cp936: sourced by ../fake-windows.sh (see there).
TEREDO="$here/teredo-state.cp936.txt"
CHCP="$here/chcp.cp936.txt"
PNRP="notfound"
IPCONFIG="$windows/ipconfig-all-win7-6to4-adapter-and-microsoft-teredo-tunneling-adapter.txt"
FIREWALL="$fake/advfirewall-all-on.txt"
REG_DOMAIN="corp.example.com"
