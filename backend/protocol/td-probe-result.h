/* td-probe-result.h — what one Teredo qualification probe found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The fixed NAT vocabulary of the probe (protocol note §3.8). */
typedef enum {
  TD_NAT_TYPE_OFFLINE,          /* "offline": the primary never answered */
  TD_NAT_TYPE_UNKNOWN,          /* "unknown": mapping known, secondary silent */
  TD_NAT_TYPE_OPEN,             /* "open": no NAT, no filter */
  TD_NAT_TYPE_OPEN_FIREWALLED,  /* "open-firewalled": no NAT, inbound filtered */
  TD_NAT_TYPE_CONE,             /* "cone": endpoint-independent filtering */
  TD_NAT_TYPE_RESTRICTED,       /* "restricted": EIM, address(+port)-dependent filtering */
  TD_NAT_TYPE_SYMMETRIC,        /* "symmetric": mapping depends on the destination */
} TdNatType;

const char *td_nat_type_to_string   (TdNatType   type);
gboolean    td_nat_type_from_string (const char *text,
                                     TdNatType  *out_type);

/* One datagram (or ICMP error, or timer decision) of the evidence log. */
typedef struct {
  gint64  time_us;     /* since the probe started */
  char   *socket;      /* "mapping" or "filtering" */
  char   *direction;   /* "sent", "received", "dropped", "icmp", "note" */
  char   *peer;        /* "198.18.0.10:3544" or NULL */
  char   *what;        /* "rs restricted nonce=…", "ra mapped=…", "bad-nonce", … */
  guint   length;      /* datagram size in bytes, 0 for notes */
} TdProbeEvent;

typedef struct {
  char      *address;  /* dotted quad */
  guint16    port;
} TdEndpoint;

typedef struct _TdProbeResult TdProbeResult;
struct _TdProbeResult {
  char        *server;              /* as given: name or IPv4 */
  char        *primary;             /* resolved primary IPv4, NULL if resolution failed */
  char        *secondary;           /* secondary IPv4 (primary + 1 unless given) */
  gboolean     reachable;           /* the primary answered (qualified) */
  gboolean     secondary_reachable;
  gboolean     cone_answered;       /* the filtering test's RA arrived from the other address */
  int          rtt_ms;              /* primary RS→RA round trip, -1 unknown */
  int          first_answer_ms;     /* since start (DNS included), -1 none */
  gint64       rtt_us;              /* the same three in µs, for benchmarks */
  gint64       first_answer_us;
  gint64       elapsed_us;
  TdEndpoint   local;               /* mapping socket's local address/port */
  TdEndpoint   mapped;              /* as seen by the primary */
  TdEndpoint   mapped_secondary;    /* as seen by the secondary; address NULL if silent */
  gboolean     mapped_is_global;
  TdNatType    nat;
  gboolean     port_preserving;
  char        *teredo_address;      /* would-be address (RFC 5991 form), NULL if none */
  guint        mtu;                 /* from the RA, 0 if it had no MTU option */
  guint        rs_sent;
  guint        dropped;             /* datagrams ignored (junk, wrong nonce, late …) */
  int          elapsed_ms;
  char        *order;               /* "parallel-mapping-first" */
  GError      *error;               /* NULL, or TD_ERROR_*, G_IO_ERROR_CANCELLED */
  GPtrArray   *events;              /* of TdProbeEvent* */
};

#define TD_TYPE_PROBE_RESULT (td_probe_result_get_type ())
GType          td_probe_result_get_type  (void) G_GNUC_CONST;
TdProbeResult *td_probe_result_new       (const char          *server);
TdProbeResult *td_probe_result_ref       (TdProbeResult       *self);
void           td_probe_result_unref     (TdProbeResult       *self);

/* UDP works: the primary answered with a usable mapping. */
gboolean       td_probe_result_reachable (const TdProbeResult *self);
/* RFC 4380 qualification would succeed: reachable, and the NAT is neither
 * symmetric nor of unknown mapping behaviour (secondary silent). */
gboolean       td_probe_result_qualified (const TdProbeResult *self);

void           td_probe_result_add_event (TdProbeResult       *self,
                                          gint64               time_us,
                                          const char          *socket,
                                          const char          *direction,
                                          const char          *peer,
                                          guint                length,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (7, 8);

/* The CLI/report JSON object (see README "probe --json"). */
void           td_probe_result_to_json   (const TdProbeResult *self,
                                          JsonBuilder         *builder,
                                          gboolean             with_events);
/* Strict reader for saved reports: wrong types or unknown values fail. */
TdProbeResult *td_probe_result_from_json (JsonNode            *node,
                                          GError             **error);

/* Best first: qualified before not, then lower RTT, then name. */
int            td_probe_result_compare   (const TdProbeResult *a,
                                          const TdProbeResult *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdProbeResult, td_probe_result_unref)

G_END_DECLS
