/* td-probe.h — the asynchronous Teredo qualification probe
 *
 * Unprivileged UDP sockets only.  Three measurements run at the same time
 * instead of RFC 4380's 36-second sequence:
 *
 *   mapping socket:   non-cone RS → primary   (reachability, mapping M1, RTT)
 *                     non-cone RS → secondary (mapping M2: symmetric if ≠ M1)
 *   filtering socket: cone RS → primary, answer expected from the secondary
 *                     (a fresh socket, so the Linux-NAT conntrack artefact of
 *                     the protocol note §3.8 cannot touch the mapping test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-probe-result.h"

G_BEGIN_DECLS

typedef enum {
  TD_PROBE_STAGE_IDLE,
  TD_PROBE_STAGE_RESOLVING,
  TD_PROBE_STAGE_SOLICITING,          /* resolved; router solicitations are out */
  TD_PROBE_STAGE_PRIMARY_ANSWERED,    /* reachable, mapping known */
  TD_PROBE_STAGE_SECONDARY_ANSWERED,
  TD_PROBE_STAGE_SECONDARY_SILENT,
  TD_PROBE_STAGE_CONE_ANSWERED,
  TD_PROBE_STAGE_CONE_SILENT,
  TD_PROBE_STAGE_FINISHED,
} TdProbeStage;

const char *td_probe_stage_to_string (TdProbeStage stage);

#define TD_PROBE_DEFAULT_TIMEOUT_MS     2800
#define TD_PROBE_DEFAULT_RETRANSMIT_MS  250

#define TD_TYPE_PROBE (td_probe_get_type ())
G_DECLARE_FINAL_TYPE (TdProbe, td_probe, TD, PROBE, GObject)

TdProbe       *td_probe_new                  (const char           *server);
const char    *td_probe_get_server           (TdProbe              *self);
/* Secondary server IPv4 (dotted quad); NULL = primary + 1. */
void           td_probe_set_secondary        (TdProbe              *self,
                                              const char           *secondary);
/* Local UDP port of the mapping socket, like Windows' clientport; 0 = random. */
void           td_probe_set_local_port       (TdProbe              *self,
                                              guint16               port);
/* Overall deadline of the measurement (after DNS), in ms. */
void           td_probe_set_timeout          (TdProbe              *self,
                                              guint                 timeout_ms);
/* First retransmission interval before any RTT is known, in ms. */
void           td_probe_set_retransmit       (TdProbe              *self,
                                              guint                 retransmit_ms);
/* For tests on loopback only: accept non-global server addresses and a
 * server port other than 3544. */
void           td_probe_set_allow_non_global (TdProbe              *self,
                                              gboolean              allow);
void           td_probe_set_server_port      (TdProbe              *self,
                                              guint16               port);
TdProbeStage   td_probe_get_stage            (TdProbe              *self);

/* Runs once per call; the result always comes back (its ->error says why
 * it did not qualify, including cancellation).  Callbacks, socket sources
 * and timers all run on the thread-default main context of the caller. */
void           td_probe_run_async            (TdProbe              *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TdProbeResult *td_probe_run_finish           (TdProbe              *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
