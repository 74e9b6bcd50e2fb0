/* td-host-linux.c — the live Linux host: /proc, sysctls, miredo, netfilter
 *
 * Files are read synchronously (they live in procfs and answer at once);
 * only the firewall tools run as commands.  TD_PROC_ROOT moves the root
 * under which /proc (and /etc/default/ufw) are read, so that unit tests can
 * feed fake if_inet6 / ipv6_route / sysctl / process entries; nothing is
 * read from /sys.  TD_MIREDO_CONF names the default miredo
 * configuration file; TD_SBIN_PATH (colon-separated, may be empty) replaces
 * the folders searched after PATH for nft, ip6tables, ufw and miredo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-host-collector.h"
#include "td-host-linux.h"
#include "td-linux-parse.h"

#define NFT_HOW_TO_CHECK "sudo nft list ruleset"

typedef struct {
  char **sbin_dirs;
} LinuxData;

static void
linux_data_free (LinuxData *data)
{
  g_strfreev (data->sbin_dirs);
  g_free (data);
}

static char *
root_path (const char *path)
{
  return g_build_filename (td_host_linux_root (), path, NULL);
}

static char **
sbin_dirs (void)
{
  const char *env = g_getenv ("TD_SBIN_PATH");

  if (env == NULL)
    return g_strsplit ("/usr/local/sbin:/usr/sbin:/sbin", ":", -1);
  if (env[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (env, ":", -1);
}

/* Reads a small file, keeping it as evidence.  Returns NULL with @error set
 * (G_FILE_ERROR_NOENT when it does not exist). */
static char *
read_file (TdHost      *host,
           const char  *path,
           GError     **error)
{
  g_autofree char *full = root_path (path);
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (full, &contents, NULL, &local_error))
    {
      td_host_add_file_evidence (host, full, NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  td_host_add_file_evidence (host, full, contents, NULL);
  return contents;
}

/* ---- IPv6 stack ------------------------------------------------------- */

static int
read_sysctl_int (TdHost     *host,
                 const char *path)
{
  g_autofree char *text = read_file (host, path, NULL);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (g_strstrip (text), 10, G_MININT, G_MAXINT,
                                                 &value, NULL))
    return -1;
  return (int) value;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
collect_ipv6 (TdHost *host)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *if_inet6 = NULL;
  g_autofree char *routes = NULL;
  g_autofree char *conf_dir = root_path ("proc/sys/net/ipv6/conf");
  g_autoptr(GDir) dir = NULL;
  int all, dflt;
  gboolean some_enabled = FALSE;
  guint n_interfaces = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if_inet6 = read_file (host, "proc/net/if_inet6", &error);
  if (if_inet6 == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          host->ipv6_enabled = TD_TRISTATE_NO;
          g_ptr_array_add (host->ipv6_reasons,
                           g_strdup (_("IPv6 is not in the kernel: /proc/net/if_inet6 does not exist "
                                       "(booted with ipv6.disable=1, or the module is not loaded)")));
          host->default_route = TD_TRISTATE_NO;
          return;
        }
      td_host_set_error_literal (host, "addresses", TD_ERROR_FAILED, error->message);
      g_clear_error (&error);
    }
  else if (!td_host_linux_parse_if_inet6 (if_inet6, host->addresses, &error))
    {
      td_host_set_error (host, "addresses", error);
      g_clear_error (&error);
    }

  all = read_sysctl_int (host, "proc/sys/net/ipv6/conf/all/disable_ipv6");
  dflt = read_sysctl_int (host, "proc/sys/net/ipv6/conf/default/disable_ipv6");
  if (all == 1)
    g_ptr_array_add (host->ipv6_reasons, g_strdup ("net.ipv6.conf.all.disable_ipv6 = 1"));
  if (dflt == 1)
    g_ptr_array_add (host->ipv6_reasons,
                     g_strdup (_("net.ipv6.conf.default.disable_ipv6 = 1 (new interfaces start without IPv6)")));

  /* Per interface: `all` is copied to every interface when written, but an
   * interface can be switched back on alone afterwards. */
  dir = g_dir_open (conf_dir, 0, NULL);
  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (!g_str_equal (name, "all") && !g_str_equal (name, "default") && !g_str_equal (name, "lo"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_strdup_printf ("proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
      int value = read_sysctl_int (host, path);

      n_interfaces++;
      if (value == 0)
        some_enabled = TRUE;
      else if (value == 1 && all != 1)
        g_ptr_array_add (host->ipv6_reasons,
                         g_strdup_printf ("net.ipv6.conf.%s.disable_ipv6 = 1", name));
    }

  if (all == 1 && !some_enabled)
    host->ipv6_enabled = TD_TRISTATE_NO;
  else if (n_interfaces > 0 && !some_enabled)
    host->ipv6_enabled = TD_TRISTATE_NO;
  else
    host->ipv6_enabled = TD_TRISTATE_YES;

  routes = read_file (host, "proc/net/ipv6_route", &error);
  if (routes == NULL)
    {
      td_host_set_error_literal (host, "default_route", TD_ERROR_FAILED, error->message);
      g_clear_error (&error);
    }
  else
    {
      gboolean has_default;
      char *interface;

      if (td_host_linux_parse_ipv6_route (routes, &has_default, &interface, &error))
        {
          host->default_route = has_default ? TD_TRISTATE_YES : TD_TRISTATE_NO;
          host->default_route_interface = interface;
        }
      else
        td_host_set_error (host, "default_route", error);
    }
}

/* ---- firewall: running the tools -------------------------------------- */

static gboolean
looks_like_permission (const TdCommandResult *result)
{
  const char *texts[] = { result->stderr_text, result->stdout_text };

  if (result->error != NULL)
    return g_error_matches (result->error, TD_ERROR, TD_ERROR_PERMISSION);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL &&
        (strstr (texts[i], "Operation not permitted") || strstr (texts[i], "Permission denied") ||
         strstr (texts[i], "must be root") || strstr (texts[i], "need to be root")))
      return TRUE;
  return FALSE;
}

static void
add_unknown_source (TdHostCollector *collector,
                    const char      *name,
                    const char      *fact,
                    const char      *how_to_check,
                    const TdCommandResult *result)
{
  TdHostFirewall *firewall = collector->host->firewall;
  g_autofree char *detail = NULL;
  g_autoptr(GError) error = NULL;

  if (looks_like_permission (result))
    {
      /* TRANSLATORS: %s is a command to type, e.g. "sudo nft list ruleset". */
      detail = g_strdup_printf (_("needs administrator rights: run `%s`"), how_to_check);
      error = g_error_new_literal (TD_ERROR, TD_ERROR_PERMISSION, detail);
      if (firewall->how_to_check == NULL)
        firewall->how_to_check = g_strdup (how_to_check);
    }
  else if (!td_command_result_check (result, &error))
    detail = g_strdup (error->message);
  else
    {
      error = g_error_new_literal (TD_ERROR, TD_ERROR_FAILED, _("no usable output"));
      detail = g_strdup (error->message);
    }
  td_host_set_error (collector->host, fact, error);
  g_ptr_array_add (firewall->sources,
                   td_firewall_source_new (name, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                           TD_TRISTATE_UNSET, detail));
}

static void
on_ip6tables (TdHostCollector *collector,
              TdCommandResult *result,
              gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  TdFirewallSource *source;

  if (g_error_matches (result->error, TD_ERROR, TD_ERROR_NOT_FOUND))
    return;  /* neither nft nor ip6tables: said in the verdict */
  if (!result->exited || result->exit_status != 0 || result->error != NULL)
    {
      add_unknown_source (collector, "ip6tables", "firewall.ip6tables", "sudo ip6tables -S", result);
      return;
    }
  source = td_host_linux_parse_ip6tables (result->stdout_text, &error);
  if (source == NULL)
    {
      td_host_set_error (collector->host, "firewall.ip6tables", error);
      return;
    }
  g_ptr_array_add (collector->host->firewall->sources, source);
}

static void
on_nft (TdHostCollector *collector,
        TdCommandResult *result,
        gpointer         user_data)
{
  LinuxData *data = collector->platform_data;
  g_autoptr(GError) error = NULL;
  TdFirewallSource *source;

  if (g_error_matches (result->error, TD_ERROR, TD_ERROR_NOT_FOUND))
    {
      const char *argv[] = { "ip6tables", "-S", NULL };
      TdCommandOptions options = { .fallback_dirs = (const char * const *) data->sbin_dirs };

      td_host_collector_run (collector, argv, &options, on_ip6tables, NULL);
      return;
    }
  if (!result->exited || result->exit_status != 0 || result->error != NULL)
    {
      add_unknown_source (collector, "nftables", "firewall.nftables", NFT_HOW_TO_CHECK, result);
      return;
    }
  source = td_host_linux_parse_nft_json (result->stdout_text, &error);
  if (source == NULL)
    {
      td_host_set_error (collector->host, "firewall.nftables", error);
      g_ptr_array_add (collector->host->firewall->sources,
                       td_firewall_source_new ("nftables", TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                               TD_TRISTATE_UNSET, error->message));
      return;
    }
  g_ptr_array_add (collector->host->firewall->sources, source);
}

static void
on_ufw (TdHostCollector *collector,
        TdCommandResult *result,
        gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  TdFirewallSource *source;

  if (!result->exited || result->exit_status != 0 || result->error != NULL)
    {
      add_unknown_source (collector, "ufw", "firewall.ufw", "sudo ufw status", result);
      return;
    }
  source = td_host_linux_parse_ufw (result->stdout_text, &error);
  if (source == NULL)
    {
      td_host_set_error (collector->host, "firewall.ufw", error);
      return;
    }
  g_ptr_array_add (collector->host->firewall->sources, source);
}

/* firewalld: asked over D-Bus, and only when a system bus exists, so that a
 * container or a minimal system without one gets no warnings and no wait. */
static void
on_firewalld_owner (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  TdHostCollector *collector = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  if (owned)
    g_ptr_array_add (collector->host->firewall->sources,
                     td_firewall_source_new ("firewalld", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                             TD_TRISTATE_YES,
                                             _("firewalld is running (org.fedoraproject.FirewallD1 "
                                               "is on the system bus)")));
  td_host_collector_release (collector);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  TdHostCollector *collector = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (res, NULL);

  if (bus == NULL)
    {
      td_host_collector_release (collector);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", "org.fedoraproject.FirewallD1"),
                          G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                          collector->cancellable, on_firewalld_owner, collector);
}

static gboolean
system_bus_exists (void)
{
  const char *address = g_getenv ("DBUS_SYSTEM_BUS_ADDRESS");

  if (address != NULL)
    return address[0] != '\0';
  return g_file_test ("/run/dbus/system_bus_socket", G_FILE_TEST_EXISTS) ||
         g_file_test ("/var/run/dbus/system_bus_socket", G_FILE_TEST_EXISTS);
}

static void
collect_firewall (TdHostCollector *collector)
{
  LinuxData *data = collector->platform_data;
  const char *nft_argv[] = { "nft", "-j", "list", "ruleset", NULL };
  const char *ufw_argv[] = { "ufw", "status", NULL };
  TdCommandOptions options = { .fallback_dirs = (const char * const *) data->sbin_dirs,
                               .codepage_hint = "UTF-8" };
  g_autofree char *ufw = NULL;

  collector->host->firewall = td_host_firewall_new ();
  td_host_collector_run (collector, nft_argv, &options, on_nft, NULL);

  /* ufw is optional: not installed means nothing to say. */
  ufw = td_command_find_program ("ufw", (const char * const *) data->sbin_dirs);
  if (ufw != NULL)
    td_host_collector_run (collector, ufw_argv, &options, on_ufw, NULL);

  if (system_bus_exists ())
    {
      td_host_collector_hold (collector);
      g_bus_get (G_BUS_TYPE_SYSTEM, collector->cancellable, on_system_bus, collector);
    }
}

static void
finish_firewall (TdHost *host)
{
  TdHostFirewall *firewall = host->firewall;

  td_host_firewall_decide (firewall);
  if (firewall->present == TD_TRISTATE_UNSET && firewall->sources->len == 0)
    {
      g_free (firewall->reason);
      firewall->reason = g_strdup (_("none of nft, ip6tables, ufw or firewalld was found"));
    }
  td_host_firewall_report_unknown (host);
}

/* ---- entry ------------------------------------------------------------ */

static gpointer
linux_data_new (void)
{
  LinuxData *data = g_new0 (LinuxData, 1);

  data->sbin_dirs = sbin_dirs ();
  return data;
}

static void
linux_start (TdHostCollector *collector)
{
  LinuxData *data = collector->platform_data;

  collect_ipv6 (collector->host);
  td_host_linux_collect_miredo (collector->host, (const char * const *) data->sbin_dirs);
  collect_firewall (collector);
}

static void
linux_finish (TdHostCollector *collector)
{
  td_host_compute_clouds (collector->host);
  finish_firewall (collector->host);
}

const TdHostPlatform td_host_platform_linux = {
  .platform = TD_PLATFORM_LINUX,
  .data_new = linux_data_new,
  .data_free = (GDestroyNotify) linux_data_free,
  .start = linux_start,
  .finish = linux_finish,
};
