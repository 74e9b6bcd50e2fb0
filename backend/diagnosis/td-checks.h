/* td-checks.h — how each check judges the facts it was given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-check-result.h"
#include "td-command.h"
#include "td-host.h"
#include "td-probe-result.h"

G_BEGIN_DECLS

void td_check_eval_ipv6_stack        (TdCheckResult *result, TdHost *host);
void td_check_eval_global_cloud      (TdCheckResult *result, TdHost *host);
void td_check_eval_teredo_client     (TdCheckResult *result, TdHost *host,
                                      TdProbeResult *probe, guint waited_s);
void td_check_eval_teredo_error      (TdCheckResult *result, TdHost *host, TdProbeResult *probe);
void td_check_eval_teredo_components (TdCheckResult *result, TdHost *host);
void td_check_eval_managed_network   (TdCheckResult *result, TdHost *host);
void td_check_eval_ipv6_firewall     (TdCheckResult *result, TdHost *host);
void td_check_eval_probe             (TdCheckResult *result, TdProbeResult *probe,
                                      TdHost *host, TdPlatform platform);
void td_check_eval_nat               (TdCheckResult *result, TdProbeResult *probe,
                                      TdHost *host, TdPlatform platform);

/* server-dns: @server NULL (nothing to test), an IPv4 literal, resolved to
 * @address, or failed with @error (@timed_out: no answer within
 * @timeout_s). */
void td_check_eval_server_dns        (TdCheckResult *result, const char *server,
                                      const char *address, const GError *error,
                                      gboolean timed_out, guint timeout_s,
                                      TdPlatform platform, TdHost *host);
/* ipv6-http: the page at @url answered HTTP @status with @size bytes, or
 * failed with @error. */
void td_check_eval_ipv6_http         (TdCheckResult *result, const char *url,
                                      guint status, gsize size, const GError *error);
/* server-ping: what ping printed (informative only). */
void td_check_eval_server_ping       (TdCheckResult *result, const TdCommandResult *ping);

/* Help-desk mode: a computer whose command outputs were collected there
 * and are read here.  Nothing can be sent from its network, so the checks
 * that need it say "not run: remote machine" (skip), unless what its own
 * Teredo client printed tells the answer: its "cannot resolve" error for
 * server-dns, its state and "server unreachable over UDP" errors for
 * server-udp, its NAT and External NAT Mapping lines for nat-type. */
void td_check_eval_remote_not_run    (TdCheckResult *result);
void td_check_eval_remote_dns        (TdCheckResult *result, TdHost *host);
void td_check_eval_remote_udp        (TdCheckResult *result, TdHost *host);
void td_check_eval_remote_nat        (TdCheckResult *result, TdHost *host);

G_END_DECLS
