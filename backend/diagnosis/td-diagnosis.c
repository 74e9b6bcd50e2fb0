/* td-diagnosis.c — from facts to findings to one verdict
 *
 * Two steps.  First every finding that holds is collected (several usually
 * do).  Then the cause is chosen by rules that know causality, in this
 * order:
 *
 *   1. IPv6 itself is off, or native IPv6 works (Teredo is then not needed);
 *   2. what the host and the OS client report as their own reason: Teredo
 *      switched off, Windows Firewall off (Windows will not run Teredo
 *      without it), the managed-network rule, the client's "cannot resolve
 *      the server name";
 *   3. a qualified client: Teredo works (the probe's symptoms stay listed);
 *   4. a dormant client, unless the probe shows it would fail when woken;
 *   5. the probe's symptoms, which explain a client that is offline or in
 *      `probe` without a reason of its own: no DNS, no such name, server
 *      refused, UDP blocked, the secondary address silent (Windows only:
 *      miredo never contacts it);
 *   6. the client's own state: none installed, miredo stopped, offline for
 *      no reason it names, or probing;
 *   7. a symmetric NAT (a limitation: Vista and later qualify behind one);
 *   8. PNRP is gone, the server reaches Teredo peers only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-diagnosis.h"
#include "td-error.h"
#include "td-server-list.h"

gboolean
td_diagnosis_has_native_global (TdHost *host)
{
  if (host == NULL)
    return FALSE;
  for (guint i = 0; i < host->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (host->addresses, i);

      if (address->origin == TD_ADDRESS_ORIGIN_NATIVE && td_host_address_is_usable_global (address))
        return TRUE;
    }
  return FALSE;
}

TdTristate
td_diagnosis_http_outcome (TdCheckResult *ipv6_http)
{
  if (ipv6_http == NULL)
    return TD_TRISTATE_UNSET;
  switch (td_check_result_get_status (ipv6_http))
    {
    case TD_CHECK_STATUS_PASS:
      return TD_TRISTATE_YES;
    case TD_CHECK_STATUS_FAIL:
      return TD_TRISTATE_NO;
    default:
      return TD_TRISTATE_UNSET;
    }
}

gboolean
td_diagnosis_teredo_switched_off (TdHost *host)
{
  static const char * const causes[] = {
    "disabled-components", "teredo-type", "group-policy", "netsh-type", "service-iphlpsvc",
  };
  TdTeredoClient *client = host ? host->client : NULL;

  if (client != NULL && client->type == TD_TEREDO_TYPE_DISABLED)
    return TRUE;
  if (host == NULL || host->windows == NULL)
    return FALSE;
  for (guint i = 0; i < host->windows->off_switches->len; i++)
    {
      TdHostOffSwitch *off = g_ptr_array_index (host->windows->off_switches, i);

      for (guint j = 0; j < G_N_ELEMENTS (causes); j++)
        if (g_str_equal (off->id, causes[j]))
          return TRUE;
    }
  return FALSE;
}

gboolean
td_diagnosis_windows_firewall_off (const TdFacts *facts)
{
  return facts->platform == TD_PLATFORM_WINDOWS && facts->host != NULL &&
         facts->host->firewall != NULL && facts->host->firewall->active == TD_TRISTATE_NO;
}

gboolean
td_diagnosis_managed_network (TdHost *host)
{
  TdTeredoClient *client = host ? host->client : NULL;

  /* The enterprise client ignores the managed-network test: a "managed"
   * Network line is then only information. */
  return client != NULL &&
         (client->error == TD_TEREDO_ERROR_MANAGED_NETWORK ||
          (client->network == TD_TEREDO_NETWORK_MANAGED && client->state == TD_TEREDO_STATE_OFFLINE &&
           (client->type == TD_TEREDO_TYPE_CLIENT || client->type == TD_TEREDO_TYPE_DEFAULT)));
}

const char *
td_diagnosis_current_server (const TdFacts *facts)
{
  if (facts->host != NULL && facts->host->client != NULL && facts->host->client->server_name != NULL)
    return facts->host->client->server_name;
  if (facts->probe != NULL)
    return facts->probe->server;
  return NULL;
}

static gboolean
probe_error_is (TdProbeResult *probe,
                int            code)
{
  return probe != NULL && g_error_matches (probe->error, TD_ERROR, code);
}

/* ---- the facts, named ---------------------------------------------------- */

typedef struct {
  const TdFacts  *facts;
  TdTeredoClient *client;
  gboolean        windows;
  gboolean        finding[TD_VERDICT_N_CODES];
} Judgement;

static gboolean
client_error_is (Judgement         *j,
                 TdTeredoErrorCode  code)
{
  return j->client != NULL && j->client->error == code;
}

static gboolean
client_state_is (Judgement     *j,
                 TdTeredoState  state)
{
  return j->client != NULL && j->client->implementation != TD_CLIENT_IMPL_NONE &&
         j->client->state == state;
}

static gboolean
probe_reaches_server (Judgement *j)
{
  return j->facts->probe != NULL && td_probe_result_reachable (j->facts->probe);
}

static gboolean
server_peers_only (Judgement *j)
{
  const TdServerEntry *entry = td_server_list_lookup (td_diagnosis_current_server (j->facts));

  return entry != NULL && entry->peers_only;
}

/* The OS client is offline and names nothing we can act on otherwise: the
 * remedy ladder of the facts document §4 (restart, reset, reboot, another
 * server) applies. */
static gboolean
client_offline_without_cause (Judgement *j)
{
  if (!j->windows || !client_state_is (j, TD_TEREDO_STATE_OFFLINE))
    return FALSE;
  if (client_error_is (j, TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED) ||
      client_error_is (j, TD_TEREDO_ERROR_GENERAL_FAILURE) ||
      client_error_is (j, TD_TEREDO_ERROR_NONE) || client_error_is (j, TD_TEREDO_ERROR_UNSET) ||
      client_error_is (j, TD_TEREDO_ERROR_UNKNOWN))
    return TRUE;
  /* "Unreachable over UDP" while our own datagrams get through: the client
   * gave up and stays down (it stops retrying after about 30 s). */
  if (client_error_is (j, TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE) && probe_reaches_server (j))
    return TRUE;
  if (client_error_is (j, TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE) && probe_reaches_server (j) &&
      j->facts->probe->secondary_reachable)
    return TRUE;
  return FALSE;
}

static void
collect_findings (Judgement *j)
{
  const TdFacts *facts = j->facts;
  TdHost *host = facts->host;
  TdProbeResult *probe = facts->probe;
  TdTeredoClient *client = j->client;
  gboolean *f = j->finding;
  gboolean firewall_off = td_diagnosis_windows_firewall_off (facts);
  /* Without a probe (a report of a machine we could not test) the client's
   * own error lines stand for the probe's findings. */
  gboolean trust_client_errors = probe == NULL && !firewall_off;

  f[TD_VERDICT_IPV6_DISABLED] = host != NULL && host->ipv6_enabled == TD_TRISTATE_NO;
  f[TD_VERDICT_GLOBAL_IPV6_OK] = td_diagnosis_has_native_global (host) &&
                                 host->default_route == TD_TRISTATE_YES &&
                                 facts->ipv6_http != TD_TRISTATE_NO;

  f[TD_VERDICT_TEREDO_QUALIFIED] = client_state_is (j, TD_TEREDO_STATE_QUALIFIED);
  f[TD_VERDICT_TEREDO_DORMANT] = client_state_is (j, TD_TEREDO_STATE_DORMANT);
  f[TD_VERDICT_TEREDO_PROBING] = client_state_is (j, TD_TEREDO_STATE_PROBE);
  f[TD_VERDICT_TEREDO_CLIENT_MISSING] =
    (client != NULL && client->implementation == TD_CLIENT_IMPL_NONE) ||
    (client == NULL && host != NULL && !j->windows);
  f[TD_VERDICT_TEREDO_CLIENT_STOPPED] = client != NULL &&
                                        client->implementation == TD_CLIENT_IMPL_MIREDO &&
                                        client->state == TD_TEREDO_STATE_OFFLINE;
  f[TD_VERDICT_MANAGED_NETWORK] = j->windows && td_diagnosis_managed_network (host);
  f[TD_VERDICT_TEREDO_DISABLED] = td_diagnosis_teredo_switched_off (host);
  f[TD_VERDICT_NO_IPV6_FIREWALL] = firewall_off;
  f[TD_VERDICT_PNRP_REMOVED] = host != NULL && host->pnrp == TD_PNRP_REMOVED;

  f[TD_VERDICT_DNS_DOWN] = probe_error_is (probe, TD_ERROR_DNS_UNAVAILABLE);
  f[TD_VERDICT_SERVER_UNRESOLVABLE] = probe_error_is (probe, TD_ERROR_DNS_FAILED) ||
                                      (client_error_is (j, TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED) &&
                                       !f[TD_VERDICT_DNS_DOWN]);
  f[TD_VERDICT_SERVER_DOWN] = probe_error_is (probe, TD_ERROR_PORT_UNREACHABLE);
  f[TD_VERDICT_UDP_BLOCKED] = probe_error_is (probe, TD_ERROR_UNREACHABLE) ||
                              probe_error_is (probe, TD_ERROR_HOST_UNREACHABLE) ||
                              probe_error_is (probe, TD_ERROR_NETWORK) ||
                              probe_error_is (probe, TD_ERROR_LOCAL_FIREWALL) ||
                              (trust_client_errors &&
                               client_error_is (j, TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE));
  f[TD_VERDICT_SECONDARY_BLOCKED] = (probe != NULL && probe->nat == TD_NAT_TYPE_UNKNOWN) ||
                                    (trust_client_errors &&
                                     client_error_is (j, TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE));
  f[TD_VERDICT_SYMMETRIC_NAT] =
    (probe != NULL && probe->nat == TD_NAT_TYPE_SYMMETRIC) ||
    (probe == NULL && client != NULL &&
     (client->nat == TD_TEREDO_NAT_SYMMETRIC || client->nat == TD_TEREDO_NAT_PORT_SYMMETRIC ||
      client->nat == TD_TEREDO_NAT_ADDRESS_SYMMETRIC));
  f[TD_VERDICT_TEREDO_OFFLINE] = !f[TD_VERDICT_TEREDO_DISABLED] && !f[TD_VERDICT_MANAGED_NETWORK] &&
                                 !firewall_off && client_offline_without_cause (j);
  f[TD_VERDICT_SERVER_PEERS_ONLY] = f[TD_VERDICT_TEREDO_QUALIFIED] &&
                                    facts->ipv6_http == TD_TRISTATE_NO && server_peers_only (j);
}

/* The first finding of @order that holds. */
static gboolean
first_of (Judgement           *j,
          const TdVerdictCode *order,
          gsize                n,
          TdVerdictCode       *out_code)
{
  for (gsize i = 0; i < n; i++)
    if (j->finding[order[i]])
      {
        *out_code = order[i];
        return TRUE;
      }
  return FALSE;
}

static TdVerdictCode
choose_cause (Judgement *j)
{
  /* Steps 1 and 2: the host's and the OS client's own reasons. */
  static const TdVerdictCode own_reasons[] = {
    TD_VERDICT_IPV6_DISABLED, TD_VERDICT_GLOBAL_IPV6_OK, TD_VERDICT_TEREDO_DISABLED,
    TD_VERDICT_NO_IPV6_FIREWALL, TD_VERDICT_MANAGED_NETWORK,
  };
  /* Step 5: what the probe measured, the most basic first. */
  static const TdVerdictCode symptoms[] = {
    TD_VERDICT_DNS_DOWN, TD_VERDICT_SERVER_UNRESOLVABLE, TD_VERDICT_SERVER_DOWN,
    TD_VERDICT_UDP_BLOCKED,
  };
  /* Steps 6 to 8.  No client, or a stopped miredo, comes after the
   * network's symptoms: starting a client does not help while the path is
   * broken. */
  static const TdVerdictCode rest[] = {
    TD_VERDICT_TEREDO_CLIENT_MISSING, TD_VERDICT_TEREDO_CLIENT_STOPPED, TD_VERDICT_TEREDO_OFFLINE, TD_VERDICT_TEREDO_PROBING, TD_VERDICT_SYMMETRIC_NAT,
    TD_VERDICT_PNRP_REMOVED, TD_VERDICT_SERVER_PEERS_ONLY,
  };
  gboolean *f = j->finding;
  TdVerdictCode code;

  if (first_of (j, own_reasons, G_N_ELEMENTS (own_reasons), &code))
    return code;
  if (client_error_is (j, TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED))
    return f[TD_VERDICT_DNS_DOWN] ? TD_VERDICT_DNS_DOWN : TD_VERDICT_SERVER_UNRESOLVABLE;
  if (f[TD_VERDICT_TEREDO_QUALIFIED])
    return TD_VERDICT_TEREDO_QUALIFIED;
  /* A dormant client fails when woken if the server cannot be reached, or,
   * on Windows, if its second address is silent. */
  if (f[TD_VERDICT_TEREDO_DORMANT] &&
      !f[TD_VERDICT_DNS_DOWN] && !f[TD_VERDICT_SERVER_UNRESOLVABLE] && !f[TD_VERDICT_SERVER_DOWN] &&
      !f[TD_VERDICT_UDP_BLOCKED] && !(j->windows && f[TD_VERDICT_SECONDARY_BLOCKED]))
    return TD_VERDICT_TEREDO_DORMANT;
  if (first_of (j, symptoms, G_N_ELEMENTS (symptoms), &code))
    return code;
  /* miredo never contacts the secondary address: on Linux it is
   * information for Windows clients, never the cause. */
  if (j->windows && f[TD_VERDICT_SECONDARY_BLOCKED])
    return TD_VERDICT_SECONDARY_BLOCKED;
  if (first_of (j, rest, G_N_ELEMENTS (rest), &code))
    return code;
  return TD_VERDICT_UNKNOWN;
}

static char *
server_status_text (const char *server)
{
  const TdServerEntry *entry = td_server_list_lookup (server);

  if (entry == NULL || entry->status == TD_SERVER_STATUS_ALIVE)
    return NULL;
  /* TRANSLATORS: the first %s is a status (dead, unknown), the second an
   * ISO date; this follows a sentence about the server. */
  return g_strdup_printf (_(" The dated server table lists it as %s (last seen %s)."),
                          td_server_status_to_string (entry->status), entry->last_seen);
}

static char *
summary_for (TdVerdictCode  code,
             Judgement     *j)
{
  const TdFacts *facts = j->facts;
  TdProbeResult *probe = facts->probe;
  TdTeredoClient *client = j->client;
  const char *server = td_diagnosis_current_server (facts);

  switch (code)
    {
    case TD_VERDICT_IPV6_DISABLED:
      return g_strdup (_("IPv6 is disabled on this computer."));
    case TD_VERDICT_GLOBAL_IPV6_OK:
      return g_strdup (_("Native IPv6 works: this computer is in the global cloud without Teredo."));
    case TD_VERDICT_TEREDO_QUALIFIED:
      if (j->finding[TD_VERDICT_SERVER_PEERS_ONLY])
        return g_strdup_printf (_("Teredo works, but its server %s only connects Teredo clients "
                                  "with each other: peers answer, the IPv6 Internet does not."),
                                server ? server : "");
      if (client != NULL && client->address != NULL)
        return g_strdup_printf (_("Teredo works: this computer has the global IPv6 address %s."),
                                client->address);
      return g_strdup (_("Teredo works: this computer has a global IPv6 address."));
    case TD_VERDICT_TEREDO_DORMANT:
      return g_strdup (_("Teredo is ready and idle; it wakes up when an application needs it."));
    case TD_VERDICT_TEREDO_PROBING:
      return g_strdup (_("Teredo keeps trying to reach its server and never qualifies."));
    case TD_VERDICT_SERVER_UNRESOLVABLE:
      {
        g_autofree char *status = server_status_text (server);

        return g_strdup_printf (_("The Teredo server name %s cannot be resolved.%s"), server ? server : "",
                                status ? status : "");
      }
    case TD_VERDICT_DNS_DOWN:
      return g_strdup (_("No DNS server answers: no name resolves, so no Teredo server can be "
                         "reached by name. Fix the network connection or DNS first."));
    case TD_VERDICT_SERVER_DOWN:
      return g_strdup_printf (_("The Teredo server %s refused the datagrams (ICMP port unreachable): "
                                "the server is down, or a firewall on the path rejects them."),
                              probe && probe->primary ? probe->primary : _("the configured address"));
    case TD_VERDICT_UDP_BLOCKED:
      if (probe_error_is (probe, TD_ERROR_LOCAL_FIREWALL))
        return g_strdup (_("This computer's own firewall refuses to send UDP to the Teredo server."));
      return g_strdup (_("UDP to the Teredo server (port 3544) is blocked: nothing comes back."));
    case TD_VERDICT_SECONDARY_BLOCKED:
      return g_strdup (_("The Teredo server's second address does not answer; Windows needs it to "
                         "qualify."));
    case TD_VERDICT_SYMMETRIC_NAT:
      return g_strdup (_("Your router is a symmetric NAT: Teredo can still qualify, but peers that "
                         "are behind restrictive NATs too may not reach you."));
    case TD_VERDICT_MANAGED_NETWORK:
      return g_strdup (_("Windows switched Teredo off because it thinks this is a managed network."));
    case TD_VERDICT_TEREDO_DISABLED:
      return g_strdup (_("Teredo is switched off on this computer."));
    case TD_VERDICT_TEREDO_CLIENT_MISSING:
      if (probe != NULL && td_probe_result_qualified (probe))
        return g_strdup_printf (_("No Teredo client is installed, but your network would allow "
                                  "Teredo: %s NAT."),
                                td_nat_type_to_string (probe->nat));
      return g_strdup (_("No Teredo client is installed."));
    case TD_VERDICT_TEREDO_CLIENT_STOPPED:
      return g_strdup (_("Miredo, the Teredo client, is installed but not running."));
    case TD_VERDICT_NO_IPV6_FIREWALL:
      return g_strdup (_("Windows Firewall is off, so Windows will not run Teredo."));
    case TD_VERDICT_TEREDO_OFFLINE:
      return g_strdup (_("The Teredo client is offline without a reason it names: restart it, "
                         "reset it, or try another server."));
    case TD_VERDICT_PNRP_REMOVED:
      return g_strdup (_("The PNRP “global cloud” no longer exists on this Windows version."));
    case TD_VERDICT_SERVER_PEERS_ONLY:
      return g_strdup (_("The Teredo server only connects Teredo clients with each other: the "
                         "IPv6 Internet does not answer through it."));
    case TD_VERDICT_UNKNOWN:
    case TD_VERDICT_N_CODES:
    default:
      return g_strdup (_("The checks could not find what is wrong."));
    }
}

TdVerdict *
td_diagnose_facts (const TdFacts *facts)
{
  Judgement j = {
    .facts = facts,
    .client = facts->host ? facts->host->client : NULL,
    .windows = facts->platform == TD_PLATFORM_WINDOWS,
  };
  g_autofree char *summary = NULL;
  TdVerdictCode leader;
  TdVerdict *verdict;

  collect_findings (&j);
  leader = choose_cause (&j);
  summary = summary_for (leader, &j);
  verdict = td_verdict_new (leader, summary);
  for (int code = 0; code < TD_VERDICT_UNKNOWN; code++)
    if (j.finding[code])
      td_verdict_add_finding (verdict, code);
  return verdict;
}

TdVerdict *
td_diagnose (TdPlatform     platform,
             TdHost        *host,
             TdProbeResult *probe,
             TdCheckResult *ipv6_http)
{
  TdFacts facts = {
    .platform = platform,
    .host = host,
    .probe = probe,
    .ipv6_http = td_diagnosis_http_outcome (ipv6_http),
  };

  return td_diagnose_facts (&facts);
}
