/* bench-app.c — the whole app: `teredo-doctor-cli diagnose` and the GUI's cold start
 *
 * 1. diagnose: in the healthy lab (restricted NAT, the real miredo client
 *    qualified in the client namespace, the real miredo-server), N runs of
 *      teredo-doctor-cli diagnose --server 198.18.0.10 --client-wait 0
 *        --format json --only <every check but ipv6-http>
 *    as root (so the firewall check can read the ruleset), with wall time
 *    (spawn to exit), peak RSS (wait4's ru_maxrss, as `/usr/bin/time -v`),
 *    threads and the verdict.
 *
 * 2. GUI: N fresh starts of `teredo-doctor` on an Xvfb server this program
 *    starts, with GSK_RENDERER=cairo and the td-first-frame LD_PRELOAD shim
 *    (no code in the app): the shim timestamps the first flush of the
 *    window's cairo xlib surface — the moment the first frame's pixels go
 *    to the X server — on the monotonic clock, with VmRSS/VmHWM at that
 *    moment.  Cold start = spawn to first frame.  Each instance is stopped
 *    with SIGTERM 4 s after its spawn; its peak RSS over those 4 s comes
 *    from wait4.  The app runs inside the lab's direct namespace, so it
 *    cannot reach any network; X is reached through its socket file.
 *    Skipped when the GUI was not built or Xvfb is missing.
 *
 * TD_BENCH_RUNS overrides N (default 20).  Timings are reported, never
 * asserted; `not ok` means the lab failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "td-lab.h"
#include "td-lab-measure.h"

#define DEFAULT_RUNS   20
#define CHECKS_NO_HTTP "ipv6-stack,global-cloud,teredo-client,teredo-error,teredo-components," \
                       "managed-network,ipv6-firewall,server-dns,server-udp,nat-type,server-ping"
#define GUI_LIFETIME_MS 4000

static int
bail_out (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    printf ("# %s\n", lines[i]);
  printf ("not ok 1 - bench-app: the lab failed (see above)\n");
  return 1;
}

static gboolean
start_miredo (TdLab *lab, GError **error)
{
  g_autofree char *address = NULL;
  double ms = 0;

  if (!td_lab_start_miredo (lab, TD_LAB_NS_CLIENT, error) ||
      !td_lab_wait_miredo_address (lab, TD_LAB_NS_CLIENT, 15000, &address, NULL, &ms, error))
    return FALSE;
  /* Its privileged half assigns the address a moment after the log line. */
  for (guint i = 0; i < 500; i++)
    {
      const char *argv[] = { "ip", "-6", "addr", "show", "dev", "teredo", "scope", "global", NULL };
      TdLabRun run = { 0 };
      gboolean assigned;

      if (!td_lab_exec (lab, TD_LAB_NS_CLIENT, TD_LAB_AS_ROOT, argv, 5000, &run, error))
        return FALSE;
      assigned = run.out != NULL && strstr (run.out, address) != NULL;
      td_lab_run_clear (&run);
      if (assigned)
        return TRUE;
      g_usleep (10000);
    }
  g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY, "miredo never assigned %s", address);
  return FALSE;
}

static const char *
verdict_of (const char *json, char **out_code)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *verdict;

  *out_code = NULL;
  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "verdict"))
    return NULL;
  verdict = json_object_get_object_member (root, "verdict");
  *out_code = g_strdup (json_object_get_string_member (verdict, "code"));
  return *out_code;
}

static gboolean
bench_diagnose (TdLab *lab, guint runs, GError **error)
{
  const char *cli = g_getenv ("TD_CLI");
  const char *argv[] = { cli, "diagnose", "--server", TD_LAB_SERVER_PRIMARY, "--client-wait", "0",
                         "--format", "json", "--only", CHECKS_NO_HTTP, NULL };
  TdLabMeasureOptions options = { TD_LAB_AS_ROOT, NULL, 60000, 0, 0 };
  g_autoptr(GArray) wall = td_lab_samples_new ();
  g_autoptr(GArray) rss = td_lab_samples_new ();
  g_autoptr(GHashTable) verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) verdict_text = g_string_new (NULL);
  g_autofree char *wall_text = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint threads = 0;
  double wall_p95, rss_max;

  if (!td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, error) || !start_miredo (lab, error))
    return FALSE;

  for (guint i = 0; i < runs; i++)
    {
      TdLabMeasured run = { 0 };
      g_autofree char *code = NULL;

      if (!td_lab_measure_exec (lab, TD_LAB_NS_CLIENT, argv, &options, &run, error))
        return FALSE;
      if (verdict_of (run.out, &code) == NULL)
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_PROBE_OUTPUT,
                       "diagnose printed no verdict (exit %d): %s\n%s", run.exit_status, run.out, run.err);
          td_lab_measured_clear (&run);
          return FALSE;
        }
      td_lab_samples_push (wall, run.wall_ms);
      td_lab_samples_push (rss, run.max_rss_mb);
      threads = MAX (threads, run.max_threads);
      g_hash_table_insert (verdicts, g_strdup (code),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (verdicts, code)) + 1));
      td_lab_measured_clear (&run);
    }

  g_hash_table_iter_init (&iter, verdicts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (verdict_text, "%s%s×%u", verdict_text->len ? ", " : "",
                            (const char *) key, GPOINTER_TO_UINT (value));
  wall_text = td_lab_format_med_p95 (wall);
  wall_p95 = td_lab_samples_percentile (wall, 95);
  rss_max = td_lab_samples_max (rss);
  printf ("#\n# == teredo-doctor-cli diagnose, healthy lab (miredo qualified behind a restricted NAT), "
          "as root, %u runs ==\n", runs);
  printf ("#   checks: %s\n", CHECKS_NO_HTTP);
  printf ("#   verdicts: %s\n", verdict_text->str);
  printf ("#   wall time, spawn → exit (median / p95): %s\n", wall_text);
  printf ("#   peak RSS (median / max): %.1f MB / %.1f MB; most threads seen: %u\n",
          td_lab_samples_percentile (rss, 50), rss_max, threads);
  printf ("#   TARGET verdict ≤ 1.5 s (p95 wall): %.1f ms — met: %s\n", wall_p95,
          wall_p95 <= 1500 ? "yes" : "NO");
  printf ("#   TARGET peak RSS ≤ 16 MB (max): %.1f MB — met: %s\n", rss_max, rss_max <= 16 ? "yes" : "NO");
  return td_lab_stop_miredo (lab, TD_LAB_NS_CLIENT, error);
}

/* ── the GUI ── */

/* Starts Xvfb on a free display; returns its PID and display number. */
static gboolean
start_xvfb (GPid *out_pid, guint *out_display, GError **error)
{
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  const char *argv[] = { xvfb, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
                         NULL };
  int fds[2];
  int source_fds[1], target_fds[1] = { 3 };
  GString *text = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean ok;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED, "pipe: %s", g_strerror (errno));
      return FALSE;
    }
  source_fds[0] = fds[1];
  ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
                                         G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                         NULL, NULL, -1, -1, -1, source_fds, target_fds, 1,
                                         out_pid, NULL, NULL, NULL, error);
  close (fds[1]);
  if (!ok)
    {
      close (fds[0]);
      g_string_free (text, TRUE);
      return FALSE;
    }
  fcntl (fds[0], F_SETFL, O_NONBLOCK);
  while (strchr (text->str, '\n') == NULL && g_get_monotonic_time () < deadline)
    {
      char buf[32];
      ssize_t got = read (fds[0], buf, sizeof buf);

      if (got > 0)
        g_string_append_len (text, buf, got);
      else if (got == 0)
        break;
      else
        g_usleep (5000);
    }
  close (fds[0]);
  ok = strchr (text->str, '\n') != NULL;
  if (ok)
    *out_display = (guint) g_ascii_strtoull (text->str, NULL, 10);
  else
    {
      kill (*out_pid, SIGKILL);
      waitpid (*out_pid, NULL, 0);
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY, "Xvfb did not start");
    }
  g_string_free (text, TRUE);
  return ok;
}

static gint64
field (const char *line, const char *name)
{
  const char *p = strstr (line, name);

  return p ? g_ascii_strtoll (p + strlen (name), NULL, 10) : -1;
}

static gboolean
bench_gui (TdLab *lab, guint runs, GError **error)
{
  const char *gui = g_getenv ("TD_GUI");
  const char *shim = g_getenv ("TD_FIRST_FRAME_SHIM");
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  g_autofree char *frame_file = g_build_filename (td_lab_dir (lab), "first-frame.txt", NULL);
  g_autoptr(GArray) first_ms = td_lab_samples_new ();
  g_autoptr(GArray) rss_frame = td_lab_samples_new ();
  g_autoptr(GArray) hwm_frame = td_lab_samples_new ();
  g_autoptr(GArray) peak = td_lab_samples_new ();
  g_autofree char *first_text = NULL;
  double first_run_ms = NAN;
  guint threads = 0, no_frame = 0;
  GPid xvfb_pid = 0;
  guint display = 0;
  double p95, peak_max;

  if (gui == NULL || shim == NULL || xvfb == NULL)
    {
      printf ("#\n# == GUI cold start: skipped (%s) ==\n",
              gui == NULL ? "built with -Dgui=false" : xvfb == NULL ? "Xvfb is not installed"
                                                                     : "no first-frame shim");
      return TRUE;
    }
  if (!start_xvfb (&xvfb_pid, &display, error))
    return FALSE;

  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *display_env = g_strdup_printf ("DISPLAY=:%u", display);
      g_autofree char *preload_env = g_strdup_printf ("LD_PRELOAD=%s", shim);
      g_autofree char *file_env = g_strdup_printf ("TD_FIRST_FRAME_FILE=%s", frame_file);
      const char *env[] = { display_env, file_env, "GSK_RENDERER=cairo", "GDK_BACKEND=x11",
                            "GTK_A11Y=none", "NO_AT_BRIDGE=1", NULL };
      /* The shim is preloaded into the app only, not into `ip netns exec`. */
      const char *argv[] = { "env", preload_env, gui, NULL };
      TdLabMeasureOptions options = { TD_LAB_AS_ROOT, env, GUI_LIFETIME_MS + 10000, SIGTERM,
                                      GUI_LIFETIME_MS, gui };
      TdLabMeasured run = { 0 };
      g_autofree char *line = NULL;

      g_unlink (frame_file);
      if (!td_lab_measure_exec (lab, TD_LAB_NS_DIRECT, argv, &options, &run, error))
        {
          kill (xvfb_pid, SIGTERM);
          waitpid (xvfb_pid, NULL, 0);
          return FALSE;
        }
      if (g_file_get_contents (frame_file, &line, NULL, NULL) && field (line, "mono_us=") > 0)
        {
          double ms = (field (line, "mono_us=") - run.spawn_us) / 1000.0;

          td_lab_samples_push (first_ms, ms);
          td_lab_samples_push (rss_frame, field (line, "rss_kb=") / 1024.0);
          td_lab_samples_push (hwm_frame, field (line, "hwm_kb=") / 1024.0);
          if (i == 0)
            first_run_ms = ms;
        }
      else
        {
          no_frame++;
          printf ("# run %u: no first frame within %u ms (exit %d, signal %d): %s\n", i,
                  GUI_LIFETIME_MS, run.exit_status, run.term_signal, run.err);
        }
      td_lab_samples_push (peak, run.max_rss_mb);
      threads = MAX (threads, run.max_threads);
      td_lab_measured_clear (&run);
    }
  kill (xvfb_pid, SIGTERM);
  waitpid (xvfb_pid, NULL, 0);

  first_text = td_lab_format_med_p95 (first_ms);
  p95 = td_lab_samples_percentile (first_ms, 95);
  peak_max = td_lab_samples_max (peak);
  printf ("#\n# == GUI cold start: teredo-doctor on Xvfb (1280×1024×24), GSK_RENDERER=cairo, %u fresh "
          "processes ==\n", runs);
  printf ("#   spawn → first frame on the X server (median / p95): %s; the very first run: %.1f ms; "
          "no frame: %u\n", first_text, first_run_ms, no_frame);
  printf ("#   RSS at the first frame (median): %.1f MB (VmHWM %.1f MB)\n",
          td_lab_samples_percentile (rss_frame, 50), td_lab_samples_percentile (hwm_frame, 50));
  printf ("#   peak RSS over its first %.0f s (median / max): %.1f MB / %.1f MB; most threads seen: %u\n",
          GUI_LIFETIME_MS / 1000.0, td_lab_samples_percentile (peak, 50), peak_max, threads);
  printf ("#   TARGET cold start to first frame ≤ 500 ms (p95): %.1f ms — met: %s\n", p95,
          !isnan (p95) && p95 <= 500 && no_frame == 0 ? "yes" : "NO");
  printf ("#   TARGET RSS ≤ 90 MB (max peak): %.1f MB — met: %s\n", peak_max, peak_max <= 90 ? "yes" : "NO");
  return TRUE;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdLab) lab = NULL;
  const char *env_runs = g_getenv ("TD_BENCH_RUNS");
  guint runs = env_runs ? (guint) g_ascii_strtoull (env_runs, NULL, 10) : DEFAULT_RUNS;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (runs == 0)
    runs = DEFAULT_RUNS;
  if (!td_lab_check_environment (TRUE, &error))
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
  if (lab == NULL || !td_lab_start_server (lab, &error) ||
      !bench_diagnose (lab, runs, &error) ||
      !bench_gui (lab, runs, &error))
    {
      if (lab)
        td_lab_free (g_steal_pointer (&lab));
      return bail_out (error->message);
    }
  if (!td_lab_destroy (g_steal_pointer (&lab), &error))
    return bail_out (error->message);
  printf ("ok 1 - bench-app\n");
  return 0;
}
