/* td-cli-host.c — `state`, `clouds`, `firewall` and `host`: what the host says
 *
 * All four collect the same host model (td_host_collect_async) and show a
 * part of it, as readable lines or, with --json, as the documented object.
 * Exit status: 0 when the shown fact is known and healthy, 1 when it is
 * unhealthy or could not be read, 2 for a usage error, 130 when interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "td-async.h"
#include "td-cli.h"
#include "td-error.h"
#include "td-host-collect.h"
#include "td-host-json.h"
#include "td-host.h"

typedef enum {
  VIEW_STATE,
  VIEW_CLOUDS,
  VIEW_FIREWALL,
  VIEW_HOST,
} View;

typedef struct {
  gboolean  done;
  TdHost   *host;
  GError   *error;
} Wait;

static void
on_collected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->host = td_host_collect_finish (result, &wait->error);
  wait->done = TRUE;
}

/* ---- human output ----------------------------------------------------- */

static const char *
tristate_text (TdTristate value)
{
  switch (value)
    {
    case TD_TRISTATE_YES:
      return _("yes");
    case TD_TRISTATE_NO:
      return _("no");
    case TD_TRISTATE_UNSET:
    default:
      return _("unknown");
    }
}

static void
print_fact_errors (TdHost     *host,
                   const char *prefix)
{
  for (guint i = 0; i < host->errors->len; i++)
    {
      const TdHostError *entry = g_ptr_array_index (host->errors, i);

      if (prefix == NULL || g_str_has_prefix (entry->fact, prefix))
        /* TRANSLATORS: "client: timeout: netsh … did not finish within 10 s" */
        printf (_("  ! %s: %s: %s\n"), entry->fact, entry->code, entry->message);
    }
}

static void
print_client (TdHost *host)
{
  const TdTeredoClient *client = host->client;

  printf ("%s\n", _("Teredo client"));
  if (client == NULL)
    {
      printf ("  %s\n", _("unknown"));
      print_fact_errors (host, "client");
      return;
    }
  printf (_("  Implementation:   %s\n"), td_client_implementation_to_string (client->implementation));
  printf (_("  State:            %s%s%s\n"), td_teredo_state_to_string (client->state),
          client->probe_phase ? " — " : "", client->probe_phase ? client->probe_phase : "");
  if (td_teredo_type_to_string (client->type) != NULL)
    printf (_("  Type:             %s%s\n"), td_teredo_type_to_string (client->type),
            client->type_from_policy ? " (Group Policy)" : "");  /* netsh's words */
  if (client->server_name != NULL)
    printf (_("  Server:           %s%s\n"), client->server_name,
            client->server_from_policy ? " (Group Policy)" : "");
  if (client->refresh_interval_s >= 0)
    printf (_("  Refresh interval: %d s\n"), client->refresh_interval_s);
  if (client->client_port >= 0)
    printf (_("  Client port:      %d\n"), client->client_port);
  if (client->error != TD_TEREDO_ERROR_UNSET)
    printf (_("  Error:            %s%s%s%s\n"), td_teredo_error_code_to_string (client->error),
            client->error_raw ? " (“" : "", client->error_raw ? client->error_raw : "",
            client->error_raw ? "”)" : "");
  if (td_teredo_client_type_to_string (client->client_type) != NULL)
    printf (_("  Client type:      %s\n"), td_teredo_client_type_to_string (client->client_type));
  if (td_teredo_network_to_string (client->network) != NULL)
    printf (_("  Network:          %s\n"), td_teredo_network_to_string (client->network));
  if (td_teredo_nat_to_string (client->nat) != NULL)
    printf (_("  NAT:              %s\n"), td_teredo_nat_to_string (client->nat));
  if (client->upnp != TD_TRISTATE_UNSET || client->port_preserving != TD_TRISTATE_UNSET)
    printf (_("  UPnP:             %s, port preserving: %s\n"), tristate_text (client->upnp),
            tristate_text (client->port_preserving));
  if (client->local_mapping != NULL)
    printf (_("  Local mapping:    %s\n"), client->local_mapping);
  if (client->external_mapping != NULL)
    printf (_("  External mapping: %s\n"), client->external_mapping);
  if (client->address != NULL)
    printf (_("  Teredo address:   %s\n"), client->address);
  print_fact_errors (host, "client");
}

static void
print_addresses (TdHost *host)
{
  printf ("%s\n", _("IPv6 addresses"));
  if (host->addresses->len == 0)
    printf ("  %s\n", _("none"));
  for (guint i = 0; i < host->addresses->len; i++)
    {
      const TdHostAddress *address = g_ptr_array_index (host->addresses, i);
      g_autoptr(GString) flags = g_string_new (NULL);
      static const struct { guint flag; const char *name; } names[] = {
        { TD_ADDRESS_FLAG_TENTATIVE, N_("tentative") },
        { TD_ADDRESS_FLAG_DEPRECATED, N_("deprecated") },
        { TD_ADDRESS_FLAG_TEMPORARY, N_("temporary") },
        { TD_ADDRESS_FLAG_DADFAILED, N_("duplicate") },
      };

      for (gsize f = 0; f < G_N_ELEMENTS (names); f++)
        if (address->flags & names[f].flag)
          g_string_append_printf (flags, " [%s]", _(names[f].name));
      /* The origin only when it says more than the scope. */
      if (!g_str_equal (td_address_scope_to_string (address->scope),
                        td_address_origin_to_string (address->origin)))
        g_string_prepend (flags, td_address_origin_to_string (address->origin));
      if (address->prefix_length >= 0)
        printf ("  %-16s %s/%d  %s%s%s\n", address->interface ? address->interface : "?",
                address->address, address->prefix_length,
                td_address_scope_to_string (address->scope), flags->len ? ", " : "", flags->str);
      else
        printf ("  %-16s %s  %s%s%s\n", address->interface ? address->interface : "?",
                address->address, td_address_scope_to_string (address->scope),
                flags->len ? ", " : "", flags->str);
    }
  print_fact_errors (host, "addresses");
  if (host->default_route == TD_TRISTATE_YES && host->default_route_interface != NULL)
    printf (_("Default route (::/0): yes, via %s\n"), host->default_route_interface);
  else
    printf (_("Default route (::/0): %s\n"), tristate_text (host->default_route));
  print_fact_errors (host, "default_route");
}

static void
print_clouds (TdHost *host)
{
  switch (host->pnrp)
    {
    case TD_PNRP_AVAILABLE:
      printf ("%s\n", _("PNRP: available (netsh p2p pnrp)"));
      for (guint i = 0; i < host->pnrp_clouds->len; i++)
        {
          const TdHostPnrpCloud *cloud = g_ptr_array_index (host->pnrp_clouds, i);

          printf ("  %-40s %s, %s\n", cloud->name, td_address_scope_to_string (cloud->scope),
                  cloud->state ? cloud->state : _("unknown"));
        }
      break;
    case TD_PNRP_REMOVED:
      printf ("%s\n", _("PNRP: removed — Windows 10 1809 and later no longer have the PNRP cloud "
                        "service (its APIs are gone in Windows 11 24H2). The clouds below are "
                        "computed the way PNRP named them."));
      break;
    case TD_PNRP_NOT_APPLICABLE:
      printf ("%s\n", _("PNRP: not applicable (not Windows). The clouds below are computed the way "
                        "PNRP named them."));
      break;
    case TD_PNRP_UNKNOWN:
    default:
      printf ("%s\n", _("PNRP: unknown"));
      break;
    }
  print_fact_errors (host, "pnrp");
  printf ("%s\n", _("Peer-to-peer clouds"));
  if (host->clouds->len == 0)
    printf ("  %s\n", _("none — no IPv6 address that a cloud could use"));
  for (guint i = 0; i < host->clouds->len; i++)
    {
      const TdHostCloud *cloud = g_ptr_array_index (host->clouds, i);
      g_autofree char *addresses = NULL;

      g_ptr_array_add (cloud->addresses, NULL);
      addresses = g_strjoinv (", ", (char **) cloud->addresses->pdata);
      g_ptr_array_remove_index (cloud->addresses, cloud->addresses->len - 1);
      printf ("  %-40s %s\n", cloud->name, addresses);
    }
  if (host->clouds->len > 0 &&
      !g_str_equal (((TdHostCloud *) g_ptr_array_index (host->clouds, 0))->name, "Global_"))
    printf ("  %s\n", _("No Global_ cloud: this host has no usable global IPv6 address."));
}

static void
print_firewall (TdHost *host)
{
  const TdHostFirewall *firewall = host->firewall;

  printf ("%s\n", _("Firewall"));
  if (firewall == NULL)
    {
      printf ("  %s\n", _("unknown"));
      print_fact_errors (host, "firewall");
      return;
    }
  if (firewall->present == TD_TRISTATE_UNSET)
    printf ("  %s\n", firewall->how_to_check ? _("unknown — needs administrator rights")
                                             : _("unknown"));
  else if (firewall->present == TD_TRISTATE_NO)
    printf ("  %s\n", _("none found"));
  else
    printf (_("  %s (%s); covers IPv6: %s\n"),
            firewall->active == TD_TRISTATE_YES ? _("active") :
            firewall->active == TD_TRISTATE_NO ? _("present but not filtering") : _("present"),
            firewall->name ? firewall->name : "?", tristate_text (firewall->covers_ipv6));
  if (firewall->reason != NULL)
    printf (_("  Why: %s\n"), firewall->reason);
  if (firewall->how_to_check != NULL)
    printf (_("  Check by hand: %s\n"), firewall->how_to_check);
  for (guint i = 0; i < firewall->sources->len; i++)
    {
      const TdFirewallSource *source = g_ptr_array_index (firewall->sources, i);

      printf (_("  - %s: present %s, active %s, covers IPv6 %s%s%s\n"), source->name,
              tristate_text (source->present), tristate_text (source->active),
              tristate_text (source->covers_ipv6), source->detail ? " — " : "",
              source->detail ? source->detail : "");
    }
  print_fact_errors (host, "firewall");
}

static void
print_ipv6 (TdHost *host)
{
  printf (_("IPv6 stack: %s\n"),
          host->ipv6_enabled == TD_TRISTATE_YES ? _("enabled") :
          host->ipv6_enabled == TD_TRISTATE_NO ? _("disabled") : _("unknown"));
  for (guint i = 0; i < host->ipv6_reasons->len; i++)
    printf ("  %s\n", (char *) g_ptr_array_index (host->ipv6_reasons, i));
  print_fact_errors (host, "ipv6");
}

static void
print_windows (TdHost *host)
{
  const TdHostWindows *windows = host->windows;

  if (windows == NULL)
    return;
  printf ("%s\n", _("Windows Teredo switches"));
  if (windows->disabled_components >= 0)
    printf (_("  DisabledComponents:        0x%02llx\n"), (unsigned long long) windows->disabled_components);
  else
    printf (_("  DisabledComponents:        not set\n"));
  if (windows->teredo_type >= 0)
    printf (_("  iphlpsvc\\Teredo\\Type:      %lld\n"), (long long) windows->teredo_type);
  else
    printf (_("  iphlpsvc\\Teredo\\Type:      not set\n"));
  for (guint i = 0; i < windows->policy_names->len; i++)
    printf (_("  Group Policy %s = %s\n"), (char *) g_ptr_array_index (windows->policy_names, i),
            (char *) g_ptr_array_index (windows->policy_values, i));
  for (guint i = 0; i < windows->services->len; i++)
    {
      const TdHostService *service = g_ptr_array_index (windows->services, i);

      printf (_("  Service %-10s %s%s%s\n"), service->name,
              service->state ? service->state : _("unknown"),
              service->start_type ? _(", start: ") : "",
              service->start_type ? service->start_type : "");
    }
  for (guint i = 0; i < windows->vpn_adapters->len; i++)
    {
      const TdHostAdapter *adapter = g_ptr_array_index (windows->vpn_adapters, i);

      printf (_("  VPN adapter: %s (%s)\n"), adapter->name ? adapter->name : "?",
              adapter->description ? adapter->description : adapter->kind);
    }
  printf (_("  Domain member: %s%s%s\n"), tristate_text (windows->domain_member),
          windows->domain ? " — " : "", windows->domain ? windows->domain : "");
  if (windows->off_switches->len == 0)
    printf ("  %s\n", _("No off-switch is set."));
  for (guint i = 0; i < windows->off_switches->len; i++)
    {
      const TdHostOffSwitch *off = g_ptr_array_index (windows->off_switches, i);

      printf (_("  OFF: %s\n"), off->detail ? off->detail : off->id);
    }
  print_fact_errors (host, "windows");
}

/* ---- JSON ------------------------------------------------------------- */

static JsonNode *
view_json (TdHost   *host,
           View      view,
           gboolean  evidence)
{
  g_autoptr(JsonBuilder) builder = NULL;
  static const char * const state_facts[] = { "client", NULL };
  static const char * const cloud_facts[] = { "addresses", "default_route", "pnrp", NULL };
  static const char * const firewall_facts[] = { "firewall", NULL };

  if (view == VIEW_HOST)
    return td_host_to_json (host, evidence ? TD_HOST_JSON_EVIDENCE : TD_HOST_JSON_DEFAULT);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, td_platform_to_string (host->platform));
  switch (view)
    {
    case VIEW_STATE:
      json_builder_set_member_name (builder, "client");
      if (host->client != NULL)
        td_teredo_client_to_json (host->client, builder);
      else
        json_builder_add_null_value (builder);
      td_host_build_errors_json (host, builder, state_facts);
      break;
    case VIEW_CLOUDS:
      td_host_build_clouds_json (host, builder);
      td_host_build_addresses_json (host, builder);
      json_builder_set_member_name (builder, "default_route");
      if (host->default_route == TD_TRISTATE_UNSET)
        json_builder_add_null_value (builder);
      else
        json_builder_add_boolean_value (builder, host->default_route == TD_TRISTATE_YES);
      td_host_build_errors_json (host, builder, cloud_facts);
      break;
    case VIEW_FIREWALL:
      td_host_build_firewall_json (host, builder);
      td_host_build_errors_json (host, builder, firewall_facts);
      break;
    case VIEW_HOST:
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- verdicts --------------------------------------------------------- */

static int
view_exit_status (TdHost *host,
                  View    view)
{
  switch (view)
    {
    case VIEW_STATE:
      return host->client != NULL &&
             (host->client->state == TD_TEREDO_STATE_QUALIFIED ||
              host->client->state == TD_TEREDO_STATE_DORMANT) ? TD_CLI_EXIT_OK : TD_CLI_EXIT_PROBLEM;
    case VIEW_CLOUDS:
      for (guint i = 0; i < host->clouds->len; i++)
        if (g_str_equal (((TdHostCloud *) g_ptr_array_index (host->clouds, i))->name, "Global_"))
          return TD_CLI_EXIT_OK;
      return TD_CLI_EXIT_PROBLEM;
    case VIEW_FIREWALL:
      return host->firewall != NULL && host->firewall->present != TD_TRISTATE_UNSET
             ? TD_CLI_EXIT_OK : TD_CLI_EXIT_PROBLEM;
    case VIEW_HOST:
    default:
      return host->errors->len == 0 ? TD_CLI_EXIT_OK : TD_CLI_EXIT_PROBLEM;
    }
}

static int
run_view (int    argc,
          char **argv,
          View   view)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *platform_text = NULL;
  gboolean json = FALSE, evidence = FALSE;
  TdPlatform platform = td_platform_native ();
  Wait wait = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_text,
      N_("Inspect as PLATFORM: linux, windows or macos (default: this system)"), N_("PLATFORM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { "evidence", 0, view == VIEW_HOST ? 0 : G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &evidence,
      N_("With --json: add every command run and its output"), NULL },
    { NULL }
  };
  static const char * const summaries[] = {
    [VIEW_STATE] = N_("Show the operating system's Teredo client state."),
    [VIEW_CLOUDS] = N_("List IPv6 addresses and the peer-to-peer clouds PNRP would form."),
    [VIEW_FIREWALL] = N_("Show whether an IPv6 firewall is present and active."),
    [VIEW_HOST] = N_("Everything known about this host, in one report."),
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _(summaries[view]));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!td_cli_parse_options (context, &argc, &argv))
    return TD_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("teredo-doctor-cli %s: unexpected argument “%s”\n"), argv[0], argv[1]);
      return TD_CLI_EXIT_USAGE;
    }
  if (platform_text != NULL && !td_platform_from_string (platform_text, &platform))
    {
      g_printerr (_("teredo-doctor-cli %s: unknown platform “%s” (use linux, windows or macos)\n"),
                  argv[0], platform_text);
      return TD_CLI_EXIT_USAGE;
    }

  td_host_collect_async (platform, td_cli_get_interrupt_cancellable (), on_collected, &wait);
  td_async_wait_until (&wait.done);

  if (wait.host == NULL)
    {
      if (g_error_matches (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("%s\n", _("Interrupted."));
          g_clear_error (&wait.error);
          return TD_CLI_EXIT_INTERRUPTED;
        }
      g_printerr ("teredo-doctor-cli %s: %s\n", argv[0], wait.error->message);
      g_clear_error (&wait.error);
      return TD_CLI_EXIT_PROBLEM;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = view_json (wait.host, view, evidence);

      td_cli_print_json (node);
    }
  else
    {
      switch (view)
        {
        case VIEW_STATE:
          print_client (wait.host);
          break;
        case VIEW_CLOUDS:
          print_clouds (wait.host);
          print_addresses (wait.host);
          break;
        case VIEW_FIREWALL:
          print_firewall (wait.host);
          break;
        case VIEW_HOST:
        default:
          printf (_("Platform: %s\n"), td_platform_to_string (wait.host->platform));
          print_ipv6 (wait.host);
          print_addresses (wait.host);
          print_clouds (wait.host);
          print_client (wait.host);
          print_firewall (wait.host);
          print_windows (wait.host);
          break;
        }
    }

  status = view_exit_status (wait.host, view);
  td_host_unref (wait.host);
  return status;
}

int
td_cli_state (int    argc,
              char **argv)
{
  return run_view (argc, argv, VIEW_STATE);
}

int
td_cli_clouds (int    argc,
               char **argv)
{
  return run_view (argc, argv, VIEW_CLOUDS);
}

int
td_cli_firewall (int    argc,
                 char **argv)
{
  return run_view (argc, argv, VIEW_FIREWALL);
}

int
td_cli_host (int    argc,
             char **argv)
{
  return run_view (argc, argv, VIEW_HOST);
}
