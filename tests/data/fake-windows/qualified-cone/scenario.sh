# qualified-cone: sourced by ../fake-windows.sh (see there).
TEREDO="$windows/teredo-state-win10-en-enterpriseclient-win1910-qualified-cone-upnp-yes.txt"
PNRP="$windows/pnrp-cloud-show-list-vista-linklocal-and-global.txt"
IPCONFIG="$windows/ipconfig-all-hyperv-host-teredo-pseudo-interface-2001-0-9d38-90d7.txt"
FIREWALL="$fake/advfirewall-all-on.txt"
REG_DC="0x20"
