/* test-lab-windows.c — the Windows build's probe (under Wine) through the lab's NATs,
 * answer for answer against the Linux build
 *
 * Each case builds one lab, runs the Linux CLI (as nobody) and the Windows
 * CLI (teredo-doctor-cli.exe under Wine, its wineserver inside the same
 * namespace: td-lab-wine.c) against the real miredo-server, and compares
 * what both say once the values that differ by nature (source ports,
 * times) are taken out.  The only difference allowed is the one Wine makes:
 * it never hands an ICMP port unreachable to an unconnected UDP socket
 * (measured: recvfrom says WSAEWOULDBLOCK), so where Linux reads "refused"
 * from its error queue at once, the Windows build under Wine waits for the
 * probe's deadline and says "unreachable".  On real Windows the
 * WSAECONNRESET path (td-probe-socket-win32.c) gives "port-unreachable".
 *
 * Suite "wine": not part of a plain `meson test`; build-aux/windows/check.sh
 * runs it with TD_WIN_CLI set (`meson test --setup windows --suite wine`).
 * Times are reported (the last message, for the README), never asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-lab-wine.h"

#define CONE_PORT        40000
#define RUN_TIMEOUT_MS   60000   /* Wine's start included; far above the probe's */

typedef struct {
  const char *name;
  double      linux_wall_ms;
  double      linux_probe_ms;
  double      windows_wall_ms;
  double      windows_probe_ms;
} Timing;

static GArray *timings;   /* of Timing */

/* ── the comparable part of an answer ── */

static const char *
json_str (JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return "-";
  return json_object_get_string_member (o, name);
}

static const char *
json_flag (JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return "-";
  return json_object_get_boolean_member (o, name) ? "yes" : "no";
}

static JsonObject *
json_obj (JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return NULL;
  return json_object_get_object_member (o, name);
}

static gint64
json_port (JsonObject *endpoint)
{
  return endpoint != NULL ? json_object_get_int_member (endpoint, "port") : -1;
}

/* Everything the verdict is made of, with the ports turned into relations
 * (the source port is random on each run) and the Teredo address cut to
 * prefix, server and mapped address (its port and flag bits are random). */
static char *
comparable (JsonObject *r, int exit_status)
{
  JsonObject *local = json_obj (r, "local");
  JsonObject *mapped = json_obj (r, "mapped");
  JsonObject *mapped2 = json_obj (r, "mapped_secondary");
  JsonObject *error = json_obj (r, "error");
  JsonObject *nat = json_obj (r, "nat");
  const char *teredo = json_str (r, "teredo_address");
  g_autofree char *teredo_head = NULL;
  g_autofree char *mtu = NULL;
  const char *port_relation = "-";
  const char *mapping_relation = "-";

  if (mapped != NULL && local != NULL)
    port_relation = json_port (mapped) == json_port (local) ? "kept" : "changed";
  if (mapped != NULL && mapped2 != NULL)
    mapping_relation = json_port (mapped) == json_port (mapped2) &&
                       g_strcmp0 (json_str (mapped, "address"), json_str (mapped2, "address")) == 0
                       ? "same" : "different";
  if (json_object_has_member (r, "mtu") && !json_object_get_null_member (r, "mtu"))
    mtu = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (r, "mtu"));
  if (strcmp (teredo, "-") != 0)
    {
      /* 2001:0:SSSS:SSSS:flags:port:addr:addr — keep the prefix and server. */
      g_auto(GStrv) groups = g_strsplit (teredo, ":", -1);

      teredo_head = g_strv_length (groups) == 8
                    ? g_strjoin (":", groups[0], groups[1], groups[2], groups[3], NULL)
                    : g_strdup (teredo);
    }

  return g_strdup_printf ("exit %d, qualified %s, reachable %s, error %s, nat %s, "
                          "port-preserving %s, secondary %s, cone test %s, server %s, "
                          "primary %s, secondary %s, mapped %s (port %s, mappings %s), "
                          "teredo %s, mtu %s",
                          exit_status, json_flag (r, "qualified"), json_flag (r, "reachable"),
                          json_str (error, "code"), json_str (nat, "type"),
                          json_flag (nat, "port_preserving"), json_flag (r, "secondary_reachable"),
                          json_flag (r, "cone_answered"), json_str (r, "server"),
                          json_str (r, "primary"), json_str (r, "secondary"),
                          json_str (mapped, "address"), port_relation, mapping_relation,
                          teredo_head ? teredo_head : "-", mtu ? mtu : "-");
}

static double
probe_ms (JsonObject *r)
{
  if (!json_object_has_member (r, "elapsed_us") || json_object_get_null_member (r, "elapsed_us"))
    return -1;
  return json_object_get_int_member (r, "elapsed_us") / 1000.0;
}

typedef struct {
  JsonObject *root;
  JsonObject *r;
  char       *answer;
  double      wall_ms;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->root, json_object_unref);
  g_clear_pointer (&a->answer, g_free);
  a->r = NULL;
}

static void
take (JsonObject *root, TdLabRun *run, const char *who, TdLab *lab, Answer *a)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  a->root = root;
  a->r = td_lab_probe_first_result (root);
  g_assert_nonnull (a->r);
  a->wall_ms = run->elapsed_ms;
  a->answer = comparable (a->r, run->exit_status);
  json_node_set_object (node, a->r);
  text = json_to_string (node, TRUE);
  g_test_message ("%s probe, exit %d, %.0f ms wall:\n%s\nNAT ns ruleset:\n%s", who,
                  run->exit_status, run->elapsed_ms, text, td_lab_nat_ruleset (lab));
}

/* Both builds in @ns of @lab; their comparable answers, and the times. */
static void
run_both (TdLab *lab, TdLabNs ns, const char * const *extra, const char *name,
          Answer *lin, Answer *win)
{
  g_autoptr(GError) error = NULL;
  TdLabRun run = { 0 };
  JsonObject *root;
  Timing t = { name, 0, 0, 0, 0 };

  root = td_lab_run_probe (lab, ns, extra, RUN_TIMEOUT_MS, &run, &error);
  g_assert_no_error (error);
  take (root, &run, "Linux", lab, lin);
  td_lab_run_clear (&run);

  root = td_lab_wine_run_probe (lab, ns, extra, RUN_TIMEOUT_MS, &run, &error);
  g_assert_no_error (error);
  take (root, &run, "Windows (Wine)", lab, win);
  td_lab_run_clear (&run);

  t.linux_wall_ms = lin->wall_ms;
  t.linux_probe_ms = probe_ms (lin->r);
  t.windows_wall_ms = win->wall_ms;
  t.windows_probe_ms = probe_ms (win->r);
  g_array_append_val (timings, t);
  g_test_message ("Linux:   %s\nWindows: %s", lin->answer, win->answer);
}

static gboolean
require_lab (void)
{
  g_autoptr(GError) error = NULL;

  if (!td_lab_require_root (FALSE))
    return FALSE;
  /* This suite is only run on purpose, with the Windows build at hand: a
   * missing part is a failure, never a skip. */
  if (!td_lab_wine_check_environment (&error))
    g_error ("%s", error->message);
  return TRUE;
}

static TdLab *
lab_with_nat (TdLabNat nat)
{
  g_autoptr(GError) error = NULL;
  TdLab *lab = td_lab_new_for_test ();

  td_lab_set_nat (lab, nat, CONE_PORT, &error);
  g_assert_no_error (error);
  return lab;
}

/* The common case: same answer, and the expected NAT type. */
static void
check_same (TdLab *lab, TdLabNs ns, const char * const *extra, const char *name,
            const char *nat_type, gboolean qualified)
{
  Answer lin = { 0 }, win = { 0 };

  run_both (lab, ns, extra, name, &lin, &win);
  g_assert_cmpstr (json_str (json_obj (lin.r, "nat"), "type"), ==, nat_type);
  g_assert_cmpstr (json_flag (lin.r, "qualified"), ==, qualified ? "yes" : "no");
  g_assert_cmpstr (win.answer, ==, lin.answer);
  answer_clear (&lin);
  answer_clear (&win);
}

/* ── the matrix ── */

static void
test_open (void)
{
  if (!require_lab ())
    return;
  check_same (td_lab_new_for_test (), TD_LAB_NS_DIRECT, NULL, "open", "open", TRUE);
}

static void
test_restricted (void)
{
  if (!require_lab ())
    return;
  check_same (lab_with_nat (TD_LAB_NAT_RESTRICTED), TD_LAB_NS_CLIENT, NULL, "restricted",
              "restricted", TRUE);
}

static void
test_symmetric (void)
{
  if (!require_lab ())
    return;
  check_same (lab_with_nat (TD_LAB_NAT_SYMMETRIC), TD_LAB_NS_CLIENT, NULL, "symmetric",
              "symmetric", FALSE);
}

static void
test_cone (void)
{
  const char *extra[] = { "--port", G_STRINGIFY (CONE_PORT), NULL };

  if (!require_lab ())
    return;
  check_same (lab_with_nat (TD_LAB_NAT_CONE), TD_LAB_NS_CLIENT, extra, "cone (--port)",
              "cone", TRUE);
}

static void
test_udp_blocked (void)
{
  g_autoptr(GError) error = NULL;
  Answer lin = { 0 }, win = { 0 };
  TdLab *lab;

  if (!require_lab ())
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  td_lab_set_udp_blocked (lab, TRUE, &error);
  g_assert_no_error (error);

  run_both (lab, TD_LAB_NS_CLIENT, NULL, "UDP blocked", &lin, &win);
  g_assert_cmpstr (json_str (json_obj (lin.r, "error"), "code"), ==, "unreachable");
  g_assert_cmpstr (win.answer, ==, lin.answer);
  answer_clear (&lin);
  answer_clear (&win);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = NULL;
  Answer lin = { 0 }, win = { 0 };
  TdLab *lab;

  if (!require_lab ())
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  td_lab_stop_server (lab, &error);
  g_assert_no_error (error);

  run_both (lab, TD_LAB_NS_CLIENT, NULL, "refused (server stopped)", &lin, &win);
  g_assert_cmpstr (json_str (json_obj (lin.r, "error"), "code"), ==, "port-unreachable");
  /* Wine's one difference (see the top of this file), and nothing else. */
  expected = g_string_new (lin.answer);
  g_assert_cmpuint (g_string_replace (expected, "error port-unreachable", "error unreachable", 1),
                    ==, 1);
  g_assert_cmpstr (win.answer, ==, expected->str);
  g_test_message ("Wine: no ICMP error reaches an unconnected UDP socket, so the refusal "
                  "Linux saw in %.0f ms is a silence under Wine (%.0f ms)",
                  probe_ms (lin.r), probe_ms (win.r));
  answer_clear (&lin);
  answer_clear (&win);
}

static void
report_timings (void)
{
  g_autoptr(GString) table = g_string_new ("probe times (wall = the whole CLI run; "
                                           "probe = its own elapsed_us):\n");

  for (guint i = 0; i < timings->len; i++)
    {
      Timing *t = &g_array_index (timings, Timing, i);

      g_string_append_printf (table, "  %-26s Linux %6.0f ms wall, %6.1f ms probe | "
                              "Windows under Wine %6.0f ms wall, %6.1f ms probe\n",
                              t->name, t->linux_wall_ms, t->linux_probe_ms,
                              t->windows_wall_ms, t->windows_probe_ms);
    }
  g_test_message ("%s", table->str);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  timings = g_array_new (FALSE, FALSE, sizeof (Timing));

  g_test_add_func ("/lab/windows/open", test_open);
  g_test_add_func ("/lab/windows/restricted", test_restricted);
  g_test_add_func ("/lab/windows/symmetric", test_symmetric);
  g_test_add_func ("/lab/windows/cone", test_cone);
  g_test_add_func ("/lab/windows/udp-blocked", test_udp_blocked);
  g_test_add_func ("/lab/windows/refused", test_refused);

  status = g_test_run ();
  report_timings ();
  g_array_unref (timings);
  return status;
}
