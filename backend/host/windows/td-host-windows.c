/* td-host-windows.c — the Windows host, through its console commands
 *
 * Every fact comes from a program found on PATH (netsh, ipconfig, sc, reg,
 * chcp), run with an argv array: on Windows those are the system's own; in
 * tests on Linux they are fake scripts printing real outputs.  All commands
 * run at once; each one failing degrades only the facts it feeds.
 *
 * Console programs print in the OEM code page (CP936 on zh-CN systems…):
 * on Windows it comes from GetOEMCP() (td-console-native), elsewhere from
 * `chcp` (the fake one tells the code page of its fake outputs), or from
 * TD_CONSOLE_CODEPAGE when set.  Outputs captured on another machine come
 * decoded already (td-host-collect.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-advfirewall.h"
#include "td-console-text.h"
#include "td-error.h"
#include "td-host-collector.h"
#include "td-console-native.h"
#include "td-host-windows.h"
#include "td-ipconfig.h"
#include "td-netsh-teredo.h"
#include "td-pnrp.h"
#include "td-reg-query.h"
#include "td-sc-query.h"

#define KEY_TCPIP6     "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"
#define KEY_TEREDO     "HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Teredo"
#define KEY_POLICY     "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition"
#define KEY_POLICY_WOW "HKLM\\SOFTWARE\\WOW6432Node\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition"
#define KEY_TCPIP      "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"
#define FIREWALL_HOW_TO_CHECK "netsh advfirewall show allprofiles state"

static const char * const services[] = { "iphlpsvc", "MpsSvc", "BFE" };

static const char * const argv_chcp[] = { "chcp", NULL };
static const char * const argv_teredo[] = { "netsh", "interface", "teredo", "show", "state", NULL };
static const char * const argv_teredo_xp[] = { "netsh", "interface", "ipv6", "show", "teredo", NULL };
static const char * const argv_pnrp[] = { "netsh", "p2p", "pnrp", "cloud", "show", "list", NULL };
static const char * const argv_ipconfig[] = { "ipconfig", "/all", NULL };
static const char * const argv_advfirewall[] = {
  "netsh", "advfirewall", "show", "allprofiles", "state", NULL
};
static const char * const argv_query_iphlpsvc[] = { "sc", "query", "iphlpsvc", NULL };
static const char * const argv_qc_iphlpsvc[] = { "sc", "qc", "iphlpsvc", NULL };
static const char * const argv_query_mpssvc[] = { "sc", "query", "MpsSvc", NULL };
static const char * const argv_qc_mpssvc[] = { "sc", "qc", "MpsSvc", NULL };
static const char * const argv_query_bfe[] = { "sc", "query", "BFE", NULL };
static const char * const argv_qc_bfe[] = { "sc", "qc", "BFE", NULL };
static const char * const argv_dc[] = { "reg", "query", KEY_TCPIP6, "/v", "DisabledComponents", NULL };
static const char * const argv_teredo_type[] = { "reg", "query", KEY_TEREDO, NULL };
static const char * const argv_policy[] = { "reg", "query", KEY_POLICY, NULL };
static const char * const argv_policy_wow[] = { "reg", "query", KEY_POLICY_WOW, NULL };
static const char * const argv_domain[] = { "reg", "query", KEY_TCPIP, "/v", "Domain", NULL };

typedef struct {
  char              *codepage;
  TdCommandOptions   options;
  /* Raw results the finish step combines. */
  TdCommandResult   *teredo_primary;   /* kept when the fallback runs */
  TdIpconfig        *ipconfig;
  TdAdvfirewall     *advfirewall;
  TdScService       *query[G_N_ELEMENTS (services)];
  TdScService       *qc[G_N_ELEMENTS (services)];
  GError            *service_error[G_N_ELEMENTS (services)];
  TdRegQuery        *policy[2];        /* native key, WOW6432Node key */
  gboolean           disabled_components_read;
} WindowsData;

static void
windows_data_free (WindowsData *data)
{
  g_free (data->codepage);
  g_clear_pointer (&data->teredo_primary, td_command_result_free);
  g_clear_pointer (&data->ipconfig, td_ipconfig_free);
  g_clear_pointer (&data->advfirewall, td_advfirewall_free);
  for (gsize i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_clear_pointer (&data->query[i], td_sc_service_free);
      g_clear_pointer (&data->qc[i], td_sc_service_free);
      g_clear_error (&data->service_error[i]);
    }
  g_clear_pointer (&data->policy[0], td_reg_query_free);
  g_clear_pointer (&data->policy[1], td_reg_query_free);
  g_free (data);
}

static TdHostWindows *
windows_of (TdHostCollector *collector)
{
  return collector->host->windows;
}

/* Only a command that ran and printed something is worth a second try
 * with the XP syntax; a missing netsh, a hang or a flood would repeat. */
static gboolean
worth_fallback (const TdCommandResult *result)
{
  return result->error == NULL;
}

/* The error for a command whose output did not parse: the exit status
 * says more than the parser when the command failed. */
static void
set_command_error (TdHostCollector       *collector,
                   const char            *fact,
                   const TdCommandResult *result,
                   const GError          *parse_error)
{
  g_autoptr(GError) error = NULL;

  if (!td_command_result_check (result, &error))
    td_host_set_error (collector->host, fact, error);
  else if (parse_error != NULL)
    td_host_set_error (collector->host, fact, parse_error);
}

/* ---- Teredo state ----------------------------------------------------- */

static void
on_teredo_fallback (TdHostCollector *collector,
                    TdCommandResult *result,
                    gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdTeredoClient) client = NULL;

  if (result->exited && result->exit_status == 0)
    client = td_netsh_teredo_parse (result->stdout_text, &error);
  if (client != NULL)
    {
      client->legacy_netsh = TRUE;
      collector->host->client = g_steal_pointer (&client);
      return;
    }
  /* Both forms failed: report the modern command's failure, which is the
   * one users can type themselves. */
  g_clear_error (&error);
  client = td_netsh_teredo_parse (data->teredo_primary->stdout_text, &error);
  set_command_error (collector, "client", data->teredo_primary, error);
}

static void
on_teredo (TdHostCollector *collector,
           TdCommandResult *result,
           gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdTeredoClient) client = NULL;

  if (result->error == NULL && result->exited && result->exit_status == 0)
    client = td_netsh_teredo_parse (result->stdout_text, &error);
  if (client != NULL)
    {
      collector->host->client = g_steal_pointer (&client);
      return;
    }
  if (worth_fallback (result))
    {
      data->teredo_primary = td_command_result_copy (result);
      td_host_collector_run (collector, argv_teredo_xp, &data->options, on_teredo_fallback, NULL);
      return;
    }
  set_command_error (collector, "client", result, error);
}

/* ---- PNRP ------------------------------------------------------------- */

static TdAddressScope
pnrp_scope (guint scope)
{
  switch (scope)
    {
    case 1:
      return TD_ADDRESS_SCOPE_GLOBAL;
    case 2:
      return TD_ADDRESS_SCOPE_SITE_LOCAL;
    case 3:
      return TD_ADDRESS_SCOPE_LINK_LOCAL;
    default:
      return TD_ADDRESS_SCOPE_OTHER;
    }
}

static void
on_pnrp (TdHostCollector *collector,
         TdCommandResult *result,
         gpointer         user_data)
{
  TdHost *host = collector->host;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPnrpClouds) clouds = NULL;

  /* netsh exits non-zero when the p2p context is gone: parse anyway. */
  if (result->error == NULL)
    clouds = td_pnrp_parse (result->stdout_text, &error);
  if (clouds == NULL)
    {
      if (result->error != NULL)
        td_host_set_error (host, "pnrp", result->error);
      else
        set_command_error (collector, "pnrp", result, error);
      return;
    }
  if (clouds->removed)
    {
      host->pnrp = TD_PNRP_REMOVED;
      return;
    }
  host->pnrp = TD_PNRP_AVAILABLE;
  for (guint i = 0; i < clouds->clouds->len; i++)
    {
      const TdPnrpCloud *cloud = g_ptr_array_index (clouds->clouds, i);
      g_autofree char *state = g_ascii_strdown (td_pnrp_cloud_state_to_string (cloud->state), -1);

      g_ptr_array_add (host->pnrp_clouds,
                       td_host_pnrp_cloud_new (cloud->name, pnrp_scope (cloud->scope),
                                               (int) MIN (cloud->id, G_MAXINT),
                                               (int) MIN (cloud->addresses, G_MAXINT), state));
    }
}

/* ---- ipconfig /all ---------------------------------------------------- */

static const char *
vpn_kind (const TdIpconfigAdapter *adapter)
{
  const char *texts[] = { adapter->description, adapter->name };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *lower = texts[i] ? g_ascii_strdown (texts[i], -1) : NULL;

      if (lower == NULL)
        continue;
      if (strstr (lower, "wireguard"))
        return "wireguard";
      if (strstr (lower, "wintun"))
        return "wintun";
      if (strstr (lower, "tap-") || strstr (lower, "tap adapter") || strstr (lower, "tap-windows"))
        return "tap";
    }
  return "vpn";
}

/* The ipconfig parser drops the "(Deprecated)" / "(Tentative)" /
 * "(Duplicate)" suffixes and the "Temporary IPv6 Address" label; this reads
 * them back from the raw text for one address.  English and zh-CN labels
 * only: other languages just get no flags. */
static guint
ipconfig_flags (GPtrArray  *lines,
                const char *address)
{
  guint8 wanted[16];

  if (lines == NULL || !td_ipv6_parse (address, wanted))
    return 0;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      g_autofree char *bare = NULL;
      guint8 bytes[16];
      guint flags = 0;
      gsize len;

      if (!td_console_split_kv (g_ptr_array_index (lines, i), &label, &value))
        continue;
      len = strcspn (value, "%(");
      bare = g_strndup (value, len);
      g_strstrip (bare);
      if (!td_ipv6_parse (bare, bytes) || memcmp (bytes, wanted, 16) != 0)
        continue;
      if (td_console_contains_ci (value, "(Deprecated)"))
        flags |= TD_ADDRESS_FLAG_DEPRECATED;
      if (td_console_contains_ci (value, "(Tentative)"))
        flags |= TD_ADDRESS_FLAG_TENTATIVE;
      if (td_console_contains_ci (value, "(Duplicate)"))
        flags |= TD_ADDRESS_FLAG_DADFAILED;
      if (td_console_has_prefix_ci (label, "Temporary") || strstr (label, "临时") != NULL)
        flags |= TD_ADDRESS_FLAG_TEMPORARY;
      return flags;
    }
  return 0;
}

static void
on_ipconfig (TdHostCollector *collector,
             TdCommandResult *result,
             gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  TdHost *host = collector->host;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gboolean has_default = FALSE;

  if (result->error != NULL || !result->exited || result->exit_status != 0 ||
      (data->ipconfig = td_ipconfig_parse (result->stdout_text, &error)) == NULL)
    {
      const TdHostError *cause;

      set_command_error (collector, "addresses", result, error);
      /* The facts that also come from ipconfig share its failure. */
      cause = td_host_get_error (host, "addresses");
      td_host_set_error_strings (host, "default_route", cause ? cause->code : "failed",
                                 _("unknown: ipconfig /all could not be read"));
      td_host_set_error_strings (host, "windows.vpn_adapters", cause ? cause->code : "failed",
                                 _("unknown: ipconfig /all could not be read"));
      return;
    }

  lines = td_console_text_lines (result->stdout_text, "ipconfig", NULL);
  for (guint i = 0; i < data->ipconfig->adapters->len; i++)
    {
      const TdIpconfigAdapter *adapter = g_ptr_array_index (data->ipconfig->adapters, i);

      for (guint j = 0; j < adapter->ipv6->len; j++)
        {
          const TdIpconfigIpv6 *ip = g_ptr_array_index (adapter->ipv6, j);

          /* ipconfig shows no prefix length. */
          g_ptr_array_add (host->addresses,
                           td_host_address_new (ip->address, -1, adapter->name,
                                                ipconfig_flags (lines, ip->address)));
        }
      for (guint j = 0; j < adapter->gateways->len && !has_default; j++)
        /* An IPv6 default gateway (Teredo shows "::") means a ::/0 route. */
        if (strchr (g_ptr_array_index (adapter->gateways, j), ':') != NULL)
          {
            has_default = TRUE;
            host->default_route_interface = g_strdup (adapter->name);
          }
      if (adapter->is_vpn)
        td_host_windows_add_adapter (host->windows, adapter->name, adapter->description,
                                     vpn_kind (adapter));
    }
  host->default_route = has_default ? TD_TRISTATE_YES : TD_TRISTATE_NO;
}

/* ---- firewall --------------------------------------------------------- */

static void
on_advfirewall (TdHostCollector *collector,
                TdCommandResult *result,
                gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  TdHostFirewall *firewall = collector->host->firewall;
  g_autoptr(GError) error = NULL;

  if (result->error == NULL)
    data->advfirewall = td_advfirewall_parse (result->stdout_text, &error);
  if (data->advfirewall == NULL)
    {
      g_autoptr(GError) run_error = NULL;

      /* A failed command explains more than the parser's complaint. */
      if (!td_command_result_check (result, &run_error))
        {
          g_clear_error (&error);
          error = g_steal_pointer (&run_error);
        }
      else if (error == NULL)
        error = g_error_new_literal (TD_ERROR, TD_ERROR_PARSE, _("no firewall profile in the output"));
      td_host_set_error (collector->host, "firewall.windows-firewall", error);
      g_ptr_array_add (firewall->sources,
                       td_firewall_source_new ("windows-firewall", TD_TRISTATE_UNSET,
                                               TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                               error->message));
      if (g_error_matches (error, TD_ERROR, TD_ERROR_PERMISSION) && firewall->how_to_check == NULL)
        firewall->how_to_check = g_strdup (FIREWALL_HOW_TO_CHECK);
    }
}

static const char *
service_state (const TdHostWindows *windows,
               const char          *name)
{
  for (guint i = 0; i < windows->services->len; i++)
    {
      const TdHostService *service = g_ptr_array_index (windows->services, i);

      if (g_str_equal (service->name, name))
        return service->state;
    }
  return NULL;
}

/* The profile's name in a sentence; the same words as the JSON's enum in
 * English. */
static const char *
profile_label (TdFirewallProfileKind kind)
{
  switch (kind)
    {
    case TD_FIREWALL_PROFILE_DOMAIN:
      return C_("firewall profile", "domain");
    case TD_FIREWALL_PROFILE_PRIVATE:
      return C_("firewall profile", "private");
    case TD_FIREWALL_PROFILE_PUBLIC:
      return C_("firewall profile", "public");
    case TD_FIREWALL_PROFILE_UNKNOWN:
    default:
      return C_("firewall profile", "unknown");
    }
}

static void
finish_firewall (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  TdHost *host = collector->host;
  TdHostFirewall *firewall = host->firewall;
  const TdAdvfirewall *adv = data->advfirewall;

  if (adv != NULL)
    {
      g_autoptr(GString) detail = g_string_new (NULL);
      guint on = 0, off = 0;

      for (guint i = 0; i < adv->profiles->len; i++)
        {
          const TdFirewallProfile *profile = g_ptr_array_index (adv->profiles, i);
          const char *label = profile_label (profile->kind);

          if (detail->len > 0)
            g_string_append (detail, C_("list separator", ", "));
          if (profile->enabled == TD_TRISTATE_YES)
            {
              /* TRANSLATORS: %s is a firewall profile: domain, private or public. */
              g_string_append_printf (detail, C_("firewall profile", "%s on"), label);
              on++;
            }
          else if (profile->enabled == TD_TRISTATE_NO)
            {
              g_autofree char *text = NULL;

              /* TRANSLATORS: %s is a firewall profile: domain, private or public. */
              g_string_append_printf (detail, C_("firewall profile", "%s off"), label);
              /* TRANSLATORS: %s is a firewall profile: domain, private or public. */
              text = g_strdup_printf (_("Windows Firewall is OFF in the %s profile: "
                                        "Teredo needs the firewall on"), label);
              off++;
              td_host_windows_add_off_switch (host->windows, "firewall-off", text);
            }
          else
            {
              /* TRANSLATORS: %s is a firewall profile: domain, private or public. */
              g_string_append_printf (detail, C_("firewall profile", "%s unknown"), label);
            }
        }
      if (adv->service_unavailable)
        {
          g_ptr_array_add (firewall->sources,
                           td_firewall_source_new ("windows-firewall", TD_TRISTATE_YES, TD_TRISTATE_NO,
                                                   TD_TRISTATE_YES,
                                                   _("the Windows Firewall service (MpsSvc) does not answer")));
          if (service_state (host->windows, "MpsSvc") == NULL ||
              g_str_equal (service_state (host->windows, "MpsSvc"), "running"))
            td_host_windows_add_off_switch (host->windows, "service-mpssvc",
                                            _("the Windows Firewall service does not answer: "
                                              "Teredo needs the firewall on"));
        }
      else
        {
          const char *mpssvc = service_state (host->windows, "MpsSvc");
          TdTristate active = on > 0 ? TD_TRISTATE_YES : off > 0 ? TD_TRISTATE_NO : TD_TRISTATE_UNSET;
          g_autofree char *text = NULL;

          /* Profiles switched on filter nothing while the service is down. */
          if (mpssvc != NULL && !g_str_equal (mpssvc, "running"))
            {
              /* TRANSLATORS: the first %s lists the profiles ("domain on,
               * private on, public off"); the second is the service state
               * as sc names it ("stopped", "paused", …), kept in English. */
              text = g_strdup_printf (_("profiles: %s; but the firewall service MpsSvc is %s"),
                                      detail->str, mpssvc);
              active = TD_TRISTATE_NO;
            }
          else
            {
              /* TRANSLATORS: %s lists the profiles: "domain on, private on, public off". */
              text = g_strdup_printf (_("profiles: %s"), detail->str);
            }
          g_ptr_array_add (firewall->sources,
                           td_firewall_source_new ("windows-firewall", TD_TRISTATE_YES, active,
                                                   TD_TRISTATE_YES, text));
        }
    }

  td_host_firewall_decide (firewall);
  td_host_firewall_report_unknown (host);
}

/* ---- services --------------------------------------------------------- */

static void
on_service (TdHostCollector *collector,
            TdCommandResult *result,
            gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  guint index = GPOINTER_TO_UINT (user_data) >> 1;
  gboolean is_qc = GPOINTER_TO_UINT (user_data) & 1;
  g_autoptr(GError) error = NULL;
  TdScService *service = NULL;

  /* sc exits 1060 for a missing service, 5 for access denied, with a
   * parseable FAILED line: parse whatever it printed. */
  if (result->error == NULL)
    service = td_sc_query_parse (result->stdout_text, &error);
  if (service == NULL)
    {
      g_autoptr(GError) run_error = NULL;

      if (result->error != NULL || !result->exited)
        {
          td_command_result_check (result, &run_error);
          g_clear_error (&error);
          error = g_steal_pointer (&run_error);
        }
      else if (error == NULL)
        error = g_error_new_literal (TD_ERROR, TD_ERROR_PARSE, _("sc printed nothing usable"));
      /* sc query answers the question that matters (is it running), so its
       * error wins over sc qc's. */
      if (data->service_error[index] == NULL || !is_qc)
        {
          g_clear_error (&data->service_error[index]);
          data->service_error[index] = g_steal_pointer (&error);
        }
      return;
    }
  if (is_qc)
    data->qc[index] = service;
  else
    data->query[index] = service;
}

static void
finish_services (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  TdHost *host = collector->host;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      const TdScService *query = data->query[i];
      const TdScService *qc = data->qc[i];
      gboolean installed = (query == NULL || query->installed) && (qc == NULL || qc->installed);
      const char *state = NULL, *start = NULL;
      g_autofree char *fact = g_strdup_printf ("windows.services.%s", services[i]);
      g_autofree char *id = g_ascii_strdown (services[i], -1);
      g_autofree char *off_id = g_strdup_printf ("service-%s", id);

      if (query == NULL && qc == NULL)
        {
          td_host_windows_add_service (host->windows, services[i], NULL, NULL);
          if (data->service_error[i] != NULL)
            td_host_set_error (host, fact, data->service_error[i]);
          continue;
        }
      if (!installed)
        state = "not-installed";
      else
        {
          if (query != NULL)
            state = td_service_state_to_string (query->state);
          if (qc != NULL)
            start = td_service_start_type_to_string (qc->start_type);
          if (state == NULL && qc != NULL)
            state = td_service_state_to_string (qc->state);
          if (start == NULL && query != NULL)
            start = td_service_start_type_to_string (query->start_type);
        }
      td_host_windows_add_service (host->windows, services[i], state, start);
      if (data->service_error[i] != NULL && query == NULL)
        td_host_set_error (host, fact, data->service_error[i]);

      if (!installed)
        {
          /* TRANSLATORS: %s is a Windows service name: iphlpsvc, MpsSvc or BFE. */
          g_autofree char *text = g_strdup_printf (_("service %s is not installed"), services[i]);
          td_host_windows_add_off_switch (host->windows, off_id, text);
        }
      else if (g_strcmp0 (start, "disabled") == 0)
        {
          /* TRANSLATORS: %s is a Windows service name: iphlpsvc, MpsSvc or BFE. */
          g_autofree char *text = g_strdup_printf (_("service %s is disabled (start type)"),
                                                   services[i]);
          td_host_windows_add_off_switch (host->windows, off_id, text);
        }
      else if (state != NULL && !g_str_equal (state, "running"))
        {
          /* TRANSLATORS: the first %s is a Windows service name (iphlpsvc, MpsSvc
           * or BFE), the second its state as sc names it ("stopped", "paused",
           * "start-pending", …), kept in English. */
          g_autofree char *text = g_strdup_printf (_("service %s is %s, not running"),
                                                   services[i], state);
          td_host_windows_add_off_switch (host->windows, off_id, text);
        }
    }
}

/* ---- registry --------------------------------------------------------- */

/* reg exits 1 when a key or value does not exist, with an ERROR line the
 * parser recognises: that is an answer ("not set"), not a failure. */
static TdRegQuery *
parse_reg (TdHostCollector *collector,
           const char      *fact,
           TdCommandResult *result)
{
  g_autoptr(GError) error = NULL;
  const char *text = result->stdout_text;
  TdRegQuery *query;

  if (result->error != NULL)
    {
      td_host_set_error (collector->host, fact, result->error);
      return NULL;
    }
  /* reg writes its values to stdout but its ERROR line to stderr. */
  if (text == NULL || text[strspn (text, " \t\r\n")] == '\0')
    text = result->stderr_text;
  query = td_reg_query_parse (text, &error);
  if (query == NULL)
    {
      if (g_error_matches (error, TD_ERROR, TD_ERROR_PERMISSION))
        td_host_set_error (collector->host, fact, error);
      else
        set_command_error (collector, fact, result, error);
    }
  return query;
}

static void
on_disabled_components (TdHostCollector *collector,
                        TdCommandResult *result,
                        gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  g_autoptr(TdRegQuery) query = parse_reg (collector, "windows.disabled_components", result);
  const TdRegValue *value;

  if (query == NULL)
    return;
  data->disabled_components_read = TRUE;
  value = td_reg_query_lookup (query, "DisabledComponents");
  if (query->found && value != NULL && value->has_integer)
    windows_of (collector)->disabled_components = (gint64) (value->integer & 0xffffffff);
}

static void
on_teredo_type (TdHostCollector *collector,
                TdCommandResult *result,
                gpointer         user_data)
{
  g_autoptr(TdRegQuery) query = parse_reg (collector, "windows.teredo_type", result);
  const TdRegValue *value;

  if (query == NULL)
    return;
  value = td_reg_query_lookup (query, "Type");
  if (query->found && value != NULL && value->has_integer)
    windows_of (collector)->teredo_type = (gint64) (value->integer & 0xffffffff);
}

static void
on_policy (TdHostCollector *collector,
           TdCommandResult *result,
           gpointer         user_data)
{
  WindowsData *data = collector->platform_data;
  guint index = GPOINTER_TO_UINT (user_data);

  data->policy[index] = parse_reg (collector, index == 0 ? "windows.policy" : "windows.policy_wow64",
                                   result);
}

/* Merged once both answered: the native key wins over WOW6432Node. */
static void
finish_policy (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  TdHostWindows *windows = windows_of (collector);

  for (guint k = 0; k < G_N_ELEMENTS (data->policy); k++)
    {
      const TdRegQuery *query = data->policy[k];

      if (query == NULL || !query->found)
        continue;
      for (guint i = 0; i < query->values->len; i++)
        {
          const TdRegValue *value = g_ptr_array_index (query->values, i);
          g_autofree char *text = NULL;
          gboolean seen = FALSE;

          for (guint j = 0; j < windows->policy_names->len && !seen; j++)
            seen = g_ascii_strcasecmp (g_ptr_array_index (windows->policy_names, j), value->name) == 0;
          if (seen)
            continue;
          if (value->has_integer)
            text = g_strdup_printf ("%" G_GUINT64_FORMAT, value->integer);
          else if (value->strings != NULL)
            text = g_strjoinv (", ", value->strings);
          else
            text = g_strdup (value->string ? value->string : "");
          g_ptr_array_add (windows->policy_names, g_strdup (value->name));
          g_ptr_array_add (windows->policy_values, g_steal_pointer (&text));
          g_ptr_array_add (windows->policy_keys, g_strdup (k == 0 ? KEY_POLICY : KEY_POLICY_WOW));
        }
    }
}

static void
on_domain (TdHostCollector *collector,
           TdCommandResult *result,
           gpointer         user_data)
{
  TdHostWindows *windows = windows_of (collector);
  g_autoptr(TdRegQuery) query = parse_reg (collector, "windows.domain", result);
  const TdRegValue *value;

  if (query == NULL)
    return;
  /* Tcpip\Parameters\Domain is the primary DNS suffix Windows sets when it
   * joins a domain; empty or absent on a workgroup machine. */
  value = td_reg_query_lookup (query, "Domain");
  if (query->found && value != NULL && value->string != NULL && value->string[0] != '\0')
    {
      windows->domain_member = TD_TRISTATE_YES;
      windows->domain = g_strdup (value->string);
    }
  else
    windows->domain_member = TD_TRISTATE_NO;
}

/* ---- verdicts ---------------------------------------------------------- */

static void
finish_ipv6 (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  TdHost *host = collector->host;
  gint64 dc = host->windows->disabled_components;

  if (dc >= 0)
    {
      g_autofree char *what = td_disabled_components_describe ((guint32) dc);
      /* TRANSLATORS: %s lists what the registry value switches off, e.g.
       * "all tunnel interfaces, Teredo". */
      g_autofree char *reason = g_strdup_printf (_("DisabledComponents = 0x%02x turns off: %s"),
                                                 (guint) dc, what);

      if (td_disabled_components_all_off ((guint32) dc))
        host->ipv6_enabled = TD_TRISTATE_NO;
      else
        host->ipv6_enabled = TD_TRISTATE_YES;
      if (dc != 0)
        g_ptr_array_add (host->ipv6_reasons, g_steal_pointer (&reason));
      if (td_disabled_components_kills_teredo ((guint32) dc))
        {
          g_autofree char *text = g_strdup_printf (_("DisabledComponents = 0x%02x (%s): the Teredo "
                                                     "interface cannot exist; a reboot is needed "
                                                     "after clearing bits 0x01 and 0x08"),
                                                   (guint) dc, what);
          td_host_windows_add_off_switch (host->windows, "disabled-components", text);
        }
    }
  else if (data->disabled_components_read)
    host->ipv6_enabled = TD_TRISTATE_YES;  /* value absent: the default, all on */
  else if (host->addresses->len > 0)
    host->ipv6_enabled = TD_TRISTATE_YES;
  else
    td_host_set_error_literal (host, "ipv6", TD_ERROR_NOT_FOUND,
                               _("unknown: neither DisabledComponents nor any IPv6 address could be read"));
}

static void
finish_client (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  TdHost *host = collector->host;
  TdHostWindows *windows = host->windows;
  TdTeredoClient *client = host->client;
  const TdIpconfigAdapter *teredo = data->ipconfig ? td_ipconfig_find_teredo (data->ipconfig) : NULL;

  /* An offline or probing client has no address, whatever ipconfig
   * still shows for the pseudo-interface. */
  if (client != NULL && client->address == NULL && teredo != NULL &&
      (client->state == TD_TEREDO_STATE_QUALIFIED || client->state == TD_TEREDO_STATE_DORMANT))
    for (guint i = 0; i < teredo->ipv6->len; i++)
      {
        const TdIpconfigIpv6 *ip = g_ptr_array_index (teredo->ipv6, i);

        /* netsh never prints the address; ipconfig has it. */
        if (ip->teredo)
          {
            client->address = g_strdup (ip->address);
            break;
          }
      }

  if (windows->teredo_type >= 0 && td_iphlpsvc_teredo_type_is_disabled ((guint64) windows->teredo_type))
    td_host_windows_add_off_switch (windows, "teredo-type",
                                    _("iphlpsvc\\Teredo\\Type = 4 (disabled)"));
  for (guint i = 0; i < windows->policy_names->len; i++)
    {
      TdTeredoPolicyState policy;

      if (g_ascii_strcasecmp (g_ptr_array_index (windows->policy_names, i), "Teredo_State") == 0 &&
          td_teredo_policy_state_parse (g_ptr_array_index (windows->policy_values, i), &policy) &&
          policy == TD_TEREDO_POLICY_DISABLED)
        td_host_windows_add_off_switch (windows, "group-policy",
                                        _("Group Policy Teredo_State = Disabled (v6Transition)"));
    }
  if (client != NULL && client->type == TD_TEREDO_TYPE_DISABLED)
    td_host_windows_add_off_switch (windows, "netsh-type",
                                    client->type_from_policy
                                      ? "netsh Type = disabled (Group Policy)"  /* netsh's words */
                                      : "netsh Type = disabled");
  /* The managed-network rule and VPN adapters are not off-switches: the
   * first is a finding of its own, the second only a hint (host->windows
   * ->vpn_adapters), shown with the off-switches but never undone. */
}

static void
windows_finish (TdHostCollector *collector)
{
  /* In this order, so that the off-switches list the strongest first:
   * registry, policy, netsh, then services and the firewall. */
  finish_policy (collector);
  finish_ipv6 (collector);
  finish_client (collector);
  finish_services (collector);
  finish_firewall (collector);
  td_host_compute_clouds (collector->host);
}

/* ---- start ------------------------------------------------------------ */

/* Every command the collector runs, in the order it starts them: the code
 * page first (when it is not known otherwise), then all the others at once;
 * the XP form of the Teredo state only when the modern one fails. */
static const char * const * const commands[] = {
  argv_chcp, argv_teredo, argv_teredo_xp, argv_pnrp, argv_ipconfig, argv_advfirewall,
  argv_query_iphlpsvc, argv_qc_iphlpsvc, argv_query_mpssvc, argv_qc_mpssvc,
  argv_query_bfe, argv_qc_bfe, argv_dc, argv_teredo_type, argv_policy, argv_policy_wow,
  argv_domain, NULL
};

const char * const * const *
td_host_windows_get_commands (void)
{
  return commands;
}

static void
start_commands (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  const TdCommandOptions *options = &data->options;
  static const char * const * const service_argv[G_N_ELEMENTS (services)][2] = {
    { argv_query_iphlpsvc, argv_qc_iphlpsvc },
    { argv_query_mpssvc, argv_qc_mpssvc },
    { argv_query_bfe, argv_qc_bfe },
  };

  td_host_collector_run (collector, argv_teredo, options, on_teredo, NULL);
  td_host_collector_run (collector, argv_pnrp, options, on_pnrp, NULL);
  td_host_collector_run (collector, argv_ipconfig, options, on_ipconfig, NULL);
  td_host_collector_run (collector, argv_advfirewall, options, on_advfirewall, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      td_host_collector_run (collector, service_argv[i][0], options, on_service,
                             GUINT_TO_POINTER (i << 1));
      td_host_collector_run (collector, service_argv[i][1], options, on_service,
                             GUINT_TO_POINTER (i << 1 | 1));
    }
  td_host_collector_run (collector, argv_dc, options, on_disabled_components, NULL);
  td_host_collector_run (collector, argv_teredo_type, options, on_teredo_type, NULL);
  td_host_collector_run (collector, argv_policy, options, on_policy, GUINT_TO_POINTER (0));
  td_host_collector_run (collector, argv_policy_wow, options, on_policy, GUINT_TO_POINTER (1));
  td_host_collector_run (collector, argv_domain, options, on_domain, NULL);
}

/* "Active code page: 936" / "活动代码页: 936": the last number. */
static char *
codepage_from_chcp (const char *text)
{
  const char *end, *start;

  if (text == NULL)
    return NULL;
  end = text + strlen (text);
  while (end > text && !g_ascii_isdigit (end[-1]))
    end--;
  start = end;
  while (start > text && g_ascii_isdigit (start[-1]))
    start--;
  if (start == end || end - start > 5)
    return NULL;
  return g_strndup (start, end - start);
}

static void
on_chcp (TdHostCollector *collector,
         TdCommandResult *result,
         gpointer         user_data)
{
  WindowsData *data = collector->platform_data;

  if (result->error == NULL && result->exited && result->exit_status == 0)
    data->codepage = codepage_from_chcp (result->stdout_text);
  data->options.codepage_hint = data->codepage;
  start_commands (collector);
}

static gpointer
windows_data_new (void)
{
  return g_new0 (WindowsData, 1);
}

static void
windows_start (TdHostCollector *collector)
{
  WindowsData *data = collector->platform_data;
  TdHost *host = collector->host;
  const char *env = g_getenv ("TD_CONSOLE_CODEPAGE");

  host->windows = td_host_windows_new ();
  host->firewall = td_host_firewall_new ();

  /* Captured outputs are already decoded, and this machine's code page
   * says nothing about them: chcp's own answer is read either way. */
  if (!td_host_collector_is_captured (collector))
    {
      if (env != NULL && env[0] != '\0')
        data->codepage = g_strdup (env);
      else
        data->codepage = td_console_native_codepage ();
    }

  if (data->codepage != NULL)
    {
      data->options.codepage_hint = data->codepage;
      start_commands (collector);
    }
  else
    /* chcp's own output is ASCII digits after a label in any code page. */
    td_host_collector_run (collector, argv_chcp, NULL, on_chcp, NULL);
}

const TdHostPlatform td_host_platform_windows = {
  .platform = TD_PLATFORM_WINDOWS,
  .data_new = windows_data_new,
  .data_free = (GDestroyNotify) windows_data_free,
  .start = windows_start,
  .finish = windows_finish,
};
