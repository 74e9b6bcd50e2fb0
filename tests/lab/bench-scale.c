/* bench-scale.c — ranking 1 to 64 real Teredo servers with one CLI call
 *
 * 64 miredo-server instances run in the lab's server namespace, each with
 * its own pair of consecutive addresses (198.18.2.1/.2, 198.18.2.3/.4, …
 * 198.18.2.127/.128), its own configuration and pid file.  From the client
 * namespace, behind the restricted NAT, as uid 65534, one call
 * `teredo-doctor-cli probe S1 … SN --json` ranks N of them, for N = 1, 2,
 * 4 … 64; each N is run several times.  Reported per N: wall time (spawn
 * to exit), the longest per-server elapsed_us, peak RSS (wait4's
 * ru_maxrss, the number `/usr/bin/time -v` prints), the most threads seen
 * in /proc/PID/status while it ran, and how many servers qualified.  Then
 * each of the 64 servers is probed alone once, and the 64-server call is
 * compared with the slowest of those single probes.
 *
 * TD_BENCH_RUNS overrides the runs per N (default 5).  Timings are
 * reported, never asserted; `not ok` means the lab failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "td-lab.h"
#include "td-lab-measure.h"

#define N_SERVERS      64
#define DEFAULT_RUNS   5
#define READY_TIMEOUT  (20 * G_USEC_PER_SEC)

static int
bail_out (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    printf ("# %s\n", lines[i]);
  printf ("not ok 1 - bench-scale: the lab failed (see above)\n");
  return 1;
}

static char *
primary_of (guint k)
{
  return g_strdup_printf ("198.18.2.%u", 2 * k + 1);
}

static char *
secondary_of (guint k)
{
  return g_strdup_printf ("198.18.2.%u", 2 * k + 2);
}

static char *
find_tool (const char *name)
{
  static const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
  char *path = g_find_program_in_path (name);

  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *p = g_build_filename (dirs[i], name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&p);
    }
  return path;
}

static gboolean
exec_ok (TdLab *lab, TdLabNs ns, const char * const *argv, char **out, GError **error)
{
  TdLabRun run = { 0 };
  gboolean ok;

  if (!td_lab_exec (lab, ns, TD_LAB_AS_ROOT, argv, 30000, &run, error))
    return FALSE;
  ok = run.exit_status == 0;
  if (!ok)
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv);

      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND, "`%s` failed (exit %d): %s",
                   cmd, run.exit_status, run.err);
    }
  else if (out)
    *out = g_steal_pointer (&run.out);
  td_lab_run_clear (&run);
  return ok;
}

/* 128 addresses on the server's link, a route to them on the router, and
 * 64 miredo-servers; returns when all 128 sockets are bound. */
static gboolean
start_servers (TdLab *lab, GError **error)
{
  g_autofree char *ip = find_tool ("ip");
  g_autofree char *miredo_server = find_tool ("miredo-server");
  g_autofree char *batch = g_build_filename (td_lab_dir (lab), "scale-addresses.ip", NULL);
  g_autoptr(GString) commands = g_string_new (NULL);
  const char *batch_argv[] = { ip, "-b", batch, NULL };
  const char *route_argv[] = { ip, "route", "add", "198.18.2.0/24", "via", TD_LAB_SERVER_PRIMARY, NULL };
  const char *ss_argv[] = { "ss", "-uln", NULL };
  gint64 deadline;

  for (guint k = 0; k < N_SERVERS; k++)
    {
      g_autofree char *p = primary_of (k);
      g_autofree char *s = secondary_of (k);

      g_string_append_printf (commands, "addr add %s/24 dev eth0\naddr add %s/24 dev eth0\n", p, s);
    }
  if (!g_file_set_contents (batch, commands->str, -1, error) ||
      !exec_ok (lab, TD_LAB_NS_SERVER, batch_argv, NULL, error) ||
      !exec_ok (lab, TD_LAB_NS_ROUTER, route_argv, NULL, error))
    return FALSE;

  for (guint k = 0; k < N_SERVERS; k++)
    {
      g_autofree char *p = primary_of (k);
      g_autofree char *conf = g_strdup_printf ("%s/scale-%02u.conf", td_lab_dir (lab), k);
      g_autofree char *pid = g_strdup_printf ("%s/scale-%02u.pid", td_lab_dir (lab), k);
      g_autofree char *log = g_strdup_printf ("%s/scale-%02u.log", td_lab_dir (lab), k);
      g_autofree char *text = g_strdup_printf ("ServerBindAddress %s\n", p);
      const char *argv[] = { ip, "netns", "exec", td_lab_ns_name (lab, TD_LAB_NS_SERVER),
                             miredo_server, "-f", "-c", conf, "-p", pid, "-u", "nobody", NULL };

      if (!g_file_set_contents (conf, text, -1, error) ||
          !td_lab_spawn_tracked (lab, argv, log, NULL, error))
        return FALSE;
    }

  deadline = g_get_monotonic_time () + READY_TIMEOUT;
  for (;;)
    {
      g_autofree char *out = NULL;
      guint bound = 0;

      if (!exec_ok (lab, TD_LAB_NS_SERVER, ss_argv, &out, error))
        return FALSE;
      for (guint k = 0; k < N_SERVERS; k++)
        {
          g_autofree char *p = primary_of (k);
          g_autofree char *s = secondary_of (k);
          g_autofree char *pp = g_strdup_printf ("%s:3544 ", p);
          g_autofree char *ss = g_strdup_printf ("%s:3544 ", s);

          bound += (strstr (out, pp) != NULL) + (strstr (out, ss) != NULL);
        }
      if (bound == 2 * N_SERVERS)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY,
                       "only %u of %u miredo-server sockets bound after %d s; ss -uln:\n%s",
                       bound, 2 * N_SERVERS, (int) (READY_TIMEOUT / G_USEC_PER_SEC), out);
          return FALSE;
        }
      g_usleep (50000);
    }
}

typedef struct {
  double   wall_ms;
  double   max_elapsed_ms;
  double   rss_mb;
  guint    threads;
  char    *thread_names;
  guint    results;
  guint    qualified;
  guint    rs_sent;
  gboolean ranked;       /* qualified first, then by RTT */
} ScaleRun;

static gboolean
probe_servers (TdLab *lab, guint first, guint n, ScaleRun *out, GError **error)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  TdLabMeasureOptions options = { TD_LAB_AS_NOBODY, NULL, 60000, 0, 0 };
  TdLabMeasured run = { 0 };
  JsonArray *results;
  double last_rtt = -1;
  gboolean seen_unqualified = FALSE;

  g_ptr_array_add (argv, g_strdup (cli));
  g_ptr_array_add (argv, g_strdup ("probe"));
  for (guint k = first; k < first + n; k++)
    g_ptr_array_add (argv, primary_of (k));
  g_ptr_array_add (argv, g_strdup ("--json"));
  g_ptr_array_add (argv, NULL);

  memset (out, 0, sizeof *out);
  if (!td_lab_measure_exec (lab, TD_LAB_NS_CLIENT, (const char * const *) argv->pdata, &options,
                            &run, error))
    return FALSE;
  if (run.timed_out || !json_parser_load_from_data (parser, run.out, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_PROBE_OUTPUT,
                   "probe of %u servers: no JSON (exit %d, timed out %d): %s", n,
                   run.exit_status, run.timed_out, run.err);
      td_lab_measured_clear (&run);
      return FALSE;
    }
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "results");
  out->wall_ms = run.wall_ms;
  out->rss_mb = run.max_rss_mb;
  out->threads = run.max_threads;
  out->thread_names = g_strdup (run.thread_names);
  out->results = json_array_get_length (results);
  out->ranked = TRUE;
  for (guint i = 0; i < out->results; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      gboolean qualified = json_object_get_boolean_member (r, "qualified");
      double elapsed = json_object_get_int_member (r, "elapsed_us") / 1000.0;
      /* The ranking sorts by whole milliseconds, then by name. */
      JsonNode *rtt_node = json_object_get_member (r, "rtt_ms");
      double rtt = rtt_node && JSON_NODE_HOLDS_VALUE (rtt_node) ? json_node_get_int (rtt_node) : -1;

      out->max_elapsed_ms = MAX (out->max_elapsed_ms, elapsed);
      out->rs_sent += json_object_get_int_member (r, "rs_sent");
      if (qualified)
        {
          out->qualified++;
          if (seen_unqualified || rtt < last_rtt)
            out->ranked = FALSE;
          last_rtt = rtt;
        }
      else
        seen_unqualified = TRUE;
    }
  td_lab_measured_clear (&run);
  return TRUE;
}

int
main (int argc, char *argv[])
{
  static const guint sizes[] = { 1, 2, 4, 8, 16, 32, 64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TdLab) lab = NULL;
  g_autoptr(GArray) single_wall = td_lab_samples_new ();
  g_autoptr(GArray) single_elapsed = td_lab_samples_new ();
  const char *env_runs = g_getenv ("TD_BENCH_RUNS");
  guint runs = env_runs ? (guint) g_ascii_strtoull (env_runs, NULL, 10) : DEFAULT_RUNS;
  double wall64 = NAN, rss64 = NAN, max_rss = 0;
  guint max_threads = 0;
  guint single_qualified = 0;
  g_autofree char *all_names = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (runs == 0)
    runs = DEFAULT_RUNS;
  if (!td_lab_check_environment (FALSE, &error))
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          printf ("1..1\n");
          return bail_out (error->message);
        }
      printf ("1..0 # SKIP %s\n", error->message);
      return 0;
    }
  printf ("1..1\n");
  if (g_getenv ("TD_CLI") == NULL)
    return bail_out ("TD_CLI is not set: run through `meson test --benchmark`");

  lab = td_lab_new (&error);
  if (lab == NULL || !td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, &error) ||
      !start_servers (lab, &error))
    return bail_out (error->message);
  printf ("# %u miredo-server instances in %s, 198.18.2.1/.2 … 198.18.2.127/.128;\n"
          "# client %s behind the restricted NAT, as uid 65534; %u runs per N\n",
          N_SERVERS, td_lab_ns_name (lab, TD_LAB_NS_SERVER), TD_LAB_CLIENT_ADDRESS, runs);

  /* Each server alone, once: the reference "slowest single probe". */
  for (guint k = 0; k < N_SERVERS; k++)
    {
      ScaleRun r;

      if (!probe_servers (lab, k, 1, &r, &error))
        return bail_out (error->message);
      td_lab_samples_push (single_wall, r.wall_ms);
      td_lab_samples_push (single_elapsed, r.max_elapsed_ms);
      single_qualified += r.qualified;
      g_free (r.thread_names);
    }
  {
    g_autofree char *w = td_lab_format_med_p95 (single_wall);
    g_autofree char *e = td_lab_format_med_p95 (single_elapsed);

    printf ("#\n# each of the %u servers alone: wall median / p95 %s (slowest %.1f ms); "
            "elapsed_us median / p95 %s (slowest %.1f ms); %u/%u qualified\n",
            N_SERVERS, w, td_lab_samples_max (single_wall), e, td_lab_samples_max (single_elapsed),
            single_qualified, N_SERVERS);
  }

  printf ("#\n# | N servers | wall ms (median / p95) | longest elapsed_us ms | peak RSS MB (max) | "
          "threads (max) | qualified | RS sent | ranked |\n");
  printf ("# |---|---|---|---|---|---|---|---|\n");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GArray) wall = td_lab_samples_new ();
      g_autoptr(GArray) elapsed = td_lab_samples_new ();
      g_autoptr(GArray) rss = td_lab_samples_new ();
      g_autofree char *w = NULL;
      guint threads = 0, qualified = G_MAXUINT, rs = 0;
      gboolean ranked = TRUE;

      for (guint i = 0; i < runs; i++)
        {
          ScaleRun r;

          if (!probe_servers (lab, 0, sizes[s], &r, &error))
            return bail_out (error->message);
          td_lab_samples_push (wall, r.wall_ms);
          td_lab_samples_push (elapsed, r.max_elapsed_ms);
          td_lab_samples_push (rss, r.rss_mb);
          threads = MAX (threads, r.threads);
          qualified = MIN (qualified, r.qualified);
          rs = MAX (rs, r.rs_sent);
          ranked &= r.ranked && r.results == sizes[s];
          if (r.thread_names && r.thread_names[0])
            g_hash_table_add (names, g_strdup (r.thread_names));
          g_free (r.thread_names);
        }
      w = td_lab_format_med_p95 (wall);
      printf ("# | %u | %s | %.1f | %.1f | %u | %u/%u | %u | %s |\n", sizes[s], w,
              td_lab_samples_percentile (elapsed, 50), td_lab_samples_max (rss), threads,
              qualified, sizes[s], rs, ranked ? "yes" : "NO");
      max_threads = MAX (max_threads, threads);
      max_rss = MAX (max_rss, td_lab_samples_max (rss));
      if (sizes[s] == N_SERVERS)
        {
          wall64 = td_lab_samples_percentile (wall, 50);
          rss64 = td_lab_samples_max (rss);
        }
    }

  {
    g_autofree gpointer *keys = g_hash_table_get_keys_as_array (names, NULL);

    all_names = g_strjoinv (";", (char **) keys);
  }
  printf ("#\n# TARGET 64 servers in ≤ 1.5× the slowest single probe (wall, median of %u runs vs "
          "slowest of 64 single runs): %.1f ms vs %.1f ms = %.2f× — met: %s\n", runs, wall64,
          td_lab_samples_max (single_wall), wall64 / td_lab_samples_max (single_wall),
          wall64 <= 1.5 * td_lab_samples_max (single_wall) ? "yes" : "NO");
  printf ("# TARGET peak RSS of the CLI ≤ 16 MB at 64 servers: %.1f MB (max over all N: %.1f MB) — met: %s\n",
          rss64, max_rss, rss64 <= 16 ? "yes" : "NO");
  printf ("# TARGET one thread: most threads seen %u%s%s — met: %s\n", max_threads,
          all_names[0] ? "; names of the others: " : "", all_names, max_threads <= 1 ? "yes" : "NO");
  printf ("#   (\"gmain\" is GLib's worker thread, started by g_unix_signal_add() for the CLI's\n"
          "#   SIGINT/SIGTERM handler; the probes' sockets and timers all run on the main thread)\n");

  if (!td_lab_destroy (g_steal_pointer (&lab), &error))
    return bail_out (error->message);
  printf ("ok 1 - bench-scale\n");
  return 0;
}
