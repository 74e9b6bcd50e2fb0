/* test-ui-lab.c — the whole wizard with the real backend against the lab:
 * a real miredo-server (and miredo client) in network namespaces
 *
 *   healthy:     no NAT, miredo qualified        → "teredo-qualified"
 *   udp-blocked: restricted NAT dropping UDP 3544 → "udp-blocked"
 *
 * The runner must live inside the lab's namespace, so each case runs this
 * program again there (`ip netns exec`, through td_lab_exec) in child mode:
 * the child opens the window on the same X display (its file socket works
 * from any network namespace), presses "Check my connection", waits for the
 * verdict page, renders it, and prints the verdict.  Needs root: skipped
 * otherwise, failed when CI=true.
 *
 * With TD_UI_EXPORT_REPORTS=DIR the children also save their reports there
 * (that is how tests/data/reports/linux-*.json were made).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "td-lab.h"
#include "td-ui-test.h"
#include "td-ui.h"

static const char * const lab_checks[] = {
  "ipv6-stack", "global-cloud", "teredo-client", "teredo-error", "teredo-components",
  "managed-network", "ipv6-firewall", "server-dns", "server-udp", "nat-type", "server-ping",
  NULL
};

/* ── child: inside the namespace ── */

static void
lab_runner_cb (TdWindow *window,
               TdRunner *runner,
               gpointer  user_data)
{
  /* The lab's server; no ipv6-http (its default address is public). */
  td_runner_set_server (runner, TD_LAB_SERVER_PRIMARY);
  td_runner_set_client_wait (runner, 0);
  g_assert_true (td_runner_set_only (runner, lab_checks, NULL));
}

static gboolean
window_done (gpointer data)
{
  return !td_window_is_running (data) && td_window_get_report (data) != NULL;
}

static gboolean
window_running (gpointer data)
{
  return td_window_is_running (data);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static int
run_child (const char *scenario)
{
  TdWindow *window;
  TdReport *report;
  const char *export_dir = g_getenv ("TD_UI_EXPORT_REPORTS");
  g_autofree char *name = NULL;

  if (!gtk_init_check ())
    {
      g_printerr ("child: no display\n");
      return 2;
    }
  adw_init ();
  td_ui_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  window = td_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (window, "runner-created", G_CALLBACK (lab_runner_cb), NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.check", NULL);
  if (!td_ui_test_wait_until (window_running, window, 1000))
    {
      g_printerr ("child: the run did not start\n");
      return 1;
    }
  if (!td_ui_test_wait_until (window_done, window, 120000))
    {
      g_printerr ("child: no verdict after 120 s (page %s)\n", td_window_get_page_name (window));
      return 1;
    }

  report = td_window_get_report (window);
  printf ("page=%s\n", td_window_get_page_name (window));
  printf ("verdict=%s\n", td_verdict_code_to_string (td_report_get_verdict (report)->code));
  fflush (stdout);

  name = g_strdup_printf ("lab-%s-result", scenario);
  g_free (td_ui_test_screenshot (GTK_WIDGET (window), name, FALSE));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  g_free (name);
  name = g_strdup_printf ("lab-%s-checklist", scenario);
  g_free (td_ui_test_screenshot (GTK_WIDGET (window), name, FALSE));

  if (export_dir != NULL && *export_dir != '\0')
    {
      g_autofree char *file_name = g_strdup_printf ("linux-%s.json", scenario);
      g_autofree char *path = g_build_filename (export_dir, file_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;

      td_window_export_to_file_async (window, file, TD_REPORT_FORMAT_JSON, FALSE, NULL,
                                      store_result_cb, &result);
      if (!td_ui_test_wait_until (has_result, &result, 60000))
        {
          g_printerr ("child: the export did not finish in 60 s\n");
          return 1;
        }
      if (!td_window_export_to_file_finish (window, result, &error))
        {
          g_printerr ("child: export failed: %s\n", error->message);
          return 1;
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* ── parent: builds the lab, runs the child in it ── */

static void
run_in_lab (TdLab      *lab,
            TdLabNs     ns,
            const char *scenario,
            const char *expected_verdict)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self, "--lab-child", scenario, NULL };
  g_autofree char *expected = g_strdup_printf ("verdict=%s\n", expected_verdict);
  g_autoptr(GError) error = NULL;
  TdLabRun run = { 0 };

  g_assert_nonnull (self);
  g_assert_true (td_lab_exec (lab, ns, TD_LAB_AS_ROOT, argv, 180000, &run, &error));
  g_assert_no_error (error);
  g_test_message ("child stdout:\n%s\nchild stderr:\n%s", run.out, run.err);
  g_assert_false (run.timed_out);
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_nonnull (strstr (run.out, "page=result\n"));
  if (strstr (run.out, expected) == NULL)
    g_error ("expected %s, the child printed:\n%s\n%s", expected, run.out, run.err);
  td_lab_run_clear (&run);
}

static void
test_healthy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  guint mtu;
  double ms;
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = td_lab_new_for_test ();
  g_assert_true (td_lab_set_nat (lab, TD_LAB_NAT_NONE, 0, &error));
  g_assert_no_error (error);
  g_assert_true (td_lab_start_miredo (lab, TD_LAB_NS_DIRECT, &error));
  g_assert_no_error (error);
  if (!td_lab_wait_miredo_address (lab, TD_LAB_NS_DIRECT, 15000, &address, &mtu, &ms, &error))
    g_error ("miredo did not qualify: %s\n%s", error->message,
             td_lab_miredo_log (lab, TD_LAB_NS_DIRECT));

  run_in_lab (lab, TD_LAB_NS_DIRECT, "teredo-qualified", "teredo-qualified");
}

static void
test_udp_blocked (void)
{
  g_autoptr(GError) error = NULL;
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();
  g_assert_true (td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, &error));
  g_assert_no_error (error);
  g_assert_true (td_lab_set_udp_blocked (lab, TRUE, &error));
  g_assert_no_error (error);

  run_in_lab (lab, TD_LAB_NS_CLIENT, "udp-blocked", "udp-blocked");
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--lab-child"))
    return run_child (argv[2]);

  if (!td_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/lab/healthy", test_healthy);
  g_test_add_func ("/ui/lab/udp-blocked", test_udp_blocked);

  return g_test_run ();
}
