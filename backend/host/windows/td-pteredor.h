/* td-pteredor.h — output of SeaHOH/pteredor, a user-space Teredo prober
 *
 * Users of the XX-Net era paste it; it maps server names to IPv4 addresses
 * with a round-trip time and names the NAT type pteredor measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  char  *address;   /* "65.55.158.118" */
  char **names;     /* server names sharing that address */
  int    rtt_ms;    /* -1 when not printed (no answer) */
} TdPteredorServer;

typedef struct {
  char      *nat_type;      /* "cone", "restricted", "symmetric", … as printed, or NULL */
  int        local_port;    /* "try bind local port: N", -1 if absent */
  GPtrArray *servers;       /* of TdPteredorServer* */
  char     **recommended;   /* names of the recommended server, or NULL */
} TdPteredor;

/* TD_ERROR_PARSE when neither a NAT line nor a server line is found. */
TdPteredor *td_pteredor_parse   (const char        *text,
                                 GError           **error);
void        td_pteredor_free    (TdPteredor        *self);
/* {nat_type, local_port, servers: [{address, names: [], rtt_ms}], recommended: [] | null} */
void        td_pteredor_to_json (const TdPteredor  *self,
                                 JsonBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdPteredor, td_pteredor_free)

G_END_DECLS
