/* td-diagnosis.h — from facts to findings to one verdict
 *
 * Pure policy: the same facts always give the same verdict, so a report
 * opened later is judged exactly as it was when it was made.
 *
 * The leading finding is the cause.  What the operating system's own
 * client reports (switched off, managed network, no firewall, its error
 * line) or what the host shows outranks the symptoms our probe measures;
 * the probe's findings explain a client that is offline or stuck in `probe`
 * without a reason of its own, and confirm or contradict a qualified one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host.h"
#include "td-probe-result.h"
#include "td-check-result.h"
#include "td-verdict.h"

G_BEGIN_DECLS

/* Everything a verdict and its fixes are judged from. */
typedef struct {
  TdPlatform      platform;
  TdHost         *host;        /* NULL: not collected */
  TdProbeResult  *probe;       /* NULL: not run (or a remote machine) */
  TdTristate      ipv6_http;   /* the IPv6 web check: YES passed, NO failed, UNSET not run */
} TdFacts;

/* @host, @probe and @ipv6_http may be NULL (not collected / not run). */
TdVerdict *td_diagnose            (TdPlatform     platform,
                                   TdHost        *host,
                                   TdProbeResult *probe,
                                   TdCheckResult *ipv6_http);
TdVerdict *td_diagnose_facts      (const TdFacts *facts);
/* The facts of a report's check result (ipv6-http), for callers holding one. */
TdTristate td_diagnosis_http_outcome (TdCheckResult *ipv6_http);

/* TRUE when @host has a usable native (not Teredo/6to4) global address. */
gboolean   td_diagnosis_has_native_global (TdHost *host);

/* Facts the rules share with the knowledge base. */
/* The Teredo off-switches that are real causes (netsh type disabled,
 * iphlpsvc\Teredo\Type, the Teredo_State policy, DisabledComponents bits,
 * the IP Helper service), not hints such as a VPN adapter. */
gboolean   td_diagnosis_teredo_switched_off (TdHost *host);
/* Windows: the firewall is off, or its service does not run. */
gboolean   td_diagnosis_windows_firewall_off (const TdFacts *facts);
/* The OS client says it is in a managed network and its type obeys that. */
gboolean   td_diagnosis_managed_network (TdHost *host);
/* The name of the server the client uses (or the probe tested); NULL. */
const char *td_diagnosis_current_server (const TdFacts *facts);

G_END_DECLS
