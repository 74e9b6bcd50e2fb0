#!/bin/sh
# fake-windows.sh — one fake for every Windows console command the host
# backend runs (netsh, ipconfig, sc, reg, chcp).  Each scenario folder holds
# symbolic links with those names pointing here, and a scenario.sh that this
# script sources to learn what to print.  The tests run the CLI with PATH set
# to the scenario folder alone, so only shell builtins and absolute paths are
# used below.
#
# scenario.sh sets (paths may use $windows = tests/data/windows, $here = the
# scenario folder, $fake = this folder):
#   TEREDO, TEREDO_XP, PNRP, IPCONFIG, FIREWALL   what `netsh …` / `ipconfig`
#       print: a file to cat, or one of the special words
#       hang | huge | junk | empty | exit1 | notfound
#   CHCP            a file holding chcp's output (default: code page 437)
#   SC_<service>    running | stopped | missing | denied   (default running)
#   QC_<service>    auto | demand | disabled               (default auto)
#   REG_DC          DisabledComponents as 0x… (unset: value absent)
#   REG_TEREDO_TYPE iphlpsvc\Teredo Type as 0x… (unset: key absent)
#   REG_POLICY      Teredo_State policy string (unset: key absent)
#   REG_POLICY_SERVER  Teredo_ServerName policy string, same key (unset: absent)
#   REG_POLICY_WOW  the same under WOW6432Node (unset: key absent)
#   REG_DOMAIN      Tcpip\Parameters Domain (unset: value absent)
#
# SPDX-License-Identifier: GPL-3.0-or-later

here=${0%/*}
cmd=${0##*/}
windows=$here/../../windows
fake=$here/..
args="$*"

. "$here/scenario.sh"

not_found_key () {
  printf 'ERROR: The system was unable to find the specified registry key or value.\n' >&2
  exit 1
}

out () {
  case "$1" in
    hang)
      # Not exec'd on purpose: the backend must kill the whole process
      # group, or this sleep would keep the pipe open.
      /bin/sleep "${TD_FAKE_HANG_S:-97}"
      exit 0 ;;
    huge)
      exec /usr/bin/yes "Teredo Parameters ---------------------------------------------" ;;
    junk)
      /bin/cat "$fake/junk.bin"
      exit 0 ;;
    empty)
      exit 0 ;;
    exit1)
      printf 'An internal error occurred: the RPC server is unavailable.\n'
      exit 1 ;;
    notfound|"")
      printf 'The following command was not found: %s.\n' "$args"
      exit 1 ;;
    *)
      /bin/cat "$1"
      exit 0 ;;
  esac
}

sc_query () {
  eval "state=\${SC_$1:-running}"
  case "$state" in
    missing)
      printf '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n'
      exit 36 ;;
    denied)
      printf '[SC] OpenService FAILED 5:\n\nAccess is denied.\n\n'
      exit 5 ;;
    stopped)
      line='STATE              : 1  STOPPED'
      caps='(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)'
      code='1077  (0x435)' ;;
    *)
      line='STATE              : 4  RUNNING'
      caps='(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)'
      code='0  (0x0)' ;;
  esac
  printf '\nSERVICE_NAME: %s\n' "$1"
  printf '        TYPE               : 20  WIN32_SHARE_PROCESS\n'
  printf '        %s\n' "$line"
  printf '                                %s\n' "$caps"
  printf '        WIN32_EXIT_CODE    : %s\n' "$code"
  printf '        SERVICE_EXIT_CODE  : 0  (0x0)\n'
  printf '        CHECKPOINT         : 0x0\n'
  printf '        WAIT_HINT          : 0x0\n'
}

sc_qc () {
  eval "state=\${SC_$1:-running}"
  eval "start=\${QC_$1:-auto}"
  case "$state" in
    missing)
      printf '[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n'
      exit 36 ;;
    denied)
      printf '[SC] OpenService FAILED 5:\n\nAccess is denied.\n\n'
      exit 5 ;;
  esac
  case "$start" in
    disabled) line='START_TYPE         : 4   DISABLED' ;;
    demand) line='START_TYPE         : 3   DEMAND_START' ;;
    *) line='START_TYPE         : 2   AUTO_START' ;;
  esac
  printf '[SC] QueryServiceConfig SUCCESS\n\n'
  printf 'SERVICE_NAME: %s\n' "$1"
  printf '        TYPE               : 20  WIN32_SHARE_PROCESS\n'
  printf '        %s\n' "$line"
  printf '        ERROR_CONTROL      : 1   NORMAL\n'
  printf '        BINARY_PATH_NAME   : C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p\n'
  printf '        LOAD_ORDER_GROUP   :\n'
  printf '        TAG                : 0\n'
  printf '        DISPLAY_NAME       : %s\n' "$1"
  printf '        SERVICE_START_NAME : LocalSystem\n'
}

reg_value () {
  # reg_value HEADING NAME TYPE VALUE
  printf '\n%s\n    %s    %s    %s\n\n' "$1" "$2" "$3" "$4"
}

case "$cmd" in
  chcp)
    if [ -n "$CHCP" ]; then
      /bin/cat "$CHCP"
    else
      printf 'Active code page: 437\n'
    fi ;;
  netsh)
    case "$args" in
      "interface teredo show state") out "$TEREDO" ;;
      "interface ipv6 show teredo") out "${TEREDO_XP:-$TEREDO}" ;;
      "p2p pnrp cloud show list") out "$PNRP" ;;
      "advfirewall show allprofiles state") out "$FIREWALL" ;;
      *) out notfound ;;
    esac ;;
  ipconfig)
    case "$args" in
      "/all") out "$IPCONFIG" ;;
      *) out notfound ;;
    esac ;;
  sc)
    case "$1" in
      query) sc_query "$2" ;;
      qc) sc_qc "$2" ;;
      *) printf 'DESCRIPTION:\n        SC is a command line program used for communicating with the\n'; exit 1 ;;
    esac ;;
  reg)
    case "$args" in
      *WOW6432Node*v6Transition*)
        [ -n "$REG_POLICY_WOW" ] || not_found_key
        reg_value 'HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Policies\Microsoft\Windows\TCPIP\v6Transition' \
          Teredo_State REG_SZ "$REG_POLICY_WOW" ;;
      *v6Transition*)
        [ -n "$REG_POLICY$REG_POLICY_SERVER" ] || not_found_key
        printf '\n%s\n' 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\TCPIP\v6Transition'
        if [ -n "$REG_POLICY" ]; then
          printf '    %s    %s    %s\n' Teredo_State REG_SZ "$REG_POLICY"
        fi
        if [ -n "$REG_POLICY_SERVER" ]; then
          printf '    %s    %s    %s\n' Teredo_ServerName REG_SZ "$REG_POLICY_SERVER"
        fi
        printf '\n' ;;
      *Tcpip6*DisabledComponents*)
        [ -n "$REG_DC" ] || not_found_key
        reg_value 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' \
          DisabledComponents REG_DWORD "$REG_DC" ;;
      *iphlpsvc*Teredo*)
        [ -n "$REG_TEREDO_TYPE" ] || not_found_key
        reg_value 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\iphlpsvc\Teredo' \
          Type REG_DWORD "$REG_TEREDO_TYPE" ;;
      *Tcpip*Domain*)
        [ -n "$REG_DOMAIN" ] || not_found_key
        reg_value 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters' \
          Domain REG_SZ "$REG_DOMAIN" ;;
      *) not_found_key ;;
    esac ;;
  *)
    printf "'%s' is not recognized as an internal or external command.\n" "$cmd" >&2
    exit 1 ;;
esac
exit 0
