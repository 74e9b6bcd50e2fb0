/* td-verdict.h — the single top-level verdict and its stable codes
 *
 * Which finding leads is decided by the causal rules of td-diagnosis.c; the
 * enum's order is only the order in which the other findings are listed.
 * The strings are a public contract (CLI, reports, help-desk scripts): only
 * ever append before TD_VERDICT_UNKNOWN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_VERDICT_IPV6_DISABLED,        /* "ipv6-disabled" */
  TD_VERDICT_GLOBAL_IPV6_OK,       /* "global-ipv6-ok": native global IPv6 works */
  TD_VERDICT_TEREDO_QUALIFIED,     /* "teredo-qualified" */
  TD_VERDICT_TEREDO_DORMANT,       /* "teredo-dormant" */
  TD_VERDICT_TEREDO_PROBING,       /* "teredo-probing" */
  TD_VERDICT_SERVER_UNRESOLVABLE,  /* "server-unresolvable" */
  TD_VERDICT_SERVER_DOWN,          /* "server-down" */
  TD_VERDICT_UDP_BLOCKED,          /* "udp-blocked" */
  TD_VERDICT_SECONDARY_BLOCKED,    /* "secondary-blocked" */
  TD_VERDICT_SYMMETRIC_NAT,        /* "symmetric-nat" */
  TD_VERDICT_MANAGED_NETWORK,      /* "managed-network" */
  TD_VERDICT_TEREDO_DISABLED,      /* "teredo-disabled" */
  TD_VERDICT_TEREDO_CLIENT_MISSING,/* "teredo-client-missing" */
  TD_VERDICT_NO_IPV6_FIREWALL,     /* "no-ipv6-firewall" */
  TD_VERDICT_PNRP_REMOVED,         /* "pnrp-removed" */
  TD_VERDICT_DNS_DOWN,             /* "dns-down": no name resolves (DNS or network down) */
  TD_VERDICT_TEREDO_OFFLINE,       /* "teredo-offline": offline without a reason of its own */
  TD_VERDICT_TEREDO_CLIENT_STOPPED,/* "teredo-client-stopped": miredo installed, not running */
  TD_VERDICT_SERVER_PEERS_ONLY,    /* "server-peers-only": the server relays between Teredo
                                    * peers only, not to the IPv6 Internet */
  TD_VERDICT_UNKNOWN,              /* "unknown" */
  TD_VERDICT_N_CODES
} TdVerdictCode;

const char *td_verdict_code_to_string   (TdVerdictCode  code);
gboolean    td_verdict_code_from_string (const char    *text,
                                         TdVerdictCode *out_code);
/* global-ipv6-ok, teredo-qualified and teredo-dormant: exit status 0. */
gboolean    td_verdict_code_is_healthy  (TdVerdictCode  code);
/* A short translated title for a status page ("Teredo works"). */
const char *td_verdict_code_get_title   (TdVerdictCode  code);
/* A symbolic icon name for the status page. */
const char *td_verdict_code_get_icon    (TdVerdictCode  code);

typedef struct {
  TdVerdictCode  code;        /* the leading finding */
  char          *summary;     /* one translated sentence */
  GArray        *findings;    /* TdVerdictCode, leader first, then in enum order */
} TdVerdict;

TdVerdict *td_verdict_new       (TdVerdictCode     code,
                                 const char       *summary);
TdVerdict *td_verdict_copy      (const TdVerdict  *self);
void       td_verdict_free      (TdVerdict        *self);
void       td_verdict_add_finding (TdVerdict      *self,
                                   TdVerdictCode   code);
/* "verdict": {code, summary, title}, written by the caller as a member;
 * findings are written separately as ["code", …]. */
void       td_verdict_to_json   (const TdVerdict  *self,
                                 JsonBuilder      *builder);
void       td_verdict_findings_to_json (const TdVerdict *self,
                                        JsonBuilder     *builder);
/* Reads {code, summary} plus the report's findings array. */
TdVerdict *td_verdict_from_json (JsonNode         *verdict,
                                 JsonNode         *findings,
                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdVerdict, td_verdict_free)

G_END_DECLS
