/* test-lab-delay.c — the user-space delay relay really adds the round-trip time it is asked for
 *
 * The benchmarks at 100 ms and 300 ms round trips are only worth their
 * numbers if the relay holds packets as long as it claims, forwards every
 * kind of traffic the probe and miredo use (ICMP, UDP through the NAT's
 * conntrack) and leaves nothing behind when it stops.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-lab.h"

static double
ping_rtt (TdLab *lab)
{
  g_autoptr(GError) error = NULL;
  double rtt = td_lab_ping_rtt_ms (lab, TD_LAB_NS_CLIENT, TD_LAB_SERVER_PRIMARY, 3, &error);

  g_assert_no_error (error);
  g_test_message ("ping RTT client → server: %.1f ms (one-way delay %u ms)", rtt,
                  td_lab_get_delay (lab));
  return rtt;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  TdLab *lab;
  double base, rtt;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();
  g_assert_true (td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, &error));
  g_assert_no_error (error);

  base = ping_rtt (lab);
  g_assert_cmpfloat (base, <, 20);

  g_assert_true (td_lab_set_delay (lab, 50, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (td_lab_get_delay (lab), ==, 50);
  rtt = ping_rtt (lab);
  /* 2 × 50 ms, plus at most a few ms of scheduling; never less. */
  g_assert_cmpfloat (rtt, >=, 100);
  g_assert_cmpfloat (rtt, <, 125);

  /* Moving the delay restarts the relay with the new value. */
  g_assert_true (td_lab_set_delay (lab, 150, &error));
  g_assert_no_error (error);
  rtt = ping_rtt (lab);
  g_assert_cmpfloat (rtt, >=, 300);
  g_assert_cmpfloat (rtt, <, 330);

  /* Off: the direct link and its routes are back. */
  g_assert_true (td_lab_set_delay (lab, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (td_lab_get_delay (lab), ==, 0);
  rtt = ping_rtt (lab);
  g_assert_cmpfloat (rtt, <, 20);
}

/* The probe through the relay: its measured RTT includes the delay, and
 * the NAT verdict is unchanged (UDP + conntrack work across the TUNs). */
static void
test_probe_through_relay (void)
{
  static const char * const extra[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  TdLab *lab;
  JsonObject *r;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();
  g_assert_true (td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, &error));
  g_assert_true (td_lab_set_delay (lab, 50, &error));
  g_assert_no_error (error);

  root = td_lab_run_probe (lab, TD_LAB_NS_CLIENT, extra, 30000, NULL, &error);
  g_assert_no_error (error);
  r = td_lab_probe_first_result (root);
  g_assert_nonnull (r);
  g_test_message ("rtt_us %" G_GINT64_FORMAT ", elapsed_us %" G_GINT64_FORMAT,
                  json_object_get_int_member (r, "rtt_us"), json_object_get_int_member (r, "elapsed_us"));
  g_assert_true (json_object_get_boolean_member (r, "qualified"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "nat"), "type"),
                   ==, "restricted");
  g_assert_cmpint (json_object_get_int_member (r, "rtt_us"), >=, 100000);
  g_assert_cmpint (json_object_get_int_member (r, "rtt_us"), <, 130000);
}

/* A relay that is asked for nonsense refuses it, and one that is still
 * running when the lab goes is stopped by it (td_lab_free checks that no
 * process is left in any namespace). */
static void
test_relay_usage_and_cleanup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *relay = g_build_filename (g_getenv ("TD_BUILD_ROOT"), "tests", "lab",
                                             "td-delay-relay", NULL);
  const char *bad[][7] = {
    { relay, NULL },
    { relay, "a", "x", "b", "y", "-1", NULL },
    { relay, "a", "x", "b", "y", "12ms", NULL },
    { relay, "a", "averyveryverylongname", "b", "y", "10", NULL },
    { relay, "/nonexistent/ns", "x", "/nonexistent/ns2", "y", "10", NULL },
  };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) bad[i], NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, NULL, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_true (strstr (err, "usage") != NULL || strstr (err, "namespace") != NULL);
    }

  lab = td_lab_new_for_test ();
  g_assert_true (td_lab_set_delay (lab, 10, &error));
  g_assert_no_error (error);
  /* Left running on purpose: the queued td_lab_free() must stop it. */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lab/delay/round-trip", test_round_trip);
  g_test_add_func ("/lab/delay/probe-through-relay", test_probe_through_relay);
  g_test_add_func ("/lab/delay/usage-and-cleanup", test_relay_usage_and_cleanup);
  return g_test_run ();
}
