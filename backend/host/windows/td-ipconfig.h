/* td-ipconfig.h — parser for Windows `ipconfig /all` (and plain `ipconfig`)
 *
 * Finds the adapters, and among them the Teredo tunnel (its connection name
 * may be "Local Area Connection* 12": the description tells), VPN / TAP /
 * WireGuard / Wintun adapters (they disable Teredo or make NAT strict) and
 * the 6to4 / ISATAP tunnels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_IPCONFIG_KIND_OTHER,     /* "other": a heading we could not classify */
  TD_IPCONFIG_KIND_ETHERNET,  /* "ethernet" */
  TD_IPCONFIG_KIND_WIRELESS,  /* "wireless" */
  TD_IPCONFIG_KIND_TUNNEL,    /* "tunnel" */
  TD_IPCONFIG_KIND_PPP,       /* "ppp" */
  TD_IPCONFIG_KIND_UNKNOWN,   /* "unknown": Windows' own "Unknown adapter" (WireGuard, Wintun) */
} TdIpconfigAdapterKind;

typedef struct {
  char     *address;      /* RFC 5952 text, no zone, no "(Preferred)" */
  char     *zone;         /* "6" from "%6", or NULL */
  gboolean  link_local;   /* fe80::/10 */
  gboolean  teredo;       /* 2001:0::/32 */
} TdIpconfigIpv6;

typedef struct {
  char                  *name;               /* connection name from the heading */
  TdIpconfigAdapterKind  kind;
  char                  *description;        /* NULL in plain `ipconfig` */
  gboolean               media_disconnected;
  GPtrArray             *ipv4;               /* of char*, dotted quads */
  GPtrArray             *ipv6;               /* of TdIpconfigIpv6* */
  GPtrArray             *gateways;           /* of char*, as printed (zone kept) */
  gboolean               is_teredo;
  gboolean               is_vpn;
  gboolean               is_6to4_or_isatap;
} TdIpconfigAdapter;

typedef struct {
  GPtrArray *adapters;    /* of TdIpconfigAdapter*, in output order */
} TdIpconfig;

/* TD_ERROR_PARSE when no adapter heading is found; TD_ERROR_TOO_LARGE above
 * TD_CONSOLE_TEXT_MAX_BYTES.  When an adapter name repeats (two pasted
 * outputs), the later block replaces the earlier one. */
TdIpconfig              *td_ipconfig_parse        (const char        *text,
                                                   GError           **error);
void                     td_ipconfig_free         (TdIpconfig        *self);

/* The first adapter with is_teredo, or NULL. */
const TdIpconfigAdapter *td_ipconfig_find_teredo  (const TdIpconfig  *self);

const char              *td_ipconfig_adapter_kind_to_string (TdIpconfigAdapterKind kind);

/* {"adapters": [{name, kind, description, media_disconnected, ipv4: [],
 *   ipv6: [{address, zone, link_local, teredo}], gateways: [], is_teredo,
 *   is_vpn, is_6to4_or_isatap}]} */
void                     td_ipconfig_to_json      (const TdIpconfig  *self,
                                                   JsonBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdIpconfig, td_ipconfig_free)

G_END_DECLS
