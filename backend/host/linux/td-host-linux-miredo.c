/* td-host-linux-miredo.c — the Linux Teredo client (miredo), as it is now
 *
 * miredo keeps no state file and has no control socket, so its state is
 * pieced together: installed (binary), configured (miredo.conf), running in
 * *this* network namespace (a process named miredo whose /proc/PID/ns/net is
 * ours — a miredo in another namespace gives this one nothing) and qualified
 * (its tunnel interface holds a Teredo address; running without one means it
 * is still probing the server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-error.h"
#include "td-host-linux.h"
#include "td-linux-parse.h"
#include "td-miredo-conf.h"

#define DEFAULT_MIREDO_CONF "/etc/miredo/miredo.conf"
#define DEFAULT_INTERFACE   "teredo"

static char *
proc_path (const char *pid,
           const char *leaf)
{
  return g_build_filename (td_host_linux_root (), "proc", pid, leaf, NULL);
}

/* The link /proc/PID/ns/net: "net:[4026531840]".  Another user's process
 * needs ptrace rights, so "permission denied" is common and means
 * "unknown"; *@out_gone tells that the process exited meanwhile. */
static char *
read_netns (const char  *pid,
            gboolean    *out_gone)
{
  g_autofree char *path = proc_path (pid, "ns/net");
  g_autoptr(GError) error = NULL;
  char *target = g_file_read_link (path, &error);

  *out_gone = g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  return target;
}

static char *
read_comm (const char *pid)
{
  g_autofree char *path = proc_path (pid, "comm");
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* The -c / --config argument of a running miredo, if any. */
static char *
config_from_cmdline (TdHost     *host,
                     const char *pid)
{
  g_autofree char *path = proc_path (pid, "cmdline");
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return NULL;
  for (gsize start = 0; start < len; start += strlen (text + start) + 1)
    g_ptr_array_add (args, text + start);
  {
    g_autofree char *shown = NULL;

    g_ptr_array_add (args, NULL);
    shown = g_strjoinv (" ", (char **) args->pdata);
    g_ptr_array_remove_index (args, args->len - 1);
    td_host_add_file_evidence (host, path, shown, NULL);
  }
  for (guint i = 1; i < args->len; i++)
    {
      const char *arg = g_ptr_array_index (args, i);

      if ((g_str_equal (arg, "-c") || g_str_equal (arg, "--config")) && i + 1 < args->len)
        return g_strdup (g_ptr_array_index (args, i + 1));
      if (g_str_has_prefix (arg, "--config="))
        return g_strdup (arg + strlen ("--config="));
      if (g_str_has_prefix (arg, "-c") && arg[2] != '\0')
        return g_strdup (arg + 2);
    }
  return NULL;
}

typedef struct {
  char      *pid;            /* first miredo seen in this namespace */
  char      *config;         /* its -c argument */
  GPtrArray *unknown_pids;   /* miredo processes whose namespace we cannot read */
  guint      elsewhere;      /* miredo processes in other namespaces */
} MiredoProcesses;

static void
find_processes (TdHost          *host,
                MiredoProcesses *found)
{
  g_autofree char *proc = g_build_filename (td_host_linux_root (), "proc", NULL);
  g_autoptr(GDir) dir = g_dir_open (proc, 0, NULL);
  g_autofree char *own_ns = NULL;
  gboolean own_gone = FALSE;
  const char *name;

  found->unknown_pids = g_ptr_array_new_with_free_func (g_free);
  if (dir == NULL)
    return;
  own_ns = read_netns ("self", &own_gone);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm = NULL;
      g_autofree char *ns = NULL;
      gboolean gone = FALSE;

      if (strspn (name, "0123456789") != strlen (name))
        continue;
      comm = read_comm (name);
      if (g_strcmp0 (comm, "miredo") != 0)
        continue;
      ns = read_netns (name, &gone);
      if (ns == NULL && gone)
        continue;  /* exited meanwhile */
      if (ns == NULL || own_ns == NULL)
        {
          g_ptr_array_add (found->unknown_pids, g_strdup (name));
          continue;
        }
      if (!g_str_equal (ns, own_ns))
        {
          found->elsewhere++;
          continue;
        }
      /* The lowest PID is the parent (the privileged half). */
      if (found->pid == NULL || g_ascii_strtoull (name, NULL, 10) < g_ascii_strtoull (found->pid, NULL, 10))
        {
          g_free (found->pid);
          found->pid = g_strdup (name);
        }
    }
  if (found->pid != NULL)
    found->config = config_from_cmdline (host, found->pid);
}

static const TdHostAddress *
find_teredo_address (TdHost     *host,
                     const char *interface)
{
  const TdHostAddress *fallback = NULL;

  for (guint i = 0; i < host->addresses->len; i++)
    {
      const TdHostAddress *address = g_ptr_array_index (host->addresses, i);

      if (g_strcmp0 (address->interface, interface) != 0 ||
          address->origin != TD_ADDRESS_ORIGIN_TEREDO)
        continue;
      if (td_host_address_is_usable_global (address))
        return address;
      if (fallback == NULL)
        fallback = address;
    }
  return fallback;
}

void
td_host_linux_collect_miredo (TdHost             *host,
                              const char * const *sbin_dirs)
{
  g_autoptr(TdTeredoClient) client = td_teredo_client_new ();
  g_autofree char *binary = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr(TdMiredoConf) conf = NULL;
  g_autoptr(GError) error = NULL;
  MiredoProcesses found = { 0 };
  const char *interface = DEFAULT_INTERFACE;
  const TdHostAddress *address;

  binary = td_command_find_program ("miredo", sbin_dirs);
  find_processes (host, &found);

  if (binary == NULL && found.pid == NULL && found.unknown_pids->len == 0)
    {
      /* Not installed: no Teredo client on this host at all. */
      client->implementation = TD_CLIENT_IMPL_NONE;
      client->state = TD_TEREDO_STATE_OFFLINE;
      host->client = g_steal_pointer (&client);
      g_ptr_array_unref (found.unknown_pids);
      return;
    }
  client->implementation = TD_CLIENT_IMPL_MIREDO;

  /* The configuration the running miredo was started with, else the
   * default one (TD_MIREDO_CONF for tests). */
  if (found.config != NULL)
    config_path = g_strdup (found.config);
  else if (g_getenv ("TD_MIREDO_CONF") != NULL)
    config_path = g_strdup (g_getenv ("TD_MIREDO_CONF"));
  else
    config_path = g_strdup (DEFAULT_MIREDO_CONF);

  if (g_file_get_contents (config_path, &config_text, NULL, &error))
    {
      td_host_add_file_evidence (host, config_path, config_text, NULL);
      conf = td_miredo_conf_parse (config_text, &error);
      if (conf == NULL)
        td_host_set_error (host, "client.config", error);
    }
  else
    {
      /* miredo runs without a file too, on built-in defaults. */
      td_host_add_file_evidence (host, config_path, NULL, error);
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        td_host_set_error_literal (host, "client.config",
                                   g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
                                     ? TD_ERROR_PERMISSION : TD_ERROR_FAILED,
                                   error->message);
    }
  if (conf != NULL)
    {
      if (conf->interface_name != NULL)
        interface = conf->interface_name;
      client->server_name = g_strdup (conf->server_address);
      if (conf->bind_port > 0)
        client->client_port = conf->bind_port;
    }

  address = find_teredo_address (host, interface);
  if (found.pid != NULL)
    {
      if (address != NULL)
        {
          client->state = TD_TEREDO_STATE_QUALIFIED;
          client->address = g_strdup (address->address);
        }
      else
        {
          client->state = TD_TEREDO_STATE_PROBE;
        }
    }
  else if (found.unknown_pids->len > 0)
    {
      g_autofree char *message = NULL;

      client->state = TD_TEREDO_STATE_UNKNOWN;
      if (address != NULL)
        {
          /* Whatever namespace miredo is in, this one has the address. */
          client->state = TD_TEREDO_STATE_QUALIFIED;
          client->address = g_strdup (address->address);
        }
      else
        {
          /* TRANSLATORS: both %s are the same process ID. */
          message = g_strdup_printf (_("miredo (PID %s) is running, but whether it runs in this "
                                       "network namespace cannot be read without administrator "
                                       "rights: run `sudo ls -l /proc/%s/ns/net`"),
                                     (char *) g_ptr_array_index (found.unknown_pids, 0),
                                     (char *) g_ptr_array_index (found.unknown_pids, 0));
          td_host_set_error_literal (host, "client", TD_ERROR_PERMISSION, message);
        }
    }
  else
    {
      client->state = TD_TEREDO_STATE_OFFLINE;
    }

  host->client = g_steal_pointer (&client);
  g_free (found.pid);
  g_free (found.config);
  g_ptr_array_unref (found.unknown_pids);
}
