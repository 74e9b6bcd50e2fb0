/* td-address.h — one notion of "global" for the whole application
 *
 * The probe refuses to send to a non-global server address, and report
 * redaction masks exactly the addresses these functions call global: both use
 * this file so that the two can never disagree.
 *
 * IPv4 addresses are guint32 in *host* byte order throughout the backend, so
 * that "primary + 1" is plain arithmetic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses dotted-quad text ("198.18.0.10"); no names, no shorthand forms. */
gboolean  td_ipv4_parse               (const char   *text,
                                       guint32      *out_addr);
char     *td_ipv4_to_string           (guint32       addr);

/* Global unicast as miredo and RFC 4380 §5.2.4 define it: everything except
 * 0/8, 10/8, 127/8, 169.254/16, 172.16/12, 192.168/16, 192.88.99/24, 224/4
 * and 255.255.255.255.  100.64/10, 198.18/15, 240/4 and the TEST-NETs count
 * as global.  Returns %NULL for a global address, otherwise a short English
 * reason ("private (RFC 1918)", "loopback", …) that callers translate. */
const char *td_ipv4_non_global_reason (guint32       addr);
gboolean    td_ipv4_is_global         (guint32       addr);

/* IPv6: global unicast is 2000::/3 (Teredo 2001:0::/32 and 6to4 2002::/16
 * included); link-local, site-local, ULA, multicast, loopback, unspecified
 * and IPv4-mapped addresses are not. */
gboolean  td_ipv6_is_global           (const guint8  addr[16]);
gboolean  td_ipv6_parse               (const char   *text,
                                       guint8        out_addr[16]);
/* RFC 5952 text, lower-case, as glibc inet_ntop prints it. */
char     *td_ipv6_to_string           (const guint8  addr[16]);

G_END_DECLS
