/* td-runner.h — runs the checklist: dependency graph, concurrency, timeouts,
 * cancellation, live progress
 *
 * The results model is filled at construction with one TdCheckResult per
 * check, in checklist order, all "waiting"; each one notifies as it runs and
 * completes, so a list widget bound to it updates live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-host.h"
#include "td-report.h"

G_BEGIN_DECLS

#define TD_RUNNER_DEFAULT_CLIENT_WAIT_S  60
#define TD_RUNNER_DEFAULT_CHECK_TIMEOUT_MS 20000

#define TD_TYPE_RUNNER (td_runner_get_type ())
G_DECLARE_FINAL_TYPE (TdRunner, td_runner, TD, RUNNER, GObject)

/* The stable check ids, in checklist order (NULL-terminated, static). */
const char * const *td_runner_get_check_ids (void);
/* Translated title of a check id, NULL for an unknown id. */
const char         *td_runner_get_check_title (const char *id);

TdRunner   *td_runner_new                (TdPlatform          platform);
/* The Teredo server to test; NULL = the OS client's server, else the first
 * server the dated table lists as alive. */
void        td_runner_set_server         (TdRunner           *self,
                                          const char         *server);
/* URL fetched over IPv6 only by the ipv6-http check. */
void        td_runner_set_ipv6_test_url  (TdRunner           *self,
                                          const char         *url);
/* How long to re-read the OS client while it says `probe` (0 = once). */
void        td_runner_set_client_wait    (TdRunner           *self,
                                          guint               seconds);
void        td_runner_set_probe_timeout  (TdRunner           *self,
                                          guint               timeout_ms);
/* First retransmission interval of the probe before any RTT is known. */
void        td_runner_set_probe_retransmit (TdRunner         *self,
                                          guint               retransmit_ms);
void        td_runner_set_check_timeout  (TdRunner           *self,
                                          guint               timeout_ms);
/* Run only these check ids (and what they depend on); NULL = all.
 * Returns FALSE with TD_ERROR_INVALID_ARGUMENT for an unknown id. */
gboolean    td_runner_set_only           (TdRunner           *self,
                                          const char * const *ids,
                                          GError            **error);

/* GListModel of TdCheckResult (the same objects the report will hold). */
GListModel *td_runner_get_results        (TdRunner           *self);
/* 0.0 … 1.0, property "progress". */
double      td_runner_get_progress       (TdRunner           *self);
/* Seconds left while waiting for the OS client to leave `probe`,
 * property "countdown". */
guint       td_runner_get_countdown      (TdRunner           *self);

/* Returns the report; on cancellation NULL with G_IO_ERROR_CANCELLED (the
 * unfinished results are then marked "cancelled"). */
void        td_runner_run_async          (TdRunner           *self,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
TdReport   *td_runner_run_finish         (TdRunner           *self,
                                          GAsyncResult       *result,
                                          GError            **error);

G_END_DECLS
