/* td-host-macos.c — the macOS host, through ifconfig, netstat and the
 * firewall tools
 *
 * macOS has no Teredo client of its own (and PNRP never existed there), so
 * the client is reported as "none".  The firewall is two things: the
 * Application Firewall (socketfilterfw, per application, any protocol) and
 * pf (rules, usually Apple's nearly empty default set).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-host-collector.h"
#include "td-host-macos.h"
#include "td-macos-parse.h"

#define PF_HOW_TO_CHECK "sudo pfctl -s info"

static const char * const socketfilterfw_dirs[] = { "/usr/libexec/ApplicationFirewall", NULL };
static const char * const sbin_dirs[] = { "/sbin", "/usr/sbin", NULL };

typedef struct {
  TdIfconfig      *ifconfig;
  TdNetstatRoutes *routes;
  char            *ifconfig_text;
} MacosData;

static void
macos_data_free (MacosData *data)
{
  g_clear_pointer (&data->ifconfig, td_ifconfig_free);
  g_clear_pointer (&data->routes, td_netstat_routes_free);
  g_free (data->ifconfig_text);
  g_free (data);
}

/* The ifconfig parser keeps no per-address flags; they are the words after
 * the address on its inet6 line ("autoconf temporary", "deprecated"…). */
static guint
inet6_flags (const char *text,
             const char *address)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint8 a[16], b[16];
      g_autofree char *bare = NULL;
      guint flags = 0;

      if (words[0] == NULL || !g_str_equal (words[0], "inet6") || words[1] == NULL)
        continue;
      bare = g_strdup (words[1]);
      if (strchr (bare, '%') != NULL)
        *strchr (bare, '%') = '\0';
      if (!td_ipv6_parse (bare, a) || !td_ipv6_parse (address, b) || memcmp (a, b, 16) != 0)
        continue;
      for (guint w = 2; words[w] != NULL; w++)
        {
          if (g_str_equal (words[w], "temporary"))
            flags |= TD_ADDRESS_FLAG_TEMPORARY;
          else if (g_str_equal (words[w], "deprecated"))
            flags |= TD_ADDRESS_FLAG_DEPRECATED;
          else if (g_str_equal (words[w], "tentative"))
            flags |= TD_ADDRESS_FLAG_TENTATIVE;
          else if (g_str_equal (words[w], "duplicated"))
            flags |= TD_ADDRESS_FLAG_DADFAILED;
          else if (g_str_equal (words[w], "optimistic"))
            flags |= TD_ADDRESS_FLAG_OPTIMISTIC;
        }
      return flags;
    }
  return 0;
}

static void
on_ifconfig (TdHostCollector *collector,
             TdCommandResult *result,
             gpointer         user_data)
{
  MacosData *data = collector->platform_data;
  TdHost *host = collector->host;
  g_autoptr(GError) error = NULL;

  if (!td_host_collector_check (collector, "addresses", result))
    return;
  data->ifconfig = td_ifconfig_parse (result->stdout_text, &error);
  if (data->ifconfig == NULL)
    {
      td_host_set_error (host, "addresses", error);
      return;
    }
  data->ifconfig_text = g_strdup (result->stdout_text);
  for (guint i = 0; i < data->ifconfig->interfaces->len; i++)
    {
      const TdIfconfigInterface *interface = g_ptr_array_index (data->ifconfig->interfaces, i);

      for (guint j = 0; j < interface->inet6->len; j++)
        {
          const TdIfInet6 *ip = g_ptr_array_index (interface->inet6, j);

          g_ptr_array_add (host->addresses,
                           td_host_address_new (ip->address, ip->prefixlen, interface->name,
                                                inet6_flags (result->stdout_text, ip->address)));
        }
    }
}

static void
on_netstat (TdHostCollector *collector,
            TdCommandResult *result,
            gpointer         user_data)
{
  MacosData *data = collector->platform_data;
  g_autoptr(GError) error = NULL;

  if (!td_host_collector_check (collector, "default_route", result))
    return;
  data->routes = td_netstat_inet6_parse (result->stdout_text, &error);
  if (data->routes == NULL)
    td_host_set_error (collector->host, "default_route", error);
}

static void
add_unknown (TdHostCollector       *collector,
             const char            *name,
             const char            *fact,
             const TdCommandResult *result,
             const GError          *parse_error,
             const char            *how_to_check)
{
  TdHostFirewall *firewall = collector->host->firewall;
  g_autoptr(GError) error = NULL;

  if (parse_error != NULL && g_error_matches (parse_error, TD_ERROR, TD_ERROR_PERMISSION))
    {
      /* TRANSLATORS: %s is a command to type, e.g. "sudo pfctl -s info". */
      g_autofree char *message = g_strdup_printf (_("needs administrator rights: run `%s`"),
                                                  how_to_check);

      error = g_error_new_literal (TD_ERROR, TD_ERROR_PERMISSION, message);
      if (firewall->how_to_check == NULL)
        firewall->how_to_check = g_strdup (how_to_check);
    }
  else if (td_command_result_check (result, &error))
    error = parse_error != NULL ? g_error_copy (parse_error)
                                : g_error_new_literal (TD_ERROR, TD_ERROR_FAILED, _("no usable output"));
  td_host_set_error (collector->host, fact, error);
  g_ptr_array_add (firewall->sources,
                   td_firewall_source_new (name, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                           TD_TRISTATE_UNSET, error->message));
}

/* One whole sentence per case, for translators. */
static const char *
app_firewall_detail (const TdMacosAppFirewall *fw)
{
  gboolean block_all = fw->state == 2;

  switch (fw->enabled)
    {
    case TD_TRISTATE_YES:
      return block_all ? _("Application Firewall enabled (block all incoming connections)")
                       : _("Application Firewall enabled");
    case TD_TRISTATE_NO:
      return block_all ? _("Application Firewall disabled (block all incoming connections)")
                       : _("Application Firewall disabled");
    case TD_TRISTATE_UNSET:
    default:
      return block_all ? _("Application Firewall state unknown (block all incoming connections)")
                       : _("Application Firewall state unknown");
    }
}

static void
on_socketfilterfw (TdHostCollector *collector,
                   TdCommandResult *result,
                   gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  TdMacosAppFirewall fw = { 0 };

  if (result->error != NULL || !result->exited || result->exit_status != 0 ||
      !td_socketfilterfw_parse (result->stdout_text, &fw, &error))
    {
      add_unknown (collector, "application-firewall", "firewall.application-firewall",
                   result, error, "/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate");
      return;
    }
  /* It filters sockets per application, whatever the IP version. */
  g_ptr_array_add (collector->host->firewall->sources,
                   td_firewall_source_new ("application-firewall", TD_TRISTATE_YES, fw.enabled,
                                           TD_TRISTATE_YES, app_firewall_detail (&fw)));
}

static void
on_pfctl (TdHostCollector *collector,
          TdCommandResult *result,
          gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  const char *texts[2];
  gboolean enabled = FALSE;

  if (g_error_matches (result->error, TD_ERROR, TD_ERROR_NOT_FOUND))
    return;
  if (result->error != NULL)
    {
      add_unknown (collector, "pf", "firewall.pf", result, NULL, PF_HOW_TO_CHECK);
      return;
    }
  /* "Status: …" comes on stdout; "Permission denied" on stderr, exit 1. */
  texts[0] = result->stdout_text;
  texts[1] = result->stderr_text;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (texts[i] == NULL)
        continue;
      g_clear_error (&error);
      if (td_pfctl_info_parse (texts[i], &enabled, &error))
        {
          /* Whether pf covers IPv6 depends on its rules (root to read). */
          g_ptr_array_add (collector->host->firewall->sources,
                           td_firewall_source_new ("pf", TD_TRISTATE_YES,
                                                   enabled ? TD_TRISTATE_YES : TD_TRISTATE_NO,
                                                   TD_TRISTATE_UNSET,
                                                   enabled ? _("pf is enabled") : _("pf is disabled")));
          return;
        }
      if (g_error_matches (error, TD_ERROR, TD_ERROR_PERMISSION))
        break;
    }
  add_unknown (collector, "pf", "firewall.pf", result, error, PF_HOW_TO_CHECK);
}

static void
macos_finish (TdHostCollector *collector)
{
  MacosData *data = collector->platform_data;
  TdHost *host = collector->host;
  TdHostFirewall *firewall = host->firewall;

  if (data->ifconfig != NULL)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < host->addresses->len && !any; i++)
        any = ((TdHostAddress *) g_ptr_array_index (host->addresses, i))->scope != TD_ADDRESS_SCOPE_HOST;
      host->ipv6_enabled = any ? TD_TRISTATE_YES : TD_TRISTATE_NO;
      if (!any)
        g_ptr_array_add (host->ipv6_reasons,
                         g_strdup (_("no interface but the loopback has an IPv6 address "
                                     "(IPv6 set to Off in the network settings?)")));
    }
  else
    td_host_set_error_literal (host, "ipv6", TD_ERROR_NOT_FOUND, _("unknown: ifconfig gave no interfaces"));

  if (data->routes != NULL)
    {
      host->default_route = TD_TRISTATE_NO;
      for (guint i = 0; i < data->routes->defaults->len; i++)
        {
          const TdRoute6 *route = g_ptr_array_index (data->routes->defaults, i);
          gboolean counts = TRUE;

          /* macOS keeps link-local defaults on its utun tunnels (iCloud
           * Private Relay, VPN clients) even with no IPv6 anywhere: those
           * count only when the tunnel has a global address. */
          if (route->interface != NULL && g_str_has_prefix (route->interface, "utun"))
            {
              counts = FALSE;
              for (guint j = 0; j < host->addresses->len && !counts; j++)
                {
                  const TdHostAddress *address = g_ptr_array_index (host->addresses, j);

                  counts = g_strcmp0 (address->interface, route->interface) == 0 &&
                           td_host_address_is_usable_global (address);
                }
            }
          if (counts)
            {
              host->default_route = TD_TRISTATE_YES;
              host->default_route_interface = g_strdup (route->interface);
              break;
            }
        }
    }

  td_host_firewall_decide (firewall);
  td_host_firewall_report_unknown (host);

  td_host_compute_clouds (host);
}

static gpointer
macos_data_new (void)
{
  return g_new0 (MacosData, 1);
}

static void
macos_start (TdHostCollector *collector)
{
  TdHost *host = collector->host;
  const char *ifconfig[] = { "ifconfig", NULL };
  const char *netstat[] = { "netstat", "-rn", "-f", "inet6", NULL };
  const char *socketfilterfw[] = { "socketfilterfw", "--getglobalstate", NULL };
  const char *pfctl[] = { "pfctl", "-s", "info", NULL };
  TdCommandOptions plain = { .codepage_hint = "UTF-8" };
  TdCommandOptions fw_options = { .codepage_hint = "UTF-8", .fallback_dirs = socketfilterfw_dirs };
  TdCommandOptions pf_options = { .codepage_hint = "UTF-8", .fallback_dirs = sbin_dirs };

  /* No native Teredo client on macOS. */
  host->client = td_teredo_client_new ();
  host->client->implementation = TD_CLIENT_IMPL_NONE;
  host->client->state = TD_TEREDO_STATE_OFFLINE;
  host->firewall = td_host_firewall_new ();

  td_host_collector_run (collector, ifconfig, &plain, on_ifconfig, NULL);
  td_host_collector_run (collector, netstat, &plain, on_netstat, NULL);
  td_host_collector_run (collector, socketfilterfw, &fw_options, on_socketfilterfw, NULL);
  td_host_collector_run (collector, pfctl, &pf_options, on_pfctl, NULL);
}

const TdHostPlatform td_host_platform_macos = {
  .platform = TD_PLATFORM_MACOS,
  .data_new = macos_data_new,
  .data_free = (GDestroyNotify) macos_data_free,
  .start = macos_start,
  .finish = macos_finish,
};
