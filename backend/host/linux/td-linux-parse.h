/* td-linux-parse.h — Linux facts from text (exposed for the unit tests and
 * the fuzzers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host.h"

G_BEGIN_DECLS

/* The root under which /proc and /etc are read: TD_PROC_ROOT or "/". */
const char *td_host_linux_root (void);

/* /proc/net/if_inet6 → TdHostAddress *; FALSE with TD_ERROR_PARSE on a
 * malformed line (the addresses before it are kept). */
gboolean td_host_linux_parse_if_inet6   (const char  *text,
                                         GPtrArray   *addresses,
                                         GError     **error);
/* /proc/net/ipv6_route → whether an up, non-reject ::/0 route exists and
 * through which interface. */
gboolean td_host_linux_parse_ipv6_route (const char  *text,
                                         gboolean    *out_has_default,
                                         char       **out_interface,
                                         GError     **error);
/* `nft -j list ruleset` → a firewall source named "nftables". */
TdFirewallSource *td_host_linux_parse_nft_json  (const char  *json,
                                                 GError     **error);
/* `ip6tables -S` → a firewall source named "ip6tables". */
TdFirewallSource *td_host_linux_parse_ip6tables (const char  *text,
                                                 GError     **error);
/* `ufw status` → a firewall source named "ufw". */
TdFirewallSource *td_host_linux_parse_ufw       (const char  *text,
                                                 GError     **error);

G_END_DECLS
