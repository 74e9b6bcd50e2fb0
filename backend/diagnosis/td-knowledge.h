/* td-knowledge.h — what each finding means and how to fix it, per platform
 *
 * Every verdict code, Teredo client state and error, NAT type and off-switch
 * maps here to a cause a non-expert understands and to fix steps with the
 * exact commands (argv), whether they need administrator rights or a reboot,
 * and, where the backend can run it safely, the id of an automated fix.
 * Server recommendations come only from the dated table's "alive" servers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host.h"
#include "td-probe-result.h"
#include "td-remedy.h"
#include "td-teredo-client.h"
#include "td-verdict.h"

G_BEGIN_DECLS

/* The cause in one or two plain sentences (translated). */
const char *td_knowledge_explain_verdict (TdVerdictCode      code);
const char *td_knowledge_explain_state   (TdTeredoState      state);
const char *td_knowledge_explain_error   (TdTeredoErrorCode  error);
const char *td_knowledge_explain_nat     (TdNatType          nat);
const char *td_knowledge_explain_off_switch (const char     *id);

/* Ordered fix steps (TdRemedy*, owned by the array) for @code on @platform.
 * @host and @probe (both nullable) refine them: which off-switch to undo,
 * which server to avoid.  Healthy codes get none. */
GPtrArray  *td_knowledge_remedies        (TdVerdictCode      code,
                                          TdPlatform         platform,
                                          TdHost            *host,
                                          TdProbeResult     *probe);

/* The first server the dated table lists as alive that is not @avoid
 * (case-insensitive, trailing dot ignored); NULL if none. */
const char *td_knowledge_recommend_server (const char       *avoid);

G_END_DECLS
