# truncated: sourced by ../fake-windows.sh (see there).
TEREDO="$here/teredo-state-truncated.txt"
TEREDO_XP="empty"
IPCONFIG="$here/ipconfig-truncated.txt"
PNRP="notfound"
FIREWALL="$here/advfirewall-truncated.txt"
SC_iphlpsvc="denied"
