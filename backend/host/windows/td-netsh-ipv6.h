/* td-netsh-ipv6.h — parsers for `netsh interface ipv6 show interface` and
 * `netsh interface ipv6 show route`
 *
 * The interface table shows whether the Teredo pseudo-interface exists,
 * its MTU (1280) and whether it is "connected"; the route table whether
 * ::/0 points at it.  Rows are read by shape, the headers being translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  guint     index;
  guint     metric;
  gint64    mtu;          /* 4294967295 on the loopback */
  char     *state;        /* "connected", "disconnected", … as printed */
  char     *name;
  gboolean  is_teredo;    /* name contains "Teredo" */
} TdNetshInterface;

typedef struct {
  GPtrArray *interfaces;  /* of TdNetshInterface*, of the last table */
} TdNetshInterfaces;

/* TD_ERROR_PARSE without any interface row. */
TdNetshInterfaces      *td_netsh_interfaces_parse       (const char               *text,
                                                         GError                  **error);
void                    td_netsh_interfaces_free        (TdNetshInterfaces        *self);
const TdNetshInterface *td_netsh_interfaces_find_teredo (const TdNetshInterfaces  *self);
/* {"interfaces": [{index, metric, mtu, state, name, is_teredo}]} */
void                    td_netsh_interfaces_to_json     (const TdNetshInterfaces  *self,
                                                         JsonBuilder              *builder);

typedef struct {
  char  *published;    /* "No" / "否" as printed */
  char  *type;         /* "Manual" / "手动" as printed */
  guint  metric;
  char  *prefix;       /* "::/0" */
  guint  index;
  char  *gateway;      /* gateway address or interface name, as printed */
} TdNetshRoute;

typedef struct {
  GPtrArray *routes;   /* of TdNetshRoute*, of the last table */
} TdNetshRoutes;

/* TD_ERROR_PARSE without any route row. */
TdNetshRoutes      *td_netsh_routes_parse        (const char           *text,
                                                  GError              **error);
void                td_netsh_routes_free         (TdNetshRoutes        *self);
/* The first ::/0 route, or NULL. */
const TdNetshRoute *td_netsh_routes_find_default (const TdNetshRoutes  *self);
/* {"routes": [{published, type, metric, prefix, index, gateway}]} */
void                td_netsh_routes_to_json      (const TdNetshRoutes  *self,
                                                  JsonBuilder          *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdNetshInterfaces, td_netsh_interfaces_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdNetshRoutes, td_netsh_routes_free)

G_END_DECLS
