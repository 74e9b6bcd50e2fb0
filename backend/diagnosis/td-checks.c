/* td-checks.c — how each check judges the facts it was given
 *
 * The runner gathers facts (host, DNS, probe, HTTP, ping); these functions
 * turn them into a status, a one-line summary, details, evidence and
 * remedies.  They never fail: missing facts give "skip" or "warn".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-checks.h"
#include "td-diagnosis.h"
#include "td-error.h"
#include "td-knowledge.h"

static void
add_remedies (TdCheckResult *result,
              TdVerdictCode  code,
              TdPlatform     platform,
              TdHost        *host,
              TdProbeResult *probe)
{
  g_autoptr(GPtrArray) remedies = td_knowledge_remedies (code, platform, host, probe);

  for (guint i = 0; i < remedies->len; i++)
    td_check_result_add_remedy (result, td_remedy_copy (g_ptr_array_index (remedies, i)));
}

static void
add_host_evidence (TdCheckResult *result,
                   TdHost        *host,
                   const char    *program)
{
  for (guint i = 0; i < host->evidence->len; i++)
    {
      TdHostEvidence *evidence = g_ptr_array_index (host->evidence, i);
      const char *name = evidence->argv ? evidence->argv[0] : evidence->path;
      g_autofree char *label = NULL;

      if (name == NULL || strstr (name, program) == NULL)
        continue;
      label = evidence->argv ? g_strjoinv (" ", evidence->argv) : g_strdup (evidence->path);
      td_check_result_add_evidence (result, label,
                                    evidence->stdout_text ? evidence->stdout_text
                                    : evidence->error_message ? evidence->error_message : "");
    }
}

static const TdHostError *
fact_error (TdHost     *host,
            const char *fact)
{
  return td_host_get_error (host, fact);
}

void
td_check_eval_ipv6_stack (TdCheckResult *result,
                          TdHost        *host)
{
  g_autofree char *reasons = NULL;

  if (host->ipv6_reasons->len > 0)
    {
      g_ptr_array_add (host->ipv6_reasons, NULL);
      reasons = g_strjoinv ("\n", (char **) host->ipv6_reasons->pdata);
      g_ptr_array_set_size (host->ipv6_reasons, host->ipv6_reasons->len - 1);
    }
  switch (host->ipv6_enabled)
    {
    case TD_TRISTATE_YES:
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, _("IPv6 is enabled"), reasons);
      break;
    case TD_TRISTATE_NO:
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, _("IPv6 is disabled"), reasons);
      add_remedies (result, TD_VERDICT_IPV6_DISABLED, host->platform, host, NULL);
      break;
    case TD_TRISTATE_UNSET:
    default:
      {
        const TdHostError *error = fact_error (host, "ipv6");
        td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN, _("Could not tell whether IPv6 is enabled"),
                                     error ? error->message : reasons);
      }
    }
}

void
td_check_eval_global_cloud (TdCheckResult *result,
                            TdHost        *host)
{
  g_autoptr(GString) details = g_string_new (NULL);
  const TdHostCloud *global = NULL;

  for (guint i = 0; i < host->clouds->len; i++)
    {
      const TdHostCloud *cloud = g_ptr_array_index (host->clouds, i);

      if (cloud->scope == TD_ADDRESS_SCOPE_GLOBAL)
        global = cloud;
      g_string_append_printf (details, "%s", cloud->name);
      for (guint j = 0; j < cloud->addresses->len; j++)
        g_string_append_printf (details, "%s%s", j == 0 ? ": " : ", ",
                                (const char *) g_ptr_array_index (cloud->addresses, j));
      g_string_append_c (details, '\n');
    }
  if (host->default_route != TD_TRISTATE_UNSET)
    g_string_append_printf (details, _("IPv6 default route: %s\n"),
                            host->default_route == TD_TRISTATE_YES ? _("yes") : _("no"));
  if (host->pnrp == TD_PNRP_REMOVED)
    g_string_append (details, _("PNRP (netsh p2p pnrp) is gone from this Windows version: the "
                                "clouds above are computed the way PNRP named them.\n"));
  add_host_evidence (result, host, "pnrp");

  if (global != NULL && host->default_route != TD_TRISTATE_NO)
    {
      g_autofree char *summary = g_strdup_printf (_("Global_ cloud present (%s)"),
                                                  (const char *) g_ptr_array_index (global->addresses, 0));
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary, details->str);
    }
  else if (global != NULL)
    td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN,
                                 _("A global IPv6 address, but no IPv6 default route"), details->str);
  else
    td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                                 _("No Global_ cloud: no global IPv6 address"), details->str);
}

static char *
client_details (TdTeredoClient *client)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n", td_knowledge_explain_state (client->state));
#define LINE(label, value) if (value) g_string_append_printf (text, "%s: %s\n", label, value)
  LINE (_("Implementation"), td_client_implementation_to_string (client->implementation));
  LINE (_("Type"), td_teredo_type_to_string (client->type));
  LINE (_("Server"), client->server_name);
  LINE (_("Probe phase"), client->probe_phase);
  LINE (_("Error"), client->error_raw);
  LINE (_("Network"), td_teredo_network_to_string (client->network));
  LINE (_("NAT"), td_teredo_nat_to_string (client->nat));
  LINE (_("External mapping"), client->external_mapping);
  LINE (_("Address"), client->address);
#undef LINE
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
td_check_eval_teredo_client (TdCheckResult *result,
                             TdHost        *host,
                             TdProbeResult *probe,
                             guint          waited_s)
{
  TdTeredoClient *client = host->client;
  g_autofree char *details = NULL;
  g_autofree char *summary = NULL;

  if (client == NULL)
    {
      const TdHostError *error = fact_error (host, "client");
      td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN, _("Could not read the Teredo client state"),
                                   error ? error->message : NULL);
      return;
    }
  details = client_details (client);
  if (client->raw != NULL)
    td_check_result_add_evidence (result, _("Teredo client output"), client->raw);

  switch (client->implementation == TD_CLIENT_IMPL_NONE ? TD_TEREDO_STATE_UNKNOWN : client->state)
    {
    case TD_TEREDO_STATE_QUALIFIED:
      summary = client->address ? g_strdup_printf (_("Qualified, address %s"), client->address)
                                : g_strdup (_("Qualified"));
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary, details);
      break;
    case TD_TEREDO_STATE_DORMANT:
      td_check_result_set_outcome (result, TD_CHECK_STATUS_INFO, _("Dormant: ready, idle until needed"),
                                   details);
      break;
    case TD_TEREDO_STATE_PROBE:
      summary = waited_s > 0
        ? g_strdup_printf (_("Still probing after %u s (%s)"), waited_s,
                           client->probe_phase ? client->probe_phase : _("no answer"))
        : g_strdup_printf (_("Probing (%s)"), client->probe_phase ? client->probe_phase : "");
      td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN, summary, details);
      add_remedies (result, TD_VERDICT_TEREDO_PROBING, host->platform, host, probe);
      break;
    case TD_TEREDO_STATE_OFFLINE:
      if (client->implementation == TD_CLIENT_IMPL_MIREDO)
        {
          td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                                       _("miredo is installed but not running"), details);
          add_remedies (result, TD_VERDICT_TEREDO_CLIENT_STOPPED, host->platform, host, probe);
        }
      else
        td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, _("Offline"), details);
      break;
    case TD_TEREDO_STATE_UNKNOWN:
    default:
      if (client->implementation == TD_CLIENT_IMPL_NONE)
        {
          td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, _("No Teredo client installed"),
                                       td_knowledge_explain_verdict (TD_VERDICT_TEREDO_CLIENT_MISSING));
          add_remedies (result, TD_VERDICT_TEREDO_CLIENT_MISSING, host->platform, host, probe);
        }
      else
        td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN, _("State unknown"), details);
    }
}

void
td_check_eval_teredo_error (TdCheckResult *result,
                            TdHost        *host,
                            TdProbeResult *probe)
{
  TdTeredoClient *client = host->client;
  /* "Unreachable" errors while the probe reaches the server are the
   * client's own stall: the restart-reset ladder, not a blocked path. */
  gboolean reaches = probe != NULL && td_probe_result_reachable (probe);
  const struct { TdTeredoErrorCode error; TdVerdictCode verdict; } map[] = {
    { TD_TEREDO_ERROR_MANAGED_NETWORK, TD_VERDICT_MANAGED_NETWORK },
    { TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE,
      reaches ? TD_VERDICT_TEREDO_OFFLINE : TD_VERDICT_UDP_BLOCKED },
    { TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE,
      reaches && probe->secondary_reachable ? TD_VERDICT_TEREDO_OFFLINE : TD_VERDICT_SECONDARY_BLOCKED },
    { TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED, TD_VERDICT_SERVER_UNRESOLVABLE },
    { TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED,
      td_diagnosis_teredo_switched_off (host) ? TD_VERDICT_TEREDO_DISABLED : TD_VERDICT_TEREDO_OFFLINE },
    { TD_TEREDO_ERROR_GENERAL_FAILURE, TD_VERDICT_TEREDO_OFFLINE },
  };

  if (client == NULL || client->implementation == TD_CLIENT_IMPL_NONE)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP, _("No Teredo client to report an error"), NULL);
      return;
    }
  if (client->error == TD_TEREDO_ERROR_UNSET || client->error == TD_TEREDO_ERROR_NONE)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, _("No error reported"),
                                   client->error_raw);
      return;
    }

  td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                               client->error_raw ? client->error_raw : td_teredo_error_code_to_string (client->error),
                               td_knowledge_explain_error (client->error));
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (map[i].error == client->error)
      add_remedies (result, map[i].verdict, host->platform, host, probe);
}

/* Off-switches that belong to the firewall check, listed here for
 * completeness but judged there (so the two checks never disagree). */
static gboolean
is_firewall_switch (const char *id)
{
  return g_str_equal (id, "firewall-off") || g_str_equal (id, "service-mpssvc") ||
         g_str_equal (id, "service-bfe");
}

void
td_check_eval_teredo_components (TdCheckResult *result,
                                 TdHost        *host)
{
  g_autoptr(GString) details = g_string_new (NULL);
  guint n = 0;

  if (host->windows != NULL)
    {
      for (guint i = 0; i < host->windows->off_switches->len; i++)
        {
          TdHostOffSwitch *off = g_ptr_array_index (host->windows->off_switches, i);
          const char *detail = off->detail ? off->detail : td_knowledge_explain_off_switch (off->id);

          if (is_firewall_switch (off->id))
            /* TRANSLATORS: %s says which firewall profile or service is off. */
            g_string_append_printf (details, _("%s (see the firewall check)\n"), detail);
          else
            {
              g_string_append_printf (details, "%s: %s\n", off->id, detail);
              n++;
            }
        }
      /* A VPN adapter is a hint, never a setting to undo. */
      for (guint i = 0; i < host->windows->vpn_adapters->len; i++)
        {
          const TdHostAdapter *adapter = g_ptr_array_index (host->windows->vpn_adapters, i);

          /* TRANSLATORS: an adapter's name, then its description or kind. */
          g_string_append_printf (details, _("Hint: the VPN adapter %s (%s) may switch Teredo off "
                                             "while its VPN is connected.\n"),
                                  adapter->name,
                                  adapter->description ? adapter->description : adapter->kind);
        }
    }
  if (host->client != NULL && host->client->type == TD_TEREDO_TYPE_DISABLED && host->windows == NULL)
    {
      g_string_append (details, td_knowledge_explain_off_switch ("netsh-type"));
      n++;
    }
  add_host_evidence (result, host, "reg");
  add_host_evidence (result, host, "sc");

  if (host->platform != TD_PLATFORM_WINDOWS && n == 0)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP,
                                   _("No Teredo off-switches on this platform"), NULL);
      return;
    }
  if (n == 0)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, _("Nothing switches Teredo off"),
                                   details->len > 0 ? details->str : NULL);
      return;
    }
  {
    g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting switches Teredo off",
                                                             "%u settings switch Teredo off", n), n);
    td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, summary, details->str);
    add_remedies (result, TD_VERDICT_TEREDO_DISABLED, host->platform, host, NULL);
  }
}

void
td_check_eval_managed_network (TdCheckResult *result,
                               TdHost        *host)
{
  TdTeredoClient *client = host->client;
  g_autofree char *details = NULL;

  if (host->platform != TD_PLATFORM_WINDOWS || client == NULL)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP,
                                   _("Only Windows switches Teredo off on managed networks"), NULL);
      return;
    }
  if (host->windows != NULL && host->windows->domain_member == TD_TRISTATE_YES)
    details = g_strdup_printf (_("This computer is a member of the domain %s."),
                               host->windows->domain ? host->windows->domain : "?");
  if (client->error == TD_TEREDO_ERROR_MANAGED_NETWORK ||
      (client->network == TD_TEREDO_NETWORK_MANAGED &&
       (client->type == TD_TEREDO_TYPE_CLIENT || client->type == TD_TEREDO_TYPE_DEFAULT) &&
       client->state == TD_TEREDO_STATE_OFFLINE))
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                                   _("Teredo is off because the network counts as managed"),
                                   details ? details : td_knowledge_explain_verdict (TD_VERDICT_MANAGED_NETWORK));
      add_remedies (result, TD_VERDICT_MANAGED_NETWORK, host->platform, host, NULL);
    }
  else if (client->network == TD_TEREDO_NETWORK_MANAGED)
    td_check_result_set_outcome (result, TD_CHECK_STATUS_INFO,
                                 _("Managed network, but the client type ignores it"), details);
  else
    td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, _("Not blocked by the managed-network test"),
                                 details);
}

static gboolean
windows_profile_off (TdHost *host)
{
  for (guint i = 0; host->windows != NULL && i < host->windows->off_switches->len; i++)
    if (g_str_equal (((TdHostOffSwitch *) g_ptr_array_index (host->windows->off_switches, i))->id,
                     "firewall-off"))
      return TRUE;
  return FALSE;
}

void
td_check_eval_ipv6_firewall (TdCheckResult *result,
                             TdHost        *host)
{
  TdHostFirewall *firewall = host->firewall;
  g_autoptr(GString) details = g_string_new (NULL);

  if (firewall == NULL)
    {
      const TdHostError *error = fact_error (host, "firewall");
      td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN, _("Firewall state unknown"),
                                   error ? error->message : NULL);
      return;
    }
  if (firewall->reason)
    g_string_append_printf (details, "%s\n", firewall->reason);
  for (guint i = 0; i < firewall->sources->len; i++)
    {
      TdFirewallSource *source = g_ptr_array_index (firewall->sources, i);
      g_string_append_printf (details, "%s: %s\n", source->name, source->detail ? source->detail : "");
    }
  add_host_evidence (result, host, "nft");
  add_host_evidence (result, host, "advfirewall");
  add_host_evidence (result, host, "netsh");

  if (firewall->active == TD_TRISTATE_YES && host->platform == TD_PLATFORM_WINDOWS &&
      windows_profile_off (host))
    {
      /* What the off-switch check lists too: on, but not in every profile. */
      td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN,
                                   _("Windows Firewall is on, but off in a profile: Teredo will not "
                                     "run on networks of that profile"),
                                   details->str);
      add_remedies (result, TD_VERDICT_NO_IPV6_FIREWALL, host->platform, host, NULL);
    }
  else if (firewall->active == TD_TRISTATE_YES && firewall->covers_ipv6 != TD_TRISTATE_NO)
    {
      g_autofree char *summary = g_strdup_printf (_("Active (%s)"), firewall->name ? firewall->name : "?");
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary, details->str);
    }
  else if (firewall->active == TD_TRISTATE_UNSET)
    {
      if (firewall->how_to_check)
        g_string_append_printf (details, _("Check by hand: %s\n"), firewall->how_to_check);
      /* Only a refusal means rights; else the details say what failed
       * (a missing program, an output not collected…). */
      td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN,
                                   firewall->how_to_check != NULL
                                   ? _("Unknown — reading it needs administrator rights")
                                   : _("Firewall state unknown"),
                                   details->str);
    }
  else if (host->platform == TD_PLATFORM_WINDOWS)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                                   _("Windows Firewall is off: Teredo will not run (a third-party "
                                     "firewall that registers with Windows and covers IPv6 counts too)"),
                                   details->str);
      add_remedies (result, TD_VERDICT_NO_IPV6_FIREWALL, host->platform, host, NULL);
    }
  else
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_INFO,
                                   firewall->active == TD_TRISTATE_YES
                                   ? _("A firewall is active, but not for IPv6")
                                   : _("No IPv6 firewall: a Teredo address would expose every service"),
                                   details->str);
      add_remedies (result, TD_VERDICT_NO_IPV6_FIREWALL, host->platform, host, NULL);
    }
}

void
td_check_eval_probe (TdCheckResult *result,
                     TdProbeResult *probe,
                     TdHost        *host,
                     TdPlatform     platform)
{
  g_autoptr(GString) packets = g_string_new (NULL);
  g_autofree char *summary = NULL;
  TdVerdictCode code = TD_VERDICT_UDP_BLOCKED;

  for (guint i = 0; i < probe->events->len; i++)
    {
      TdProbeEvent *event = g_ptr_array_index (probe->events, i);
      g_string_append_printf (packets, "%8.3f ms  %-9s %-8s %-18s %s\n", event->time_us / 1000.0,
                              event->socket ? event->socket : "", event->direction,
                              event->peer ? event->peer : "", event->what);
    }
  td_check_result_add_evidence (result, _("Datagrams"), packets->str);

  if (td_probe_result_reachable (probe))
    {
      summary = g_strdup_printf (_("%s answers over UDP (%.1f ms)"), probe->primary,
                                 probe->rtt_us / 1000.0);
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary,
                                   probe->teredo_address ? probe->teredo_address : NULL);
      return;
    }
  if (g_error_matches (probe->error, TD_ERROR, TD_ERROR_PORT_UNREACHABLE))
    code = TD_VERDICT_SERVER_DOWN;
  else if (g_error_matches (probe->error, TD_ERROR, TD_ERROR_DNS_FAILED))
    code = TD_VERDICT_SERVER_UNRESOLVABLE;
  else if (g_error_matches (probe->error, TD_ERROR, TD_ERROR_DNS_UNAVAILABLE))
    code = TD_VERDICT_DNS_DOWN;
  td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                               code == TD_VERDICT_SERVER_DOWN
                               ? _("Refused (ICMP port unreachable): the server is down or a firewall "
                                   "on the path rejects")
                               : g_error_matches (probe->error, TD_ERROR, TD_ERROR_LOCAL_FIREWALL)
                               ? _("This computer's firewall refuses to send to the server")
                               : g_error_matches (probe->error, TD_ERROR, TD_ERROR_NETWORK)
                               ? _("No IPv4 route to the server: this computer is not on a network")
                               : g_error_matches (probe->error, TD_ERROR, TD_ERROR_HOST_UNREACHABLE)
                               ? _("The way to the server is refused (ICMP unreachable)")
                               : _("No answer over UDP port 3544"),
                               probe->error ? probe->error->message : NULL);
  add_remedies (result, code, platform, host, probe);
}

void
td_check_eval_nat (TdCheckResult *result,
                   TdProbeResult *probe,
                   TdHost        *host,
                   TdPlatform     platform)
{
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  TdCheckStatus status;

  if (!td_probe_result_reachable (probe))
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP, _("No answer from the server, no NAT type"),
                                   NULL);
      return;
    }
  details = g_strdup_printf ("%s\n%s %s:%u → %s:%u%s", td_knowledge_explain_nat (probe->nat),
                             _("Mapping:"), probe->local.address, probe->local.port,
                             probe->mapped.address, probe->mapped.port,
                             probe->port_preserving ? _(" (port preserved)") : "");
  switch (probe->nat)
    {
    case TD_NAT_TYPE_OPEN:
    case TD_NAT_TYPE_CONE:
    case TD_NAT_TYPE_RESTRICTED:
      status = TD_CHECK_STATUS_PASS;
      break;
    case TD_NAT_TYPE_OPEN_FIREWALLED:
      status = TD_CHECK_STATUS_INFO;
      break;
    case TD_NAT_TYPE_SYMMETRIC:
    case TD_NAT_TYPE_UNKNOWN:
    case TD_NAT_TYPE_OFFLINE:
    default:
      status = TD_CHECK_STATUS_WARN;
    }
  summary = g_strdup_printf (_("NAT type: %s"), td_nat_type_to_string (probe->nat));
  td_check_result_set_outcome (result, status, summary, details);
  if (probe->nat == TD_NAT_TYPE_SYMMETRIC)
    add_remedies (result, TD_VERDICT_SYMMETRIC_NAT, platform, host, probe);
  else if (probe->nat == TD_NAT_TYPE_UNKNOWN)
    add_remedies (result, TD_VERDICT_SECONDARY_BLOCKED, platform, host, probe);
}

void
td_check_eval_server_dns (TdCheckResult *result,
                          const char    *server,
                          const char    *address,
                          const GError  *error,
                          gboolean       timed_out,
                          guint          timeout_s,
                          TdPlatform     platform,
                          TdHost        *host)
{
  g_autofree char *summary = NULL;
  TdVerdictCode code;

  if (server == NULL)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP, _("No Teredo server to test"), NULL);
      return;
    }
  if (address != NULL && g_strcmp0 (server, address) == 0)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS,
                                   _("An IPv4 address: nothing to resolve"), NULL);
      return;
    }
  if (address != NULL)
    {
      summary = g_strdup_printf (_("%s is %s"), server, address);
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary, NULL);
      return;
    }
  summary = timed_out
    ? g_strdup_printf (_("Cannot resolve “%s”: no answer from the DNS resolver within %u s"),
                       server, timeout_s)
    : g_strdup_printf (_("Cannot resolve “%s”: %s"), server, error ? error->message : "");
  /* No such name is this server's problem; no answer is DNS's. */
  code = !timed_out && g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND)
         ? TD_VERDICT_SERVER_UNRESOLVABLE : TD_VERDICT_DNS_DOWN;
  td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, summary,
                               td_knowledge_explain_verdict (code));
  add_remedies (result, code, platform, host, NULL);
}

void
td_check_eval_ipv6_http (TdCheckResult *result,
                         const char    *url,
                         guint          status,
                         gsize          size,
                         const GError  *error)
{
  g_autofree char *summary = NULL;

  if (error != NULL)
    {
      summary = g_strdup_printf (_("No IPv6 web access: %s"), error->message);
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, summary, url);
    }
  else if (status >= 200 && status < 400)
    {
      summary = g_strdup_printf (_("Fetched over IPv6 (HTTP %u, %zu bytes)"), status, size);
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary, url);
    }
  else
    {
      summary = g_strdup_printf (_("The IPv6 test page answered HTTP %u"), status);
      td_check_result_set_outcome (result, TD_CHECK_STATUS_WARN, summary, url);
    }
}

void
td_check_eval_server_ping (TdCheckResult         *result,
                           const TdCommandResult *ping)
{
  gboolean answered;

  if (ping->error != NULL && ping->path == NULL)
    {
      td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP, _("ping is not installed"),
                                   ping->error->message);
      return;
    }
  answered = ping->error == NULL && ping->exited && ping->exit_status == 0;
  td_check_result_add_evidence (result, "ping", ping->stdout_text ? ping->stdout_text : "");
  td_check_result_set_outcome (result, TD_CHECK_STATUS_INFO,
                               answered ? _("The server answers ping")
                                        : _("The server does not answer ping"),
                               _("Informative only: many Teredo servers drop ICMP while UDP 3544 "
                                 "works, and the other way round. The UDP test above is what counts."));
}

/* ---- a computer that is not this one (help-desk mode) ------------------ */

#define NOT_RUN_DETAILS N_("Teredo Doctor read the commands that ran on that computer; it cannot " \
                           "send anything from that computer's network.")

void
td_check_eval_remote_not_run (TdCheckResult *result)
{
  td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP, _("Not run: remote machine"),
                               _(NOT_RUN_DETAILS));
}

static TdTeredoClient *
remote_client (TdHost *host)
{
  TdTeredoClient *client = host != NULL ? host->client : NULL;

  return client != NULL && client->implementation != TD_CLIENT_IMPL_NONE ? client : NULL;
}

void
td_check_eval_remote_dns (TdCheckResult *result,
                          TdHost        *host)
{
  TdTeredoClient *client = remote_client (host);
  g_autofree char *summary = NULL;

  if (client != NULL && client->error == TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED)
    {
      summary = client->server_name
        /* TRANSLATORS: %s is a Teredo server name. */
        ? g_strdup_printf (_("That computer's Teredo client cannot resolve %s"), client->server_name)
        : g_strdup (_("That computer's Teredo client cannot resolve its server name"));
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, summary,
                                   td_knowledge_explain_error (client->error));
      add_remedies (result, TD_VERDICT_SERVER_UNRESOLVABLE, host->platform, host, NULL);
      return;
    }
  if (client != NULL && client->state == TD_TEREDO_STATE_QUALIFIED && client->server_name != NULL)
    {
      /* TRANSLATORS: %s is a Teredo server name. */
      summary = g_strdup_printf (_("That computer resolved %s: its Teredo client qualified there"),
                                 client->server_name);
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS, summary, _(NOT_RUN_DETAILS));
      return;
    }
  td_check_eval_remote_not_run (result);
}

void
td_check_eval_remote_udp (TdCheckResult *result,
                          TdHost        *host)
{
  TdTeredoClient *client = remote_client (host);

  if (client == NULL)
    {
      td_check_eval_remote_not_run (result);
      return;
    }
  switch (client->error)
    {
    case TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE:
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                                   _("That computer's Teredo client says its server is unreachable "
                                     "over UDP"),
                                   td_knowledge_explain_error (client->error));
      add_remedies (result, TD_VERDICT_UDP_BLOCKED, host->platform, host, NULL);
      return;
    case TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE:
      td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL,
                                   _("That computer's Teredo client says its server's second address "
                                     "is unreachable over UDP"),
                                   td_knowledge_explain_error (client->error));
      add_remedies (result, TD_VERDICT_SECONDARY_BLOCKED, host->platform, host, NULL);
      return;
    case TD_TEREDO_ERROR_UNSET:
    case TD_TEREDO_ERROR_NONE:
    case TD_TEREDO_ERROR_MANAGED_NETWORK:
    case TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED:
    case TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED:
    case TD_TEREDO_ERROR_GENERAL_FAILURE:
    case TD_TEREDO_ERROR_UNKNOWN:
    default:
      break;
    }
  if (client->state == TD_TEREDO_STATE_QUALIFIED)
    {
      /* Qualifying is an exchange with the server over UDP 3544. */
      td_check_result_set_outcome (result, TD_CHECK_STATUS_PASS,
                                   _("That computer's Teredo client reached its server over UDP: it "
                                     "qualified"),
                                   _(NOT_RUN_DETAILS));
      return;
    }
  td_check_eval_remote_not_run (result);
}

void
td_check_eval_remote_nat (TdCheckResult *result,
                          TdHost        *host)
{
  TdTeredoClient *client = remote_client (host);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *summary = NULL;
  TdCheckStatus status;

  if (client == NULL || client->nat == TD_TEREDO_NAT_UNSET)
    {
      td_check_eval_remote_not_run (result);
      if (client != NULL)
        td_check_result_set_outcome (result, TD_CHECK_STATUS_SKIP, _("Not run: remote machine"),
                                     _("Teredo Doctor cannot measure that computer's NAT, and its "
                                       "Teredo client printed no NAT line (Windows prints it once "
                                       "the client has qualified, in an administrator prompt)."));
      return;
    }
  switch (client->nat)
    {
    case TD_TEREDO_NAT_NONE:
    case TD_TEREDO_NAT_CONE:
    case TD_TEREDO_NAT_RESTRICTED:
    case TD_TEREDO_NAT_PORT_RESTRICTED:
      status = TD_CHECK_STATUS_PASS;
      break;
    case TD_TEREDO_NAT_SYMMETRIC:
    case TD_TEREDO_NAT_PORT_SYMMETRIC:
    case TD_TEREDO_NAT_ADDRESS_SYMMETRIC:
      status = TD_CHECK_STATUS_WARN;
      break;
    case TD_TEREDO_NAT_UNKNOWN:
    case TD_TEREDO_NAT_UNSET:
    default:
      status = TD_CHECK_STATUS_INFO;
    }
  /* TRANSLATORS: %s is a NAT type as Windows names it (cone, restricted,
   * symmetric…), kept in English. */
  summary = g_strdup_printf (_("NAT type, as that computer's Teredo client found it: %s"),
                             td_teredo_nat_to_string (client->nat));
  if (client->external_mapping != NULL)
    g_string_append_printf (details, _("External NAT mapping: %s\n"), client->external_mapping);
  if (client->local_mapping != NULL)
    g_string_append_printf (details, _("Local mapping: %s\n"), client->local_mapping);
  if (client->port_preserving != TD_TRISTATE_UNSET)
    g_string_append_printf (details, _("Port preserving: %s\n"),
                            client->port_preserving == TD_TRISTATE_YES ? _("yes") : _("no"));
  g_string_append (details, _("Measured by Windows itself, not by Teredo Doctor's probe."));
  td_check_result_set_outcome (result, status, summary, details->str);
  if (status == TD_CHECK_STATUS_WARN)
    add_remedies (result, TD_VERDICT_SYMMETRIC_NAT, host->platform, host, NULL);
}
