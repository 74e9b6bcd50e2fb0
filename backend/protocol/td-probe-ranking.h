/* td-probe-ranking.h — probe several Teredo servers at once and rank them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-probe.h"

G_BEGIN_DECLS

/* Runs every probe of @probes (TdProbe*) concurrently on the caller's main
 * context — one thread, one timer and two sockets per probe. */
void       td_probe_rank_async  (GPtrArray            *probes,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
/* Returns the TdProbeResult*s, best first (working, then lower RTT). */
GPtrArray *td_probe_rank_finish (GAsyncResult         *result,
                                 GError              **error);

G_END_DECLS
