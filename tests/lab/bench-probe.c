/* bench-probe.c — the probe CLI against the real miredo client, side by side, in the lab
 *
 * For each condition (healthy restricted NAT, UDP 3544 blocked, 25 % loss)
 * it runs the probe N times and a fresh miredo client N times, and prints
 * medians and 95th percentiles as TAP comments followed by one `ok` line.
 * Timings are only reported, never asserted: the exit status says whether
 * the lab worked, not how fast anything was.
 *
 * TD_BENCH_RUNS overrides the number of runs per condition (default 20).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td-lab.h"

#define DEFAULT_RUNS       20
#define PROBE_LIMIT_MS     60000
/* miredo sends an RS at 0, 4 and 8 s and gives up at 12 s; a little more
 * than that tells "qualified late" from "never". */
#define MIREDO_LIMIT_MS    13500

typedef struct {
  const char *name;
  const char *expected;    /* NAT verdict a correct probe gives */
  gboolean    udp_blocked;
  guint       loss;
} Condition;

static const Condition conditions[] = {
  { "healthy restricted NAT", "restricted", FALSE, 0 },
  { "UDP 3544 blocked", "offline", TRUE, 0 },
  { "25% loss (both ways)", "restricted", FALSE, 25 },
};

typedef struct {
  GArray     *first_ms;      /* doubles; only runs with an answer */
  GArray     *first_abs_ms;  /* the same counted from process start, like miredo's */
  GArray     *verdict_ms;    /* doubles; every run */
  GArray     *wall_ms;       /* process start to exit, netns exec included */
  GArray     *rs_sent;
  guint       correct;
  guint       probe_failed;  /* no JSON at all */
  GHashTable *types;         /* nat.type → count */
  const char *first_field;   /* which JSON field gave the first answer */
  GArray     *miredo_ms;     /* time to a Teredo address, qualified runs */
  GArray     *miredo_giveup_ms;
  guint       miredo_none;   /* not qualified before the limit */
} Stats;

/* TAP comments: every line of @text behind "# ". */
static void
comment (const char *prefix, const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

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
  s->first_abs_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->verdict_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->wall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->rs_sent = g_array_new (FALSE, FALSE, sizeof (double));
  s->miredo_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->miredo_giveup_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->first_field = "-";
}

static void
stats_clear (Stats *s)
{
  g_array_unref (s->first_ms);
  g_array_unref (s->first_abs_ms);
  g_array_unref (s->verdict_ms);
  g_array_unref (s->wall_ms);
  g_array_unref (s->rs_sent);
  g_array_unref (s->miredo_ms);
  g_array_unref (s->miredo_giveup_ms);
  g_hash_table_unref (s->types);
}

static void
push (GArray *a, double v)
{
  g_array_append_val (a, v);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median (mean of the two middle values) and nearest-rank percentile. */
static double
percentile (GArray *a, double p)
{
  g_autoptr(GArray) sorted = NULL;
  guint rank;

  if (a->len == 0)
    return NAN;
  sorted = g_array_copy (a);
  g_array_sort (sorted, cmp_double);
  if (p == 50 && sorted->len % 2 == 0)
    return (g_array_index (sorted, double, sorted->len / 2 - 1) +
            g_array_index (sorted, double, sorted->len / 2)) / 2;
  rank = (guint) ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, MAX (rank, 1) - 1);
}

static char *
fmt_ms (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  if (v >= 10000)
    return g_strdup_printf ("%.1f s", v / 1000);
  return g_strdup_printf ("%.1f ms", v);
}

static char *
fmt_med_p95 (GArray *a)
{
  g_autofree char *med = fmt_ms (percentile (a, 50));
  g_autofree char *p95 = fmt_ms (percentile (a, 95));

  return g_strdup_printf ("%s / %s", med, p95);
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

static void
one_probe (TdLab *lab, const Condition *c, Stats *s, guint run_index)
{
  /* --events: a wrong verdict is printed with its evidence. */
  static const char *extra[] = { "--events", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  TdLabRun run = { 0 };
  JsonObject *r, *nat;
  const char *type = "(none)";
  double first, verdict;

  root = td_lab_run_probe (lab, TD_LAB_NS_CLIENT, extra, PROBE_LIMIT_MS, &run, &error);
  r = td_lab_probe_first_result (root);
  if (r == NULL)
    {
      g_autofree char *prefix = g_strdup_printf ("run %u: probe gave no result: ", run_index);

      s->probe_failed++;
      comment (prefix, error ? error->message : "no results[0]");
      td_lab_run_clear (&run);
      return;
    }
  push (s->wall_ms, run.elapsed_ms);

  /* first_answer_ms counts from the start; rtt_ms is one round trip. */
  first = json_num_or_nan (r, "first_answer_ms");
  s->first_field = "first_answer_ms";
  if (!json_object_has_member (r, "first_answer_ms"))
    {
      first = json_num_or_nan (r, "rtt_ms");
      s->first_field = "rtt_ms";
    }
  verdict = json_num_or_nan (r, "elapsed_ms");
  if (!isnan (first))
    {
      push (s->first_ms, first);
      /* The probe's clock starts inside the process; miredo's time is
       * measured from spawn.  wall − elapsed_ms is the process start-up
       * and exit overhead (netns exec, setpriv, GLib), so this puts the
       * probe's first answer on miredo's footing. */
      if (!isnan (verdict))
        push (s->first_abs_ms, MAX (run.elapsed_ms - verdict, 0) + first);
    }
  push (s->verdict_ms, verdict);
  push (s->rs_sent, json_num_or_nan (r, "rs_sent"));

  nat = json_object_has_member (r, "nat") ? json_object_get_object_member (r, "nat") : NULL;
  if (nat && json_object_has_member (nat, "type"))
    type = json_object_get_string_member (nat, "type");
  if (g_strcmp0 (type, c->expected) == 0)
    s->correct++;
  else
    {
      g_autofree char *prefix = g_strdup_printf ("run %u: verdict \"%s\", expected \"%s\": ",
                                                 run_index, type, c->expected);

      comment (prefix, run.out);
    }
  g_hash_table_insert (s->types, g_strdup (type),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (s->types, type)) + 1));
  td_lab_run_clear (&run);
}

static gboolean
wait_miredo (TdLab *lab, Stats *s, guint run_index, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *address = NULL;
  double ms = 0;

  if (td_lab_wait_miredo_address (lab, TD_LAB_NS_CLIENT, MIREDO_LIMIT_MS,
                                  &address, NULL, &ms, &local_error))
    push (s->miredo_ms, ms);
  else if (g_error_matches (local_error, TD_LAB_ERROR, TD_LAB_ERROR_MIREDO_NO_REPLY))
    {
      push (s->miredo_giveup_ms, ms);
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
  return td_lab_stop_miredo (lab, TD_LAB_NS_CLIENT, error);
}

static gboolean
run_condition (TdLab *lab, const Condition *c, guint runs, Stats *s, GError **error)
{
  if (!td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, error) ||
      !td_lab_set_udp_blocked (lab, c->udp_blocked, error) ||
      !td_lab_set_loss (lab, c->loss, error))
    return FALSE;

  for (guint i = 0; i < runs; i++)
    {
      if (c->udp_blocked)
        {
          /* Nothing can answer either of them, so run them at the same
           * time: 20 × 12 s of miredo timers is long enough already. */
          if (!td_lab_start_miredo (lab, TD_LAB_NS_CLIENT, error))
            return FALSE;
          one_probe (lab, c, s, i);
          if (!wait_miredo (lab, s, i, error))
            return FALSE;
          continue;
        }
      one_probe (lab, c, s, i);
      if (!td_lab_start_miredo (lab, TD_LAB_NS_CLIENT, error) ||
          !wait_miredo (lab, s, i, error))
        return FALSE;
    }
  return TRUE;
}

static void
print_stats (const Condition *c, guint runs, Stats *s)
{
  g_autofree char *first = fmt_med_p95 (s->first_ms);
  g_autofree char *first_abs = fmt_med_p95 (s->first_abs_ms);
  g_autofree char *verdict = fmt_med_p95 (s->verdict_ms);
  g_autofree char *wall = fmt_med_p95 (s->wall_ms);
  g_autofree char *miredo = fmt_med_p95 (s->miredo_ms);
  g_autofree char *giveup = fmt_med_p95 (s->miredo_giveup_ms);
  g_autoptr(GString) types = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  double m_med = percentile (s->miredo_ms, 50);
  double f_med = percentile (s->first_abs_ms, 50);
  double v_med = percentile (s->verdict_ms, 50);
  guint probed = runs - s->probe_failed;

  g_hash_table_iter_init (&iter, s->types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (types, "%s%s×%u", types->len ? ", " : "",
                            (const char *) key, GPOINTER_TO_UINT (value));

  printf ("#\n# == %s (%u runs; expected verdict \"%s\") ==\n", c->name, runs, c->expected);
  printf ("#   probe  time to first answer (%s), median / p95: %s  (%u of %u answered)\n",
          s->first_field, first, s->first_ms->len, probed);
  printf ("#   probe  time to first answer counted from process start (like miredo's): %s\n",
          first_abs);
  printf ("#   probe  time to full NAT verdict (elapsed_ms), median / p95: %s\n", verdict);
  printf ("#   probe  process wall time (netns exec + setpriv + run): %s\n", wall);
  printf ("#   probe  NAT type correct: %.0f %% (%u/%u)  [%s]\n",
          runs ? 100.0 * s->correct / runs : 0.0, s->correct, runs, types->str);
  printf ("#   probe  RS sent, median: %.1f  (p95 %.0f)\n",
          percentile (s->rs_sent, 50), percentile (s->rs_sent, 95));
  if (s->probe_failed)
    printf ("#   probe  runs without any JSON result: %u\n", s->probe_failed);
  printf ("#   miredo time to a Teredo address, median / p95: %s  (%u of %u qualified within %.1f s)\n",
          miredo, s->miredo_ms->len, runs, MIREDO_LIMIT_MS / 1000.0);
  if (s->miredo_giveup_ms->len)
    printf ("#   miredo \"No reply from Teredo server\" after, median / p95: %s (%u runs)\n",
            giveup, s->miredo_giveup_ms->len);
  if (!isnan (m_med) && !isnan (f_med) && m_med > 0)
    printf ("#   ratio  probe first answer (from process start) ÷ miredo address (medians): %.2f×\n",
            f_med / m_med);
  if (!isnan (m_med) && !isnan (v_med) && m_med > 0)
    printf ("#   ratio  probe full verdict ÷ miredo address (medians): %.1f×\n", v_med / m_med);
  if (s->miredo_giveup_ms->len && !isnan (v_med) && v_med > 0)
    printf ("#   ratio  miredo give-up ÷ probe verdict (medians): %.1f× (the probe says so sooner)\n",
            percentile (s->miredo_giveup_ms, 50) / v_med);
  fflush (stdout);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdLab) lab = NULL;
  const char *env_runs = g_getenv ("TD_BENCH_RUNS");
  guint runs = env_runs ? (guint) g_ascii_strtoull (env_runs, NULL, 10) : DEFAULT_RUNS;
  gboolean ok = TRUE;

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
  lab = td_lab_new (&error);
  if (lab == NULL || !td_lab_start_server (lab, &error))
    return bail_out (error->message);
  printf ("# probe: %s probe " TD_LAB_SERVER_PRIMARY " --json (as uid 65534, in %s)\n",
          g_getenv ("TD_CLI"), td_lab_ns_name (lab, TD_LAB_NS_CLIENT));
  printf ("# miredo: fresh `miredo -f` per run, time from spawn to its \"(address: …)\" line\n");
  printf ("# %u runs per condition; client 198.19.0.2 behind an nftables NAT, server 198.18.0.10/.11\n",
          runs);

  for (guint i = 0; i < G_N_ELEMENTS (conditions) && ok; i++)
    {
      Stats s;

      stats_init (&s);
      if (run_condition (lab, &conditions[i], runs, &s, &error))
        print_stats (&conditions[i], runs, &s);
      else
        ok = FALSE;
      stats_clear (&s);
    }

  if (!td_lab_destroy (g_steal_pointer (&lab), ok ? &error : NULL))
    ok = FALSE;
  if (!ok)
    return bail_out (error ? error->message : "lab cleanup failed");
  printf ("ok 1 - bench-probe\n");
  return 0;
}
