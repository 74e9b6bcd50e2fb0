# empty-output: sourced by ../fake-windows.sh (see there).
TEREDO="empty"
IPCONFIG="empty"
PNRP="empty"
FIREWALL="empty"
