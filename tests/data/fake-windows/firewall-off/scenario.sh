# firewall-off: sourced by ../fake-windows.sh (see there).
TEREDO="$windows/teredo-state-zh-cn-enterpriseclient-gp-offline-primary-server-unreachable-udp-win1710.txt"
PNRP="notfound"
IPCONFIG="$windows/ipconfig-win10-1803-vagrant-teredo-pseudo-interface.txt"
FIREWALL="$windows/netsh-advfirewall-show-allprofiles-state-public-off-fixture.txt"
SC_MpsSvc="stopped"
QC_MpsSvc="demand"
REG_POLICY_WOW="Enterprise Client"
