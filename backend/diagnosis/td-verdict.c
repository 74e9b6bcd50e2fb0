/* td-verdict.c — the single top-level verdict and its stable codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-error.h"
#include "td-json.h"
#include "td-verdict.h"

typedef struct {
  const char *code;
  const char *title;     /* N_() — translated on use */
  const char *icon;
  gboolean    healthy;
} VerdictInfo;

/* Indexed by TdVerdictCode. */
static const VerdictInfo verdicts[] = {
  [TD_VERDICT_IPV6_DISABLED] =
    { "ipv6-disabled", N_("IPv6 is turned off"), "network-offline-symbolic", FALSE },
  [TD_VERDICT_GLOBAL_IPV6_OK] =
    { "global-ipv6-ok", N_("IPv6 works natively"), "emblem-ok-symbolic", TRUE },
  [TD_VERDICT_TEREDO_QUALIFIED] =
    { "teredo-qualified", N_("Teredo works"), "emblem-ok-symbolic", TRUE },
  [TD_VERDICT_TEREDO_DORMANT] =
    { "teredo-dormant", N_("Teredo is ready (dormant)"), "emblem-ok-symbolic", TRUE },
  [TD_VERDICT_TEREDO_PROBING] =
    { "teredo-probing", N_("Teredo is still connecting"), "emblem-synchronizing-symbolic", FALSE },
  [TD_VERDICT_SERVER_UNRESOLVABLE] =
    { "server-unresolvable", N_("The Teredo server name does not resolve"),
      "network-error-symbolic", FALSE },
  [TD_VERDICT_SERVER_DOWN] =
    { "server-down", N_("The Teredo server does not answer"), "network-error-symbolic", FALSE },
  [TD_VERDICT_UDP_BLOCKED] =
    { "udp-blocked", N_("UDP to the Teredo server is blocked"), "network-error-symbolic", FALSE },
  [TD_VERDICT_SECONDARY_BLOCKED] =
    { "secondary-blocked", N_("The second Teredo server address is blocked"),
      "network-error-symbolic", FALSE },
  [TD_VERDICT_SYMMETRIC_NAT] =
    { "symmetric-nat", N_("A symmetric NAT limits Teredo"), "network-error-symbolic", FALSE },
  [TD_VERDICT_MANAGED_NETWORK] =
    { "managed-network", N_("Teredo is off on a managed network"), "dialog-warning-symbolic", FALSE },
  [TD_VERDICT_TEREDO_DISABLED] =
    { "teredo-disabled", N_("Teredo is turned off"), "dialog-warning-symbolic", FALSE },
  [TD_VERDICT_TEREDO_CLIENT_MISSING] =
    { "teredo-client-missing", N_("No Teredo client is installed"), "dialog-warning-symbolic", FALSE },
  [TD_VERDICT_NO_IPV6_FIREWALL] =
    { "no-ipv6-firewall", N_("No firewall protects IPv6"), "security-low-symbolic", FALSE },
  [TD_VERDICT_PNRP_REMOVED] =
    { "pnrp-removed", N_("PNRP no longer exists in this Windows"), "dialog-information-symbolic",
      FALSE },
  [TD_VERDICT_DNS_DOWN] =
    { "dns-down", N_("No name resolves: DNS or the network is down"), "network-offline-symbolic",
      FALSE },
  [TD_VERDICT_TEREDO_OFFLINE] =
    { "teredo-offline", N_("The Teredo client is offline"), "dialog-warning-symbolic", FALSE },
  [TD_VERDICT_TEREDO_CLIENT_STOPPED] =
    { "teredo-client-stopped", N_("Miredo is installed but not running"), "dialog-warning-symbolic",
      FALSE },
  [TD_VERDICT_SERVER_PEERS_ONLY] =
    { "server-peers-only", N_("The Teredo server reaches Teredo peers only"),
      "dialog-information-symbolic", FALSE },
  [TD_VERDICT_UNKNOWN] =
    { "unknown", N_("The cause is unclear"), "dialog-question-symbolic", FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (verdicts) == TD_VERDICT_N_CODES);

/* Guards every public lookup: a bad code is a programming error, but it
 * must not read past the table. */
static const VerdictInfo *
info_for (TdVerdictCode code)
{
  g_return_val_if_fail ((guint) code < TD_VERDICT_N_CODES, &verdicts[TD_VERDICT_UNKNOWN]);
  return &verdicts[code];
}

const char *
td_verdict_code_to_string (TdVerdictCode code)
{
  return info_for (code)->code;
}

gboolean
td_verdict_code_from_string (const char    *text,
                             TdVerdictCode *out_code)
{
  for (guint i = 0; i < TD_VERDICT_N_CODES; i++)
    if (g_strcmp0 (text, verdicts[i].code) == 0)
      {
        if (out_code != NULL)
          *out_code = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
td_verdict_code_is_healthy (TdVerdictCode code)
{
  return info_for (code)->healthy;
}

const char *
td_verdict_code_get_title (TdVerdictCode code)
{
  return _(info_for (code)->title);
}

const char *
td_verdict_code_get_icon (TdVerdictCode code)
{
  return info_for (code)->icon;
}

TdVerdict *
td_verdict_new (TdVerdictCode  code,
                const char    *summary)
{
  TdVerdict *self;

  g_return_val_if_fail ((guint) code < TD_VERDICT_N_CODES, NULL);

  self = g_new0 (TdVerdict, 1);
  self->code = code;
  self->summary = g_strdup (summary);
  self->findings = g_array_new (FALSE, FALSE, sizeof (TdVerdictCode));
  /* The leader is always a finding, and the first one. */
  g_array_append_val (self->findings, code);
  return self;
}

TdVerdict *
td_verdict_copy (const TdVerdict *self)
{
  TdVerdict *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TdVerdict, 1);
  copy->code = self->code;
  copy->summary = g_strdup (self->summary);
  copy->findings = g_array_copy (self->findings);
  return copy;
}

void
td_verdict_free (TdVerdict *self)
{
  if (self == NULL)
    return;
  g_free (self->summary);
  g_array_unref (self->findings);
  g_free (self);
}

/* Keeps the findings in enum order without duplicates.  The leader stays
 * first whatever is added later: the leader is the caller's decision. */
void
td_verdict_add_finding (TdVerdict     *self,
                        TdVerdictCode  code)
{
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) code < TD_VERDICT_N_CODES);

  for (i = 0; i < self->findings->len; i++)
    if (g_array_index (self->findings, TdVerdictCode, i) == code)
      return;
  for (i = 1; i < self->findings->len; i++)
    if (g_array_index (self->findings, TdVerdictCode, i) > code)
      break;
  g_array_insert_val (self->findings, MIN (i, self->findings->len), code);
}

void
td_verdict_to_json (const TdVerdict *self,
                    JsonBuilder     *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, td_verdict_code_to_string (self->code));
  td_json_add_string_or_null (builder, "summary", self->summary);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, td_verdict_code_get_title (self->code));
  json_builder_end_object (builder);
}

void
td_verdict_findings_to_json (const TdVerdict *self,
                             JsonBuilder     *builder)
{
  json_builder_begin_array (builder);
  for (guint i = 0; self != NULL && i < self->findings->len; i++)
    json_builder_add_string_value (builder,
                                   td_verdict_code_to_string (g_array_index (self->findings,
                                                                             TdVerdictCode, i)));
  json_builder_end_array (builder);
}

static gboolean
read_code (const char     *text,
           const char     *where,
           TdVerdictCode  *out_code,
           GError        **error)
{
  if (!td_verdict_code_from_string (text, out_code))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s: unknown verdict code “%s”", where, text);
      return FALSE;
    }
  return TRUE;
}

TdVerdict *
td_verdict_from_json (JsonNode  *verdict,
                      JsonNode  *findings,
                      GError   **error)
{
  g_autoptr(TdVerdict) self = NULL;
  g_autofree char *code_text = NULL, *summary = NULL, *title = NULL;
  TdVerdictCode code;
  JsonObject *object;
  JsonArray *array;

  if ((object = td_json_require_object (verdict, "verdict", error)) == NULL)
    return NULL;
  if (!td_json_get_string (object, "code", FALSE, &code_text, error) ||
      !td_json_get_string (object, "summary", TRUE, &summary, error) ||
      !td_json_get_string (object, "title", FALSE, &title, error))
    {
      g_prefix_error (error, "verdict: ");
      return NULL;
    }
  if (!read_code (code_text, "verdict", &code, error))
    return NULL;
  /* "title" is the translated name of the code, written again in the
   * reader's language; only its type matters here. */
  self = td_verdict_new (code, summary);

  if (findings == NULL || !JSON_NODE_HOLDS_ARRAY (findings))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “findings” must be an array");
      return NULL;
    }
  array = json_node_get_array (findings);
  if (json_array_get_length (array) > TD_VERDICT_N_CODES)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “findings” has more than %d codes",
                   TD_VERDICT_N_CODES);
      return NULL;
    }
  /* Read verbatim (not through add_finding) so that a report written by
   * another version comes back exactly as it was. */
  g_array_set_size (self->findings, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("findings[%u]", i);
      TdVerdictCode finding;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s must be a string", where);
          return NULL;
        }
      if (!read_code (json_node_get_string (node), where, &finding, error))
        return NULL;
      for (guint j = 0; j < self->findings->len; j++)
        if (g_array_index (self->findings, TdVerdictCode, j) == finding)
          {
            g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s: “%s” is listed twice",
                         where, td_verdict_code_to_string (finding));
            return NULL;
          }
      g_array_append_val (self->findings, finding);
    }
  return g_steal_pointer (&self);
}
