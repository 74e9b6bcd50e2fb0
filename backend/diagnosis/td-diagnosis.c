/* td-diagnosis.c — from facts to findings to one verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-diagnosis.h"
#include "td-error.h"

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

static gboolean
client_error_is (TdHost            *host,
                 TdTeredoErrorCode  code)
{
  return host != NULL && host->client != NULL && host->client->error == code;
}

static gboolean
probe_error_is (TdProbeResult *probe,
                int            code)
{
  return probe != NULL && g_error_matches (probe->error, TD_ERROR, code);
}

static gboolean
teredo_switched_off (TdHost *host)
{
  TdTeredoClient *client = host ? host->client : NULL;

  if (client != NULL && client->type == TD_TEREDO_TYPE_DISABLED)
    return TRUE;
  if (host != NULL && host->windows != NULL)
    for (guint i = 0; i < host->windows->off_switches->len; i++)
      {
        TdHostOffSwitch *off = g_ptr_array_index (host->windows->off_switches, i);

        /* A stopped firewall service is the no-ipv6-firewall finding. */
        if (!g_str_equal (off->id, "service-mpssvc") && !g_str_equal (off->id, "service-bfe") &&
            !g_str_equal (off->id, "firewall-off"))
          return TRUE;
      }
  return FALSE;
}

static char *
summary_for (TdVerdictCode  code,
             TdHost        *host,
             TdProbeResult *probe)
{
  TdTeredoClient *client = host ? host->client : NULL;

  switch (code)
    {
    case TD_VERDICT_IPV6_DISABLED:
      return g_strdup (_("IPv6 is disabled on this computer."));
    case TD_VERDICT_GLOBAL_IPV6_OK:
      return g_strdup (_("Native IPv6 works: this computer is in the global cloud without Teredo."));
    case TD_VERDICT_TEREDO_QUALIFIED:
      if (client != NULL && client->address != NULL)
        return g_strdup_printf (_("Teredo works: this computer has the global IPv6 address %s."),
                                client->address);
      return g_strdup (_("Teredo works: this computer has a global IPv6 address."));
    case TD_VERDICT_TEREDO_DORMANT:
      return g_strdup (_("Teredo is ready and idle; it wakes up when an application needs it."));
    case TD_VERDICT_TEREDO_PROBING:
      return g_strdup (_("Teredo keeps trying to reach its server and never qualifies."));
    case TD_VERDICT_SERVER_UNRESOLVABLE:
      return g_strdup_printf (_("The Teredo server name %s cannot be resolved."),
                              probe && probe->server ? probe->server
                              : client && client->server_name ? client->server_name : "");
    case TD_VERDICT_SERVER_DOWN:
      return g_strdup_printf (_("No Teredo server is running at %s."),
                              probe && probe->primary ? probe->primary : _("the configured address"));
    case TD_VERDICT_UDP_BLOCKED:
      return g_strdup (_("UDP to the Teredo server (port 3544) is blocked: nothing comes back."));
    case TD_VERDICT_SECONDARY_BLOCKED:
      return g_strdup (_("The Teredo server's second address does not answer, so Teredo cannot qualify."));
    case TD_VERDICT_SYMMETRIC_NAT:
      return g_strdup (_("Your router is a symmetric NAT: Teredo may qualify, but peers cannot reach you."));
    case TD_VERDICT_MANAGED_NETWORK:
      return g_strdup (_("Windows switched Teredo off because it thinks this is a managed network."));
    case TD_VERDICT_TEREDO_DISABLED:
      return g_strdup (_("Teredo is switched off on this computer."));
    case TD_VERDICT_TEREDO_CLIENT_MISSING:
      if (probe != NULL && td_probe_result_qualified (probe))
        return g_strdup_printf (_("No Teredo client runs here, but your network would allow Teredo: %s NAT."),
                                td_nat_type_to_string (probe->nat));
      return g_strdup (_("No Teredo client is installed or running."));
    case TD_VERDICT_NO_IPV6_FIREWALL:
      return g_strdup (_("No IPv6 firewall is active, so Windows will not run Teredo."));
    case TD_VERDICT_PNRP_REMOVED:
      return g_strdup (_("The PNRP “global cloud” no longer exists on this Windows version."));
    case TD_VERDICT_UNKNOWN:
    case TD_VERDICT_N_CODES:
    default:
      return g_strdup (_("The checks could not find what is wrong."));
    }
}

TdVerdict *
td_diagnose (TdPlatform     platform,
             TdHost        *host,
             TdProbeResult *probe,
             TdCheckResult *ipv6_http)
{
  gboolean finding[TD_VERDICT_N_CODES] = { FALSE };
  TdTeredoClient *client = host ? host->client : NULL;
  gboolean probe_symmetric = probe != NULL && probe->nat == TD_NAT_TYPE_SYMMETRIC;
  gboolean probe_blocked = probe != NULL && !td_probe_result_reachable (probe);
  gboolean http_failed = ipv6_http != NULL &&
                         td_check_result_get_status (ipv6_http) == TD_CHECK_STATUS_FAIL;
  TdVerdict *verdict = NULL;
  /* Windows will not run Teredo without its firewall: the client's
   * "server unreachable" errors are then symptoms, not causes. */
  gboolean firewall_off = platform == TD_PLATFORM_WINDOWS && host != NULL && host->firewall != NULL &&
                          host->firewall->active == TD_TRISTATE_NO;
  gboolean trust_client_errors = probe == NULL && !firewall_off;

  if (host != NULL && host->ipv6_enabled == TD_TRISTATE_NO)
    finding[TD_VERDICT_IPV6_DISABLED] = TRUE;

  if (td_diagnosis_has_native_global (host) && host->default_route == TD_TRISTATE_YES && !http_failed)
    finding[TD_VERDICT_GLOBAL_IPV6_OK] = TRUE;

  if (client != NULL)
    {
      /* "Qualified" behind a symmetric NAT, or while the server does not
       * answer us, is not working Teredo (miredo never notices either). */
      if (client->state == TD_TEREDO_STATE_QUALIFIED && !probe_symmetric && !probe_blocked)
        finding[TD_VERDICT_TEREDO_QUALIFIED] = TRUE;
      if (client->state == TD_TEREDO_STATE_DORMANT)
        finding[TD_VERDICT_TEREDO_DORMANT] = TRUE;
      if (client->state == TD_TEREDO_STATE_PROBE)
        finding[TD_VERDICT_TEREDO_PROBING] = TRUE;
      /* miredo installed but not running is, for the user, no client. */
      if (client->implementation == TD_CLIENT_IMPL_NONE ||
          (client->implementation == TD_CLIENT_IMPL_MIREDO && client->state == TD_TEREDO_STATE_OFFLINE))
        finding[TD_VERDICT_TEREDO_CLIENT_MISSING] = TRUE;
      if (client->error == TD_TEREDO_ERROR_MANAGED_NETWORK ||
          (client->network == TD_TEREDO_NETWORK_MANAGED && client->state == TD_TEREDO_STATE_OFFLINE &&
           (client->type == TD_TEREDO_TYPE_CLIENT || client->type == TD_TEREDO_TYPE_DEFAULT)))
        finding[TD_VERDICT_MANAGED_NETWORK] = TRUE;
    }
  else if (host != NULL && platform != TD_PLATFORM_WINDOWS)
    finding[TD_VERDICT_TEREDO_CLIENT_MISSING] = TRUE;

  if (probe_error_is (probe, TD_ERROR_DNS_FAILED) ||
      client_error_is (host, TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED))
    finding[TD_VERDICT_SERVER_UNRESOLVABLE] = TRUE;
  if (probe_error_is (probe, TD_ERROR_PORT_UNREACHABLE))
    finding[TD_VERDICT_SERVER_DOWN] = TRUE;
  if (probe_error_is (probe, TD_ERROR_UNREACHABLE) || probe_error_is (probe, TD_ERROR_HOST_UNREACHABLE) ||
      probe_error_is (probe, TD_ERROR_NETWORK) ||
      (trust_client_errors && client_error_is (host, TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE)))
    finding[TD_VERDICT_UDP_BLOCKED] = TRUE;
  if ((probe != NULL && probe->nat == TD_NAT_TYPE_UNKNOWN) ||
      (trust_client_errors && client_error_is (host, TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE)))
    finding[TD_VERDICT_SECONDARY_BLOCKED] = TRUE;
  if (probe_symmetric ||
      (probe == NULL && client != NULL &&
       (client->nat == TD_TEREDO_NAT_SYMMETRIC || client->nat == TD_TEREDO_NAT_PORT_SYMMETRIC ||
        client->nat == TD_TEREDO_NAT_ADDRESS_SYMMETRIC)))
    finding[TD_VERDICT_SYMMETRIC_NAT] = TRUE;

  if (teredo_switched_off (host) || client_error_is (host, TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED))
    finding[TD_VERDICT_TEREDO_DISABLED] = TRUE;

  /* Windows refuses Teredo without its firewall; elsewhere a missing
   * firewall is worth a warning in its check, not a Teredo finding. */
  if (firewall_off)
    finding[TD_VERDICT_NO_IPV6_FIREWALL] = TRUE;
  if (host != NULL && host->pnrp == TD_PNRP_REMOVED)
    finding[TD_VERDICT_PNRP_REMOVED] = TRUE;

  for (int code = 0; code < TD_VERDICT_UNKNOWN; code++)
    if (finding[code])
      {
        if (verdict == NULL)
          {
            g_autofree char *summary = summary_for (code, host, probe);
            verdict = td_verdict_new (code, summary);
          }
        td_verdict_add_finding (verdict, code);
      }

  if (verdict == NULL)
    {
      g_autofree char *summary = summary_for (TD_VERDICT_UNKNOWN, host, probe);
      verdict = td_verdict_new (TD_VERDICT_UNKNOWN, summary);
      td_verdict_add_finding (verdict, TD_VERDICT_UNKNOWN);
    }
  return verdict;
}
