# binary-junk: sourced by ../fake-windows.sh (see there).
TEREDO="junk"
IPCONFIG="junk"
PNRP="junk"
FIREWALL="junk"
REG_DC="0x0"
