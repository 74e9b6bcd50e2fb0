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

G_END_DECLS
