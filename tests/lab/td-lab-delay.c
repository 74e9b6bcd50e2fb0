/* td-lab-delay.c — a round-trip time on the lab's client ↔ NAT link, without netem
 *
 * The kernel of the lab machines has no netem qdisc, so td-delay-relay (a
 * user-space TUN-pair forwarder) holds each packet for the one-way delay.
 * It sits between the client ns and the NAT ns:
 *
 *   client ns  dly0 (TUN) ══ td-delay-relay ══ dly1 (TUN)  NAT ns ── wan …
 *              default route via dly0              198.19.0.2/32 via dly1
 *
 * so everything the client sends beyond its own /24 (the server, and the
 * server's answers back through the NAT's conntrack) crosses it twice.  The
 * NAT rules match on "wan" only, so masquerading, filtering and loss are
 * unchanged.  The relay is a tracked process of the lab: it stops with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "td-lab.h"

#define DELAY_KEY          "td-lab-delay"
#define RELAY_READY_MS     5000
#define CLIENT_TUN         "dly0"
#define NAT_TUN            "dly1"

typedef struct {
  GPid   pid;
  guint  one_way_ms;
  char  *log;
} Delay;

static void
delay_free (Delay *d)
{
  g_free (d->log);
  g_free (d);
}

static char *
relay_path (void)
{
  const char *env = g_getenv ("TD_DELAY_RELAY");
  const char *build = g_getenv ("TD_BUILD_ROOT");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  if (build != NULL)
    return g_build_filename (build, "tests", "lab", "td-delay-relay", NULL);
  return NULL;
}

static char *
find_ip (void)
{
  static const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
  char *path = g_find_program_in_path ("ip");

  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *p = g_build_filename (dirs[i], "ip", NULL);

      if (g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&p);
    }
  return path;
}

/* Runs `ip ARGS…` inside @ns; a non-zero exit is an error quoting stderr. */
static gboolean
ip_in (TdLab              *lab,
       TdLabNs             ns,
       const char * const *args,
       GError            **error)
{
  g_autofree char *ip = find_ip ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  TdLabRun run = { 0 };
  gboolean ok;

  if (ip == NULL)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT, "`ip` not found");
      return FALSE;
    }
  g_ptr_array_add (argv, ip);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!td_lab_exec (lab, ns, TD_LAB_AS_ROOT, (const char * const *) argv->pdata, 10000, &run, error))
    return FALSE;
  ok = run.exit_status == 0;
  if (!ok)
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv->pdata);

      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND,
                   "`%s` in %s failed (exit %d): %s", cmd, td_lab_ns_name (lab, ns),
                   run.exit_status, g_strstrip (run.err));
    }
  td_lab_run_clear (&run);
  return ok;
}

static gboolean
stop_relay (TdLab   *lab,
            Delay   *d,
            GError **error)
{
  static const char * const route_back[] = { "route", "replace", "default", "via",
                                             TD_LAB_NAT_LAN_ADDRESS, "dev", "eth0", NULL };

  if (d->pid <= 0)
    return TRUE;
  /* The TUN devices vanish with the relay, and the routes through them. */
  if (!td_lab_stop_tracked (lab, d->pid, error))
    return FALSE;
  d->pid = 0;
  d->one_way_ms = 0;
  return ip_in (lab, TD_LAB_NS_CLIENT, route_back, error);
}

static gboolean
wait_ready (TdLab   *lab,
            Delay   *d,
            GError **error)
{
  gint64 deadline = g_get_monotonic_time () + RELAY_READY_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      g_autofree char *log = NULL;
      int status = 0;

      g_file_get_contents (d->log, &log, NULL, NULL);
      if (log != NULL && strstr (log, "ready\n") != NULL)
        return TRUE;
      if (td_lab_tracked_exited (lab, d->pid, &status))
        {
          d->pid = 0;
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY,
                       "td-delay-relay exited (wait status %d): %s", status, log ? log : "");
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY,
                       "td-delay-relay not ready after %d ms: %s", RELAY_READY_MS, log ? log : "");
          return FALSE;
        }
      g_usleep (2000);
    }
}

gboolean
td_lab_set_delay (TdLab   *lab,
                  guint    one_way_ms,
                  GError **error)
{
  Delay *d = td_lab_get_data (lab, DELAY_KEY);
  g_autofree char *relay = relay_path ();
  g_autofree char *ms_text = g_strdup_printf ("%u", one_way_ms);
  g_autofree char *client_ns = g_strdup (td_lab_ns_name (lab, TD_LAB_NS_CLIENT));
  g_autofree char *nat_ns = g_strdup (td_lab_ns_name (lab, TD_LAB_NS_NAT));
  const char * const argv[] = { relay, client_ns, CLIENT_TUN, nat_ns, NAT_TUN, ms_text, NULL };
  static const char * const client_up[] = { "link", "set", CLIENT_TUN, "up", NULL };
  static const char * const nat_up[] = { "link", "set", NAT_TUN, "up", NULL };
  static const char * const client_route[] = { "route", "replace", "default", "dev", CLIENT_TUN,
                                               "src", TD_LAB_CLIENT_ADDRESS, NULL };
  static const char * const nat_route[] = { "route", "replace", TD_LAB_CLIENT_ADDRESS "/32",
                                            "dev", NAT_TUN, NULL };

  if (d == NULL)
    {
      d = g_new0 (Delay, 1);
      d->log = g_build_filename (td_lab_dir (lab), "delay-relay.log", NULL);
      td_lab_set_data (lab, DELAY_KEY, d, (GDestroyNotify) delay_free);
    }
  if (d->pid > 0 && d->one_way_ms == one_way_ms)
    return TRUE;
  if (!stop_relay (lab, d, error))
    return FALSE;
  if (one_way_ms == 0)
    return TRUE;

  if (relay == NULL || !g_file_test (relay, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                   "td-delay-relay not found (%s): set TD_DELAY_RELAY or TD_BUILD_ROOT",
                   relay ? relay : "unset");
      return FALSE;
    }
  if (!td_lab_spawn_tracked (lab, argv, d->log, &d->pid, error) ||
      !wait_ready (lab, d, error))
    return FALSE;
  d->one_way_ms = one_way_ms;

  if (!ip_in (lab, TD_LAB_NS_CLIENT, client_up, error) ||
      !ip_in (lab, TD_LAB_NS_NAT, nat_up, error) ||
      !ip_in (lab, TD_LAB_NS_NAT, nat_route, error) ||
      !ip_in (lab, TD_LAB_NS_CLIENT, client_route, error))
    {
      stop_relay (lab, d, NULL);
      return FALSE;
    }
  return TRUE;
}

guint
td_lab_get_delay (TdLab *lab)
{
  Delay *d = td_lab_get_data (lab, DELAY_KEY);

  return d != NULL && d->pid > 0 ? d->one_way_ms : 0;
}

double
td_lab_ping_rtt_ms (TdLab       *lab,
                    TdLabNs      ns,
                    const char  *address,
                    guint        count,
                    GError     **error)
{
  g_autofree char *count_text = g_strdup_printf ("%u", MAX (count, 1));
  const char *argv[] = { "ping", "-n", "-q", "-c", count_text, "-i", "0.2", "-W", "5", address, NULL };
  TdLabRun run = { 0 };
  const char *line;
  double avg = -1;

  if (!td_lab_exec (lab, ns, TD_LAB_AS_ROOT, argv, 10000 + 1000 * count, &run, error))
    return -1;
  /* "rtt min/avg/max/mdev = 100.1/100.3/100.6/0.2 ms" */
  line = run.out ? strstr (run.out, "min/avg/max") : NULL;
  if (line != NULL && (line = strchr (line, '=')) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (line + 1, "/", -1);

      if (g_strv_length (parts) >= 2)
        avg = g_ascii_strtod (parts[1], NULL);
    }
  if (avg < 0)
    g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND,
                 "ping %s from %s gave no round-trip time (exit %d): %s %s", address,
                 td_lab_ns_name (lab, ns), run.exit_status, run.out, run.err);
  td_lab_run_clear (&run);
  return avg;
}
