/* bench-probe.c — the probe CLI against the real miredo client, side by side, in the lab
 *
 * For each condition (healthy restricted NAT; 100 ms and 300 ms round trips
 * through the user-space delay relay; 25 % and 50 % loss through nftables
 * numgen; UDP 3544 blocked) it alternates N runs of the probe and N runs of
 * a fresh miredo client in the same lab, and prints medians and 95th
 * percentiles, the ratios of the two, and whether each target of the issue
 * is met, as TAP comments followed by one `ok` line.  Timings are only
 * reported, never asserted: the exit status says whether the lab worked.
 *
 * Clocks.  miredo's time is from its spawn to its "(address: …)" log line.
 * The probe's first answer is put on the same footing: from its spawn
 * (`ip netns exec` + setpriv + start-up included) to the moment the first
 * datagram from UDP port 3544 reaches the client namespace, seen by an
 * AF_PACKET sniffer on the same monotonic clock.  Its full verdict is its
 * own elapsed_us (start of main to the verdict; the process wall time is
 * shown as well).
 *
 * TD_BENCH_RUNS overrides the number of runs per condition (default 20);
 * TD_BENCH_ONLY=name,… runs only some conditions (names in the table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "td-lab.h"
#include "td-lab-measure.h"

#define DEFAULT_RUNS       20
#define PROBE_LIMIT_MS     60000
/* miredo sends an RS at 0, 4 and 8 s and gives up at 12 s (then waits
 * 100 s); a little more than that tells "qualified late" from "never". */
#define MIREDO_LIMIT_MS    13500

typedef struct {
  const char *name;          /* for TD_BENCH_ONLY */
  const char *title;
  const char *expected;      /* NAT verdict a correct probe gives */
  gboolean    udp_blocked;
  guint       loss;
  guint       one_way_ms;
  guint       probe_timeout_ms;   /* 0: the CLI's default (TD_PROBE_DEFAULT_TIMEOUT_MS) */
  double      verdict_target_ms;  /* full verdict p95 target, 0: none */
  double      correct_target;     /* share of correct NAT types, 0: none */
  double      correct_within_ms;
  gboolean    first_answer_target;
} Condition;

static const Condition conditions[] = {
  { "healthy", "healthy lab, restricted NAT", "restricted", FALSE, 0, 0, 0, 1000, 0, 0, TRUE },
  { "rtt100", "100 ms round trip (50 ms each way)", "restricted", FALSE, 0, 50, 0, 0, 0, 0, TRUE },
  { "rtt300", "300 ms round trip (150 ms each way)", "restricted", FALSE, 0, 150, 0, 1500, 0, 0, TRUE },
  { "loss25", "25 % loss, both ways", "restricted", FALSE, 25, 0, 0, 0, 0.95, 3000, FALSE },
  { "loss50", "50 % loss, both ways (probe --timeout 5000)", "restricted", FALSE, 50, 0, 5000, 0, 0.90, 5000, FALSE },
  { "blocked", "UDP 3544 blocked", "offline", TRUE, 0, 0, 0, 3000, 0, 0, FALSE },
};

typedef struct {
  GArray     *first_wire_ms;   /* spawn → first answer in the namespace */
  GArray     *first_inproc_ms; /* first_answer_us (since the probe started) */
  GArray     *verdict_ms;      /* elapsed_us */
  GArray     *wall_ms;
  GArray     *rs_sent;
  GArray     *rtt_ms;
  guint       correct;
  guint       correct_in_time;
  guint       qualified;
  guint       probe_failed;
  GHashTable *types;
  GArray     *miredo_ms;
  GArray     *miredo_wire_ms;
  GArray     *miredo_giveup_ms;
  guint       miredo_none;
  double      ping_ms;
  GString    *timeline;
} Stats;

typedef struct {
  TdLab        *lab;
  TdLabSniffer *sniffer;
  guint         runs;
} Bench;

/* TAP comments: every line of @text behind "# ". */
static void
comment (const char *prefix, const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (guint i = 0; lines[i]; i++)
    printf ("# %s%s\n", i == 0 ? prefix : "  ", lines[i]);
}

static int
bail_out (const char *message)
{
  comment ("", message);
  printf ("not ok 1 - bench-probe: the lab failed (see above)\n");
  return 1;
}

static void
stats_init (Stats *s)
{
  memset (s, 0, sizeof *s);
  s->first_wire_ms = td_lab_samples_new ();
  s->first_inproc_ms = td_lab_samples_new ();
  s->verdict_ms = td_lab_samples_new ();
  s->wall_ms = td_lab_samples_new ();
  s->rs_sent = td_lab_samples_new ();
  s->rtt_ms = td_lab_samples_new ();
  s->miredo_ms = td_lab_samples_new ();
  s->miredo_wire_ms = td_lab_samples_new ();
  s->miredo_giveup_ms = td_lab_samples_new ();
  s->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->ping_ms = NAN;
  s->timeline = g_string_new (NULL);
}

static void
stats_clear (Stats *s)
{
  GArray *arrays[] = { s->first_wire_ms, s->first_inproc_ms, s->verdict_ms, s->wall_ms,
                       s->rs_sent, s->rtt_ms, s->miredo_ms, s->miredo_wire_ms,
                       s->miredo_giveup_ms };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_array_unref (arrays[i]);
  g_hash_table_unref (s->types);
  g_string_free (s->timeline, TRUE);
}

static double
json_num_or_nan (JsonObject *o, const char *name)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, name))
    return NAN;
  n = json_object_get_member (o, name);
  if (!JSON_NODE_HOLDS_VALUE (n))
    return NAN;
  return (double) json_node_get_int (n);
}

/* The evidence log of one run, one line per datagram: where the time of
 * a full verdict goes. */
static void
print_timeline (JsonObject *r, GString *out)
{
  JsonArray *events = json_object_has_member (r, "events") ? json_object_get_array_member (r, "events") : NULL;

  g_string_append (out, "#   probe  timeline of run 0 (ms since the probe started):\n");
  for (guint i = 0; events && i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      JsonNode *peer = json_object_get_member (e, "peer");
      JsonNode *socket = json_object_get_member (e, "socket");

      g_string_append_printf (out, "#     %8.1f  %-9s %-8s %-17s %s\n",
                              json_object_get_int_member (e, "time_us") / 1000.0,
              socket && JSON_NODE_HOLDS_VALUE (socket) ? json_node_get_string (socket) : "",
              json_object_get_string_member (e, "direction"),
              peer && JSON_NODE_HOLDS_VALUE (peer) ? json_node_get_string (peer) : "",
              json_object_get_string_member (e, "what"));
    }
}

static void
one_probe (Bench *b, const Condition *c, Stats *s, guint run_index)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autofree char *timeout = g_strdup_printf ("%u", c->probe_timeout_ms);
  /* --events: a wrong verdict is printed with its evidence.  Without a
   * condition's own deadline the CLI's default one is measured. */
  const char *argv[] = { cli, "probe", TD_LAB_SERVER_PRIMARY, "--json", "--events",
                         c->probe_timeout_ms ? "--timeout" : NULL, timeout, NULL };
  TdLabMeasureOptions options = { TD_LAB_AS_NOBODY, NULL, PROBE_LIMIT_MS, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  TdLabMeasured run = { 0 };
  JsonObject *root = NULL, *r = NULL, *nat;
  const char *type = "(none)";
  double verdict, inproc;
  gint64 wire;

  td_lab_sniffer_arm (b->sniffer);
  if (!td_lab_measure_exec (b->lab, TD_LAB_NS_CLIENT, argv, &options, &run, &error))
    g_error ("%s", error->message);
  if (!run.timed_out && json_parser_load_from_data (parser, run.out, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      root = json_node_get_object (json_parser_get_root (parser));
      r = td_lab_probe_first_result (root);
    }
  if (r == NULL)
    {
      g_autofree char *prefix = g_strdup_printf ("run %u: probe gave no result (exit %d): ",
                                                 run_index, run.exit_status);

      s->probe_failed++;
      comment (prefix, run.err);
      td_lab_measured_clear (&run);
      return;
    }
  td_lab_samples_push (s->wall_ms, run.wall_ms);
  if (run_index == 0)
    print_timeline (r, s->timeline);
  wire = td_lab_sniffer_first_answer_us (b->sniffer);
  if (wire >= 0)
    td_lab_samples_push (s->first_wire_ms, (wire - run.spawn_us) / 1000.0);
  inproc = json_num_or_nan (r, "first_answer_us");
  if (!isnan (inproc))
    td_lab_samples_push (s->first_inproc_ms, inproc / 1000.0);
  if (!isnan (json_num_or_nan (r, "rtt_us")))
    td_lab_samples_push (s->rtt_ms, json_num_or_nan (r, "rtt_us") / 1000.0);
  verdict = json_num_or_nan (r, "elapsed_us") / 1000.0;
  td_lab_samples_push (s->verdict_ms, verdict);
  td_lab_samples_push (s->rs_sent, json_num_or_nan (r, "rs_sent"));
  if (json_object_has_member (r, "qualified") && json_object_get_boolean_member (r, "qualified"))
    s->qualified++;

  nat = json_object_has_member (r, "nat") ? json_object_get_object_member (r, "nat") : NULL;
  if (nat && json_object_has_member (nat, "type"))
    type = json_object_get_string_member (nat, "type");
  if (g_strcmp0 (type, c->expected) == 0)
    {
      s->correct++;
      if (c->correct_within_ms == 0 || verdict <= c->correct_within_ms)
        s->correct_in_time++;
    }
  else
    {
      g_autofree char *prefix = g_strdup_printf ("run %u: verdict \"%s\", expected \"%s\", evidence: ",
                                                 run_index, type, c->expected);

      comment (prefix, run.out);
    }
  g_hash_table_insert (s->types, g_strdup (type),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (s->types, type)) + 1));
  td_lab_measured_clear (&run);
}

static gboolean
start_miredo (Bench *b, gint64 *out_start, GError **error)
{
  td_lab_sniffer_arm (b->sniffer);
  *out_start = g_get_monotonic_time ();
  return td_lab_start_miredo (b->lab, TD_LAB_NS_CLIENT, error);
}

static gboolean
wait_miredo (Bench *b, Stats *s, gint64 start, guint run_index, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *address = NULL;
  double ms = 0;
  gint64 wire;

  if (td_lab_wait_miredo_address (b->lab, TD_LAB_NS_CLIENT, MIREDO_LIMIT_MS,
                                  &address, NULL, &ms, &local_error))
    td_lab_samples_push (s->miredo_ms, ms);
  else if (g_error_matches (local_error, TD_LAB_ERROR, TD_LAB_ERROR_MIREDO_NO_REPLY))
    {
      td_lab_samples_push (s->miredo_giveup_ms, ms);
      s->miredo_none++;
    }
  else if (g_error_matches (local_error, TD_LAB_ERROR, TD_LAB_ERROR_MIREDO_TIMEOUT))
    s->miredo_none++;
  else
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "miredo run %u: ", run_index);
      return FALSE;
    }
  wire = td_lab_sniffer_first_answer_us (b->sniffer);
  if (wire >= 0)
    td_lab_samples_push (s->miredo_wire_ms, (wire - start) / 1000.0);
  return td_lab_stop_miredo (b->lab, TD_LAB_NS_CLIENT, error);
}

static gboolean
run_condition (Bench *b, const Condition *c, Stats *s, GError **error)
{
  if (!td_lab_set_nat (b->lab, TD_LAB_NAT_RESTRICTED, 0, error) ||
      !td_lab_set_udp_blocked (b->lab, c->udp_blocked, error) ||
      !td_lab_set_loss (b->lab, 0, error) ||
      !td_lab_set_delay (b->lab, c->one_way_ms, error))
    return FALSE;
  /* The delay is verified before anything is timed through it. */
  if (!c->udp_blocked)
    {
      s->ping_ms = td_lab_ping_rtt_ms (b->lab, TD_LAB_NS_CLIENT, TD_LAB_SERVER_PRIMARY, 5, error);
      if (s->ping_ms < 0)
        return FALSE;
    }
  if (!td_lab_set_loss (b->lab, c->loss, error))
    return FALSE;

  for (guint i = 0; i < b->runs; i++)
    {
      gint64 start;

      if (c->udp_blocked)
        {
          /* Nothing can answer either of them, so run them at the same
           * time: 20 × 12 s of miredo timers is long enough already. */
          if (!start_miredo (b, &start, error))
            return FALSE;
          one_probe (b, c, s, i);
          if (!wait_miredo (b, s, start, i, error))
            return FALSE;
          continue;
        }
      one_probe (b, c, s, i);
      if (!start_miredo (b, &start, error) ||
          !wait_miredo (b, s, start, i, error))
        return FALSE;
    }
  return TRUE;
}

static const char *
yes_no (gboolean met)
{
  return met ? "yes" : "NO";
}

static void
print_stats (Bench *b, const Condition *c, Stats *s)
{
  g_autofree char *wire = td_lab_format_med_p95 (s->first_wire_ms);
  g_autofree char *inproc = td_lab_format_med_p95 (s->first_inproc_ms);
  g_autofree char *verdict = td_lab_format_med_p95 (s->verdict_ms);
  g_autofree char *wall = td_lab_format_med_p95 (s->wall_ms);
  g_autofree char *rtt = td_lab_format_med_p95 (s->rtt_ms);
  g_autofree char *miredo = td_lab_format_med_p95 (s->miredo_ms);
  g_autofree char *miredo_wire = td_lab_format_med_p95 (s->miredo_wire_ms);
  g_autofree char *giveup = td_lab_format_med_p95 (s->miredo_giveup_ms);
  g_autoptr(GString) types = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint runs = b->runs;
  double m_med = td_lab_samples_percentile (s->miredo_ms, 50);
  double m_p95 = td_lab_samples_percentile (s->miredo_ms, 95);
  double f_med = td_lab_samples_percentile (s->first_wire_ms, 50);
  double f_p95 = td_lab_samples_percentile (s->first_wire_ms, 95);
  double v_p95 = td_lab_samples_percentile (s->verdict_ms, 95);
  char ratio[32] = "—";

  g_hash_table_iter_init (&iter, s->types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (types, "%s%s×%u", types->len ? ", " : "",
                            (const char *) key, GPOINTER_TO_UINT (value));

  printf ("#\n# == %s [%s] (%u runs each; expected NAT type \"%s\") ==\n",
          c->title, c->name, runs, c->expected);
  if (!isnan (s->ping_ms))
    printf ("#   ping RTT client → server before the runs (5 pings, loss off): %.1f ms\n", s->ping_ms);
  printf ("#   probe  first answer, spawn → first RA from the primary in the client ns: %s  (%u of %u)\n",
          wire, s->first_wire_ms->len, runs);
  printf ("#   probe  first answer inside the process (first_answer_us): %s\n", inproc);
  printf ("#   probe  RTT measured (rtt_us): %s\n", rtt);
  printf ("#   probe  full verdict (elapsed_us), median / p95: %s\n", verdict);
  printf ("#   probe  process wall time (netns exec + setpriv + run + exit): %s\n", wall);
  printf ("#   probe  NAT type correct: %.0f %% (%u/%u) [%s]", 100.0 * s->correct / runs,
          s->correct, runs, types->str);
  if (c->correct_within_ms > 0)
    printf (", correct within %.0f s: %.0f %% (%u/%u)", c->correct_within_ms / 1000,
            100.0 * s->correct_in_time / runs, s->correct_in_time, runs);
  printf ("\n#   probe  qualified (RFC 4380 would qualify): %u/%u\n", s->qualified, runs);
  printf ("#   probe  RS sent, median %.1f, p95 %.0f, max %.0f\n",
          td_lab_samples_percentile (s->rs_sent, 50), td_lab_samples_percentile (s->rs_sent, 95),
          td_lab_samples_max (s->rs_sent));
  if (s->probe_failed)
    printf ("#   probe  runs without any JSON result: %u\n", s->probe_failed);
  fputs (s->timeline->str, stdout);
  printf ("#   miredo spawn → \"(address: …)\": %s  (%u of %u qualified within %.1f s)\n",
          miredo, s->miredo_ms->len, runs, MIREDO_LIMIT_MS / 1000.0);
  printf ("#   miredo spawn → first RA from the primary in the client ns: %s\n", miredo_wire);
  if (s->miredo_giveup_ms->len)
    printf ("#   miredo \"No reply from Teredo server\" after: %s (%u runs)\n",
            giveup, s->miredo_giveup_ms->len);
  if (!isnan (m_med) && !isnan (f_med) && m_med > 0)
    printf ("#   ratio  probe first answer ÷ miredo address: median %.2f×, p95 %.2f×\n",
            f_med / m_med, f_p95 / m_p95);

  if (c->first_answer_target && !isnan (m_med) && !isnan (f_med))
    printf ("#   TARGET first answer ≤ 1.1× miredo's time to its address (medians): %.2f× — met: %s\n",
            f_med / m_med, yes_no (f_med <= 1.1 * m_med));
  if (c->verdict_target_ms > 0)
    printf ("#   TARGET %s verdict ≤ %.1f s (p95): %s — met: %s\n",
            c->udp_blocked ? "unreachable" : "full NAT", c->verdict_target_ms / 1000,
            verdict, yes_no (!isnan (v_p95) && v_p95 <= c->verdict_target_ms));
  if (c->correct_target > 0)
    printf ("#   TARGET correct NAT type ≥ %.0f %% within %.0f s: %.0f %% — met: %s\n",
            c->correct_target * 100, c->correct_within_ms / 1000, 100.0 * s->correct_in_time / runs,
            yes_no (s->correct_in_time >= c->correct_target * runs));
  if (c->udp_blocked)
    printf ("#   TARGET the unreachable verdict is correct (offline) in every run: %u/%u — met: %s\n",
            s->correct, runs, yes_no (s->correct == runs));
  /* One Markdown row for the README. */
  if (!isnan (m_med) && !isnan (f_med))
    g_snprintf (ratio, sizeof ratio, "%.2f×", f_med / m_med);
  printf ("#   row | %s | %s | %s | %s | %.0f %% | %.1f / %.0f | %s | %u/%u |\n",
          c->title, wire, verdict, miredo, 100.0 * s->correct_in_time / runs,
          td_lab_samples_percentile (s->rs_sent, 50), td_lab_samples_percentile (s->rs_sent, 95),
          ratio,
          s->miredo_ms->len, runs);
  fflush (stdout);
}

/* Where the probe's first answer goes in the healthy lab: start-up.  Both
 * programs print their version and exit, spawned exactly as in the runs. */
static void
measure_startup (Bench *b)
{
  const char *cli = g_getenv ("TD_CLI");
  const char *cli_argv[] = { cli, "--version", NULL };
  const char *miredo_argv[] = { "miredo", "--version", NULL };
  struct { const char *label; const char * const *argv; TdLabUser user; } cases[] = {
    { "teredo-doctor-cli --version as uid 65534 (setpriv, like the probe runs)", cli_argv, TD_LAB_AS_NOBODY },
    { "teredo-doctor-cli --version as root", cli_argv, TD_LAB_AS_ROOT },
    { "miredo --version as root (like the miredo runs)", miredo_argv, TD_LAB_AS_ROOT },
  };

  printf ("#\n# == process start-up in the client ns, spawn → exit, %u runs each ==\n", b->runs);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GArray) wall = td_lab_samples_new ();
      g_autofree char *text = NULL;
      TdLabMeasureOptions options = { cases[c].user, NULL, 10000, 0, 0 };

      for (guint i = 0; i < b->runs; i++)
        {
          g_autoptr(GError) error = NULL;
          TdLabMeasured run = { 0 };

          if (td_lab_measure_exec (b->lab, TD_LAB_NS_CLIENT, cases[c].argv, &options, &run, &error) &&
              run.exit_status == 0)
            td_lab_samples_push (wall, run.wall_ms);
          td_lab_measured_clear (&run);
        }
      text = td_lab_format_med_p95 (wall);
      printf ("#   %s: %s\n", cases[c].label, text);
    }
}

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  const char *model = NULL;
  struct utsname u;

  g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL);
  if (cpuinfo && (model = strstr (cpuinfo, "model name")) != NULL)
    model = strchr (model, ':');
  uname (&u);
  printf ("# machine: %s, %ld CPUs, %.*s, kernel %s\n", date, sysconf (_SC_NPROCESSORS_ONLN),
          model ? (int) strcspn (model + 2, "\n") : 1, model ? model + 2 : "?", u.release);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdLab) lab = NULL;
  g_autoptr(TdLabSniffer) sniffer = NULL;
  const char *env_runs = g_getenv ("TD_BENCH_RUNS");
  const char *only = g_getenv ("TD_BENCH_ONLY");
  g_auto(GStrv) only_names = only ? g_strsplit (only, ",", -1) : NULL;
  Bench b = { 0 };
  gboolean ok = TRUE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  b.runs = env_runs ? (guint) g_ascii_strtoull (env_runs, NULL, 10) : DEFAULT_RUNS;
  if (b.runs == 0)
    b.runs = DEFAULT_RUNS;

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
  print_machine ();
  lab = td_lab_new (&error);
  if (lab == NULL || !td_lab_start_server (lab, &error))
    return bail_out (error->message);
  sniffer = td_lab_sniffer_new (lab, TD_LAB_NS_CLIENT, TD_LAB_SERVER_PRIMARY, &error);
  if (sniffer == NULL)
    return bail_out (error->message);
  b.lab = lab;
  b.sniffer = sniffer;
  printf ("# probe: %s probe " TD_LAB_SERVER_PRIMARY " --json --events [--timeout MS] "
          "(as uid 65534, in %s)\n", g_getenv ("TD_CLI"), td_lab_ns_name (lab, TD_LAB_NS_CLIENT));
  printf ("# miredo: fresh `miredo -f` per run, time from spawn to its \"(address: …)\" line\n");
  printf ("# %u runs per condition, probe and miredo alternating; client 198.19.0.2 behind an "
          "nftables restricted NAT, server 198.18.0.10/.11 (real miredo-server)\n", b.runs);

  measure_startup (&b);
  for (guint i = 0; i < G_N_ELEMENTS (conditions) && ok; i++)
    {
      Stats s;

      if (only_names && !g_strv_contains ((const char * const *) only_names, conditions[i].name))
        continue;
      stats_init (&s);
      if (run_condition (&b, &conditions[i], &s, &error))
        print_stats (&b, &conditions[i], &s);
      else
        ok = FALSE;
      stats_clear (&s);
    }

  g_clear_pointer (&sniffer, td_lab_sniffer_free);
  if (!ok)
    {
      td_lab_free (g_steal_pointer (&lab));
      return bail_out (error ? error->message : "?");
    }
  if (!td_lab_destroy (g_steal_pointer (&lab), &error))
    return bail_out (error->message);
  printf ("ok 1 - bench-probe\n");
  return 0;
}
