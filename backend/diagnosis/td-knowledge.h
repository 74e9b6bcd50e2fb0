/* td-knowledge.h — what each finding means and how to fix it, per platform
 *
 * Every verdict code, Teredo client state and error, NAT type and off-switch
 * maps here to a cause a non-expert understands.  Fixes come from a table of
 * rules (td-knowledge.c): each rule names the finding it fixes, its
 * preconditions on the facts and its source (a section of the facts
 * document, an RFC, a vendor document), and builds the exact command.  A
 * fix is offered only when the facts meet its preconditions: never one
 * that undoes another fix, drops the user's settings or breaks a working
 * setup.  Server recommendations come only from the dated table's "alive"
 * servers, with its caveat when they reach Teredo peers only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-diagnosis.h"
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

/* Ordered fix steps (TdRemedy*, owned by the array) for @code, the rules
 * whose preconditions @facts meet.  Healthy codes get none. */
GPtrArray  *td_knowledge_remedies_for    (TdVerdictCode      code,
                                          const TdFacts     *facts);
/* The same with the facts given one by one (no IPv6 web check). */
GPtrArray  *td_knowledge_remedies        (TdVerdictCode      code,
                                          TdPlatform         platform,
                                          TdHost            *host,
                                          TdProbeResult     *probe);
/* The fixes of every finding of @verdict, the leading finding's first, each
 * offered once. */
GPtrArray  *td_knowledge_verdict_remedies (const TdVerdict  *verdict,
                                           const TdFacts    *facts);

/* Fix actions (td-fix.h) that address @code; the CLI's `fix --verify` and
 * the GUI's re-check use it to say whether a fix helped. */
gboolean    td_knowledge_action_fixes    (const char       *action,
                                          TdVerdictCode     code);

/* After @action was applied and the checks ran again (@after): whether it
 * helped — none of the findings it addresses is left — said in one
 * translated sentence (the GUI's re-check and `fix --verify`). */
char       *td_knowledge_describe_fix_outcome (const char      *action,
                                               const TdVerdict *after,
                                               gboolean        *out_helped);

/* The first server the dated table lists as alive that is not @avoid
 * (case-insensitive, trailing dot ignored); NULL if none. */
const char *td_knowledge_recommend_server (const char       *avoid);

/* Every rule's id, finding and source, for the README and the tests
 * (NULL-terminated, static). */
typedef struct {
  const char    *id;
  TdVerdictCode  finding;
  const char    *platform;     /* "windows", "linux", "any" */
  const char    *source;
  const char    *preconditions;
} TdRemedyRuleInfo;
const TdRemedyRuleInfo *td_knowledge_get_rules (guint *n_rules);

G_END_DECLS
