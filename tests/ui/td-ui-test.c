/* td-ui-test.c — shared helpers of the ui suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-ui-test.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "td-error.h"
#include "td-knowledge.h"
#include "td-runner.h"
#include "td-ui.h"

gboolean
td_ui_test_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display (run under xvfb-run)\n");
      return FALSE;
    }
  adw_init ();
  td_ui_init ();
  /* No transitions: a page switch is done when the call returns. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
td_ui_test_wait_until (gboolean (*check) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &expired);

  while (!check (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return check (data);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(const gboolean *) data;
}

gboolean
td_ui_test_wait_flag (const gboolean *flag,
                      guint           timeout_ms)
{
  return td_ui_test_wait_until (flag_is_set, (gpointer) flag, timeout_ms);
}

void
td_ui_test_settle (void)
{
  gboolean expired = FALSE;

  /* Layout and drawing happen on frame clock ticks: give it a few. */
  g_timeout_add (120, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

GPtrArray *
td_ui_test_find_all (GtkWidget *root,
                     GType      type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (root, type, out);
  return out;
}

GtkWidget *
td_ui_test_find_first (GtkWidget *root,
                       GType      type)
{
  g_autoptr(GPtrArray) all = td_ui_test_find_all (root, type);

  return all->len > 0 ? g_ptr_array_index (all, 0) : NULL;
}

static char *
strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

GtkWidget *
td_ui_test_find_button (GtkWidget  *root,
                        const char *label)
{
  g_autoptr(GPtrArray) buttons = td_ui_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
      const char *text = gtk_button_get_label (GTK_BUTTON (button));
      g_autofree char *plain = NULL;

      if (ADW_IS_BUTTON_CONTENT (child))
        text = adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
      plain = strip_mnemonic (text);
      if (g_strcmp0 (plain, label) == 0)
        return button;
    }
  return NULL;
}

gboolean
td_ui_test_has_label (GtkWidget  *root,
                      const char *text)
{
  g_autoptr(GPtrArray) labels = td_ui_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *plain = strip_mnemonic (gtk_label_get_label (g_ptr_array_index (labels, i)));

      if (g_strcmp0 (plain, text) == 0)
        return TRUE;
    }
  return FALSE;
}

GtkWindow *
td_ui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* ── reports ── */

typedef struct {
  const char    *id;
  TdCheckStatus  status;
  const char    *summary;
} CheckOutcome;

TdReport *
td_ui_test_make_report (TdPlatform     platform,
                        TdVerdictCode  code,
                        const char    *hostname)
{
  static const CheckOutcome healthy[] = {
    { "ipv6-stack", TD_CHECK_STATUS_PASS, "IPv6 is enabled" },
    { "global-cloud", TD_CHECK_STATUS_PASS, "A global IPv6 address: 2001:0:c612:a::1 (Teredo)" },
    { "teredo-client", TD_CHECK_STATUS_PASS, "Miredo is running and qualified" },
    { "teredo-error", TD_CHECK_STATUS_PASS, "No error reported" },
    { "teredo-components", TD_CHECK_STATUS_SKIP, "Only on Windows" },
    { "managed-network", TD_CHECK_STATUS_SKIP, "Only on Windows" },
    { "ipv6-firewall", TD_CHECK_STATUS_PASS, "nftables filters IPv6" },
    { "server-dns", TD_CHECK_STATUS_PASS, "198.18.0.10 is an address" },
    { "server-udp", TD_CHECK_STATUS_PASS, "The server answered on UDP 3544 in 2 ms" },
    { "nat-type", TD_CHECK_STATUS_PASS, "Restricted (port) NAT: Teredo works" },
    { "ipv6-http", TD_CHECK_STATUS_SKIP, "Not run" },
    { "server-ping", TD_CHECK_STATUS_INFO, "The server answers ping" },
  };
  static const CheckOutcome problem[] = {
    { "ipv6-stack", TD_CHECK_STATUS_PASS, "IPv6 is enabled" },
    { "global-cloud", TD_CHECK_STATUS_FAIL, "No global IPv6 address" },
    { "teredo-client", TD_CHECK_STATUS_WARN, "Miredo is running but not qualified" },
    { "teredo-error", TD_CHECK_STATUS_PASS, "No error reported" },
    { "teredo-components", TD_CHECK_STATUS_SKIP, "Only on Windows" },
    { "managed-network", TD_CHECK_STATUS_SKIP, "Only on Windows" },
    { "ipv6-firewall", TD_CHECK_STATUS_PASS, "nftables filters IPv6" },
    { "server-dns", TD_CHECK_STATUS_PASS, "198.18.0.10 is an address" },
    { "server-udp", TD_CHECK_STATUS_FAIL, "No answer on UDP port 3544 from either address" },
    { "nat-type", TD_CHECK_STATUS_SKIP, "Needs an answer from the server" },
    { "ipv6-http", TD_CHECK_STATUS_SKIP, "Not run" },
    { "server-ping", TD_CHECK_STATUS_INFO, "The server answers ping" },
  };
  const CheckOutcome *outcomes = td_verdict_code_is_healthy (code) ? healthy : problem;
  TdReport *report = td_report_new ();
  g_autoptr(TdVerdict) verdict = td_verdict_new (code, td_knowledge_explain_verdict (code));
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 26, 10, 42, 7);

  td_report_set_platform (report, platform);
  td_report_set_hostname (report, hostname);
  if (!td_verdict_code_is_healthy (code) && platform == TD_PLATFORM_LINUX)
    {
      /* The machine the problem page describes: miredo keeps probing a
       * server that does not answer (what the remedies are judged from). */
      g_autoptr(TdHost) host = td_host_new (TD_PLATFORM_LINUX);
      g_autoptr(TdProbeResult) probe = td_probe_result_new ("teredo-debian.remlab.net");

      host->ipv6_enabled = TD_TRISTATE_YES;
      host->client = td_teredo_client_new ();
      host->client->implementation = TD_CLIENT_IMPL_MIREDO;
      host->client->server_name = g_strdup ("teredo-debian.remlab.net");
      host->client->state = TD_TEREDO_STATE_PROBE;
      probe->nat = TD_NAT_TYPE_OFFLINE;
      probe->error = g_error_new_literal (TD_ERROR, TD_ERROR_UNREACHABLE, "no answer");
      td_report_set_host (report, host);
      td_report_set_probe (report, probe);
    }
  td_report_set_server (report, "198.18.0.10");
  td_report_set_started_at (report, when);
  td_report_set_duration_ms (report, 8210);
  td_verdict_add_finding (verdict, code);
  td_report_set_verdict (report, verdict);

  for (guint i = 0; i < G_N_ELEMENTS (healthy); i++)
    {
      g_autoptr(TdCheckResult) result =
        td_check_result_new (outcomes[i].id, td_runner_get_check_title (outcomes[i].id));

      td_check_result_set_outcome (result, outcomes[i].status, outcomes[i].summary,
                                   outcomes[i].status == TD_CHECK_STATUS_FAIL
                                     ? "Three router solicitations were sent to each address; "
                                       "none was answered."
                                     : NULL);
      td_check_result_set_duration_ms (result, 120 + 40 * i);
      if (g_str_equal (outcomes[i].id, "server-udp"))
        td_check_result_add_evidence (result, "Datagrams",
                                      "→ 198.18.0.10:3544 RS (cone) 0 ms\n"
                                      "→ 198.18.0.10:3544 RS 500 ms\n"
                                      "→ 198.18.0.11:3544 RS 1000 ms\n"
                                      "(no answer after 3000 ms)");
      if (g_str_equal (outcomes[i].id, "teredo-client"))
        td_check_result_add_evidence (result, "ip -6 addr show dev teredo",
                                      "5: teredo: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1280\n"
                                      "    inet6 fe80::ffff:ffff:ffff/64 scope link");
      if (outcomes[i].status == TD_CHECK_STATUS_FAIL)
        {
          g_autoptr(GPtrArray) remedies = td_knowledge_remedies (code, platform,
                                                                 td_report_get_host (report),
                                                                 td_report_get_probe (report));

          for (guint j = 0; remedies != NULL && j < remedies->len; j++)
            td_check_result_add_remedy (result, td_remedy_copy (g_ptr_array_index (remedies, j)));
        }
      td_report_add_check (report, result);
    }
  return report;
}

char *
td_ui_test_data_path (const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", "reports", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "reports", name, NULL);
}

TdReport *
td_ui_test_load_report (const char *name)
{
  g_autofree char *path = td_ui_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TdReport *report = td_report_load_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (td_report_is_from_file (report));
  return report;
}

TdReport *
td_ui_test_live_copy (TdReport *report)
{
  TdReport *copy = td_report_new ();
  GListModel *checks = td_report_get_checks (report);

  td_report_set_started_at (copy, td_report_get_started_at (report));
  td_report_set_duration_ms (copy, td_report_get_duration_ms (report));
  td_report_set_platform (copy, td_report_get_platform (report));
  td_report_set_hostname (copy, td_report_get_hostname (report));
  td_report_set_server (copy, td_report_get_server (report));
  if (td_report_get_host (report) != NULL)
    td_report_set_host (copy, td_report_get_host (report));
  if (td_report_get_probe (report) != NULL)
    td_report_set_probe (copy, td_report_get_probe (report));
  if (td_report_get_verdict (report) != NULL)
    td_report_set_verdict (copy, td_report_get_verdict (report));
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (checks, i);
      td_report_add_check (copy, result);
    }
  g_assert_false (td_report_is_from_file (copy));
  return copy;
}

/* ── pictures ── */

char *
td_ui_test_screenshot (GtkWidget  *widget,
                       const char *name,
                       gboolean    publish)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path;
  GtkSnapshot *snapshot;
  int width = 0;
  int height = 0;

  /* A window that was just presented may need a few frames to be mapped
   * and drawn; a paintable of an undrawn widget has no content. */
  for (guint attempt = 0; attempt < 20 && node == NULL; attempt++)
    {
      td_ui_test_settle ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (!gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
        continue;
      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);

  renderer = gsk_cairo_renderer_new ();
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  dir = g_build_filename (g_getenv ("TD_BUILD_ROOT") ? g_getenv ("TD_BUILD_ROOT") : ".",
                          "tests", "ui", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, width, height);

  if (publish && g_strcmp0 (g_getenv ("TD_UPDATE_SCREENSHOTS"), "1") == 0 &&
      g_getenv ("TD_SOURCE_ROOT") != NULL)
    {
      g_autofree char *public_dir = g_build_filename (g_getenv ("TD_SOURCE_ROOT"),
                                                      "data", "screenshots", NULL);
      g_autofree char *public_path = g_build_filename (public_dir, file, NULL);

      g_assert_cmpint (g_mkdir_with_parents (public_dir, 0755), ==, 0);
      g_assert_true (gdk_texture_save_to_png (texture, public_path));
      g_test_message ("updated %s", public_path);
    }
  return path;
}

TdWindow *
td_ui_test_new_window (int width,
                       int height)
{
  TdWindow *window = td_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  td_ui_test_settle ();
  return window;
}

void
td_ui_test_destroy_window (TdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  td_ui_test_settle ();
}
