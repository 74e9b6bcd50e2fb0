/* td-macos-parse.h — parsers for macOS (and BSD / Linux net-tools) commands
 *
 * `ifconfig` (interfaces, flags, MTU, inet/inet6 addresses — the same
 * parser reads miredo's tunnel on BSD and on Linux), `netstat -rn -f inet6`
 * (the IPv6 default routes), `socketfilterfw --getglobalstate` (the
 * application firewall) and `pfctl -s info` (the packet filter).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "td-teredo-client.h"   /* TdTristate */

G_BEGIN_DECLS

/* ---- ifconfig ---- */

typedef struct {
  char     *address;     /* RFC 5952 text without the zone */
  char     *zone;        /* "en0" from "%en0", or NULL */
  int       prefixlen;   /* -1 if not printed */
  gboolean  link_local;
  gboolean  teredo;      /* 2001:0::/32 */
} TdIfInet6;

typedef struct {
  char      *name;
  GPtrArray *flags;      /* of char*: "UP", "RUNNING", … */
  gboolean   up;
  int        mtu;        /* -1 if not printed */
  char      *status;     /* macOS "status: active", or NULL */
  GPtrArray *inet;       /* of char* (dotted quads) */
  GPtrArray *inet6;      /* of TdIfInet6* */
} TdIfconfigInterface;

typedef struct {
  GPtrArray *interfaces; /* of TdIfconfigInterface*; a repeated name: last block wins */
} TdIfconfig;

/* TD_ERROR_PARSE when no "name: flags=…" (or net-tools "name Link encap:")
 * header is found. */
TdIfconfig                *td_ifconfig_parse   (const char        *text,
                                                GError           **error);
void                       td_ifconfig_free    (TdIfconfig        *self);
const TdIfconfigInterface *td_ifconfig_find    (const TdIfconfig  *self,
                                                const char        *name);
/* {"interfaces": [{name, flags: [], up, mtu, status, inet: [],
 *   inet6: [{address, zone, prefixlen, link_local, teredo}]}]} */
void                       td_ifconfig_to_json (const TdIfconfig  *self,
                                                JsonBuilder       *builder);

/* ---- netstat -rn -f inet6 ---- */

typedef struct {
  char *gateway;     /* "fe80::1%en0", "link#6", … as printed */
  char *flags;
  char *interface;   /* Netif column, or NULL */
} TdRoute6;

typedef struct {
  guint      n_routes;   /* rows read, default or not */
  GPtrArray *defaults;   /* of TdRoute6*: "default" and "::/0" rows */
} TdNetstatRoutes;

/* TD_ERROR_PARSE when there is neither a route row nor the table header. */
TdNetstatRoutes *td_netstat_inet6_parse   (const char             *text,
                                           GError                **error);
void             td_netstat_routes_free   (TdNetstatRoutes        *self);
/* {"routes": n, "defaults": [{gateway, flags, interface}]} */
void             td_netstat_routes_to_json (const TdNetstatRoutes *self,
                                            JsonBuilder           *builder);

/* ---- socketfilterfw --getglobalstate ---- */

typedef struct {
  TdTristate enabled;
  int        state;     /* the "(State = N)" number, -1 if absent; 2 = block all */
} TdMacosAppFirewall;

gboolean td_socketfilterfw_parse   (const char               *text,
                                    TdMacosAppFirewall       *out,
                                    GError                  **error);
/* {"enabled", "state"} */
void     td_macos_app_firewall_to_json (const TdMacosAppFirewall *self,
                                        JsonBuilder              *builder);

/* ---- pfctl -s info ---- */

/* "Status: Enabled …" / "Status: Disabled …".  TD_ERROR_PERMISSION when
 * pfctl could not open /dev/pf, TD_ERROR_PARSE without a Status line. */
gboolean td_pfctl_info_parse       (const char               *text,
                                    gboolean                 *out_enabled,
                                    GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdIfconfig, td_ifconfig_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdNetstatRoutes, td_netstat_routes_free)

G_END_DECLS
