/* test-runner.c — the runner: verdicts on fake Windows, its IPv6-only HTTP
 * check against loopback, and cancellation at random points of a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-async.h"
#include "td-diagnosis.h"
#include "td-fix.h"
#include "td-knowledge.h"
#include "td-runner.h"
#include "td-server-list.h"
#include "td-test-fakes.h"

#define HOST_CHECKS "ipv6-stack,global-cloud,teredo-client,teredo-error,teredo-components," \
                    "managed-network,ipv6-firewall"

/* ── fake Windows through the CLI ── */

typedef struct {
  const char *scenario;
  const char *verdict;
  const char *finding;       /* another finding that must be listed, or NULL */
  const char *fix_command;   /* a remedy command line that must be offered, or NULL */
} WindowsCase;

static const WindowsCase windows_cases[] = {
  { "managed-zh-cn", "managed-network", NULL, "netsh interface teredo set state type=enterpriseclient" },
  { "managed-zh-cn-cp936", "managed-network", NULL, "netsh interface teredo set state type=enterpriseclient" },
  /* Teredo_State = Disabled by policy: the policy route, not netsh. */
  { "type-disabled", "teredo-disabled", NULL,
    "reg delete HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition /v Teredo_State /f" },
  { "firewall-off", "no-ipv6-firewall", NULL, "sc.exe start MpsSvc" },
  { "qualified-cone", "teredo-qualified", NULL, NULL },
};

static JsonNode *
run_cli_json (const char * const *argv,
              const char         *path,
              int                *out_status)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status;

  envp = g_environ_setenv (envp, "TD_COMMAND_TIMEOUT_MS", "3000", TRUE);
  if (path != NULL)
    envp = td_test_fakes_environ (envp, path);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  *out_status = td_test_exit_code (status);
  if (!json_parser_load_from_data (parser, out, -1, &error))
    g_error ("no JSON from %s (%s): %s\n%s", argv[1], error->message, out, err);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
offers_command (JsonObject *report,
                const char *command)
{
  JsonArray *checks = json_object_get_array_member (report, "checks");

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonArray *remedies = json_object_get_array_member (json_array_get_object_element (checks, i),
                                                          "remedies");

      for (guint j = 0; j < json_array_get_length (remedies); j++)
        {
          JsonObject *remedy = json_array_get_object_element (remedies, j);

          if (json_object_has_member (remedy, "command_line") &&
              !json_object_get_null_member (remedy, "command_line") &&
              g_strcmp0 (json_object_get_string_member (remedy, "command_line"), command) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_fake_windows (gconstpointer data)
{
  const WindowsCase *c = data;
  const char *cli = g_getenv ("TD_CLI");
  g_autofree char *dir = g_build_filename (g_getenv ("TD_SOURCE_ROOT"), "tests", "data", "fake-windows",
                                           c->scenario, NULL);
  const char *argv[] = { cli, "diagnose", "--platform", "windows", "--format", "json",
                         "--client-wait", "0", "--only", HOST_CHECKS, NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report, *verdict;
  int status;

  g_assert_nonnull (cli);
  root = run_cli_json (argv, dir, &status);
  report = json_node_get_object (root);
  verdict = json_object_get_object_member (report, "verdict");
  g_assert_cmpstr (json_object_get_string_member (verdict, "code"), ==, c->verdict);
  g_assert_cmpint (status, ==, g_str_equal (c->verdict, "teredo-qualified") ? 0 : 1);
  g_assert_cmpstr (json_object_get_string_member (report, "platform"), ==, "windows");
  if (c->fix_command != NULL && !offers_command (report, c->fix_command))
    g_error ("%s: the fix “%s” is not offered", c->scenario, c->fix_command);
}

static void
test_unknown_check_is_usage_error (void)
{
  const char *cli = g_getenv ("TD_CLI");
  const char *argv[] = { cli, "diagnose", "--only", "ipv6-stack,no-such-check", NULL };
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, NULL);
  g_assert_cmpint (td_test_exit_code (status), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-check"));
}

/* ── the runner in this process ── */

typedef struct {
  TdReport *report;
  GError   *error;
  gboolean  done;
} Wait;

static void
on_run_done (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->report = td_runner_run_finish (TD_RUNNER (object), res, &wait->error);
  wait->done = TRUE;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "ok\n", 3);
}

static SoupServer *
start_server (GSocketFamily   family,
              char          **out_url)
{
  g_autoptr(GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  GSList *uris;

  soup_server_add_handler (server, NULL, server_callback, NULL, NULL);
  if (family == G_SOCKET_FAMILY_IPV6)
    soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV6_ONLY, &error);
  else
    soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

static TdRunner *
http_runner (const char *url)
{
  const char *only[] = { "ipv6-http", NULL };
  TdRunner *runner = td_runner_new (TD_PLATFORM_LINUX);

  g_assert_true (td_runner_set_only (runner, only, NULL));
  td_runner_set_ipv6_test_url (runner, url);
  td_runner_set_client_wait (runner, 0);
  return runner;
}

static TdCheckResult *
run_and_find (TdRunner   *runner,
              const char *id,
              TdReport  **out_report)
{
  Wait wait = { 0 };

  td_runner_run_async (runner, NULL, on_run_done, &wait);
  td_async_wait_until (&wait.done);
  g_assert_no_error (wait.error);
  *out_report = wait.report;
  return td_report_find_check (wait.report, id);
}

static void
test_ipv6_http (void)
{
  g_autofree char *url6 = NULL, *url4 = NULL;
  g_autoptr(SoupServer) server6 = NULL;
  g_autoptr(SoupServer) server4 = NULL;
  g_autoptr(TdRunner) runner6 = NULL;
  g_autoptr(TdRunner) runner4 = NULL;
  g_autoptr(TdReport) report6 = NULL;
  g_autoptr(TdReport) report4 = NULL;
  TdCheckResult *check;

  if (td_platform_native () == TD_PLATFORM_LINUX &&
      !g_file_test ("/proc/net/if_inet6", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("IPv6 is not available in this kernel");
      return;
    }
  /* Measured with Wine 8.0: soup_server_listen_local() on the IPv6
   * loopback never returns. */
  if (g_getenv ("TD_TEST_UNDER_WINE") != NULL)
    {
      g_test_skip ("a server on the IPv6 loopback never starts under Wine");
      return;
    }
  server6 = start_server (G_SOCKET_FAMILY_IPV6, &url6);
  g_test_message ("IPv6 server at %s", url6);
  runner6 = http_runner (url6);
  check = run_and_find (runner6, "ipv6-http", &report6);
  g_assert_cmpint (td_check_result_get_status (check), ==, TD_CHECK_STATUS_PASS);

  /* The same page over IPv4 only must fail: the check proves IPv6. */
  server4 = start_server (G_SOCKET_FAMILY_IPV4, &url4);
  g_test_message ("IPv4 server at %s", url4);
  runner4 = http_runner (url4);
  check = run_and_find (runner4, "ipv6-http", &report4);
  g_assert_cmpint (td_check_result_get_status (check), ==, TD_CHECK_STATUS_FAIL);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Host checks + IPv6 HTTP on loopback + a server check that stops at once
 * (no traffic): cancelled at random moments, a run must end with either a
 * report or a clean cancellation, every result final. */
static void
test_cancel_at_random_points (void)
{
  g_autofree char *url6 = NULL;
  g_autoptr(SoupServer) server6 = start_server (G_SOCKET_FAMILY_IPV6, &url6);
  guint cancelled = 0, completed = 0;
  guint iterations = g_test_slow () ? 100 : 40;

  g_assert_nonnull (server6);

  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(TdRunner) runner = td_runner_new (TD_PLATFORM_LINUX);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      GListModel *results;
      Wait wait = { 0 };
      guint delay_us = g_test_rand_int_range (0, 30000);

      td_runner_set_ipv6_test_url (runner, url6);
      td_runner_set_server (runner, "192.168.77.1");   /* refused: not global */
      td_runner_set_client_wait (runner, 0);
      if (delay_us < 500)
        g_cancellable_cancel (cancellable);
      else
        g_timeout_add (delay_us / 1000, cancel_now, cancellable);
      td_runner_run_async (runner, cancellable, on_run_done, &wait);
      td_async_wait_until (&wait.done);

      if (wait.report != NULL)
        {
          completed++;
          g_assert_no_error (wait.error);
          g_object_unref (wait.report);
        }
      else
        {
          cancelled++;
          g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_clear_error (&wait.error);
        }
      results = td_runner_get_results (runner);
      for (guint j = 0; j < g_list_model_get_n_items (results); j++)
        {
          g_autoptr(TdCheckResult) check = g_list_model_get_item (results, j);
          g_assert_true (td_check_status_is_final (td_check_result_get_status (check)));
        }
      /* Let pending callbacks of the cancelled run drain. */
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_source_remove_by_user_data (cancellable);
    }
  g_test_message ("%u runs cancelled, %u completed first", cancelled, completed);
  g_assert_cmpuint (cancelled, >, 0);
}

static void
test_only_brings_dependencies (void)
{
  const char *only[] = { "nat-type", NULL };
  g_autoptr(TdRunner) runner = td_runner_new (TD_PLATFORM_LINUX);
  g_autoptr(GError) error = NULL;
  GListModel *results;
  const char *expected[] = { "server-dns", "server-udp", "nat-type" };

  g_assert_true (td_runner_set_only (runner, only, &error));
  results = td_runner_get_results (runner);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(TdCheckResult) check = g_list_model_get_item (results, i);
      g_assert_cmpstr (td_check_result_get_id (check), ==, expected[i]);
    }
}

/* Every automated fix the knowledge base names is on the allow-list, takes
 * the arguments given, and builds a plan; no remedy recommends a server the
 * dated table calls dead; every Windows netsh remedy's shown command is the
 * one its Fix-it runs. */
static void
test_knowledge_base_is_consistent (void)
{
  const TdPlatform platforms[] = { TD_PLATFORM_LINUX, TD_PLATFORM_WINDOWS, TD_PLATFORM_MACOS };

  for (guint p = 0; p < G_N_ELEMENTS (platforms); p++)
    for (int code = 0; code < TD_VERDICT_N_CODES; code++)
      {
        g_autoptr(GPtrArray) remedies = td_knowledge_remedies (code, platforms[p], NULL, NULL);

        g_assert_nonnull (td_knowledge_explain_verdict (code));
        for (guint i = 0; i < remedies->len; i++)
          {
            TdRemedy *remedy = g_ptr_array_index (remedies, i);
            g_autoptr(GError) error = NULL;
            TdPlatform platform;
            TdFixPlan *plan;

            g_assert_nonnull (remedy->title);
            for (guint a = 0; remedy->argv && remedy->argv[a]; a++)
              {
                const TdServerEntry *entry = td_server_list_lookup (strchr (remedy->argv[a], '=')
                                                                    ? strchr (remedy->argv[a], '=') + 1
                                                                    : remedy->argv[a]);
                g_assert_true (entry == NULL || entry->status != TD_SERVER_STATUS_DEAD);
              }
            if (remedy->fix_action == NULL)
              continue;
            /* A remedy names its own platform (managed-network is Windows'). */
            g_assert_true (td_platform_from_string (remedy->platform, &platform));
            if (!td_fix_action_exists (remedy->fix_action, platform))
              g_error ("%s: fix %s is not on the %s allow-list", td_verdict_code_to_string (code),
                       remedy->fix_action, remedy->platform);
            g_assert_cmpint (td_fix_action_get_n_args (remedy->fix_action), ==,
                             remedy->fix_args ? (int) g_strv_length (remedy->fix_args) : 0);
            plan = td_fix_plan_new (remedy->fix_action, (const char * const *) remedy->fix_args,
                                    platform, &error);
            g_assert_no_error (error);
            if (platform == TD_PLATFORM_WINDOWS && remedy->argv && g_str_equal (remedy->argv[0], "netsh"))
              {
                TdFixStep *step = g_ptr_array_index (plan->steps, plan->steps->len - 1);
                g_autofree char *shown = g_strjoinv (" ", remedy->argv);
                g_autofree char *runs = g_strjoinv (" ", step->argv);

                g_assert_cmpstr (shown, ==, runs);
              }
            td_fix_plan_free (plan);
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (windows_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/diagnose/fake-windows/%s", windows_cases[i].scenario);
      g_test_add_data_func (path, &windows_cases[i], test_fake_windows);
    }
  g_test_add_func ("/diagnose/unknown-check-is-usage-error", test_unknown_check_is_usage_error);
  g_test_add_func ("/diagnose/only-brings-dependencies", test_only_brings_dependencies);
  g_test_add_func ("/diagnose/knowledge-base-is-consistent", test_knowledge_base_is_consistent);
  g_test_add_func ("/diagnose/ipv6-http", test_ipv6_http);
  g_test_add_func ("/diagnose/cancel-at-random-points", test_cancel_at_random_points);
  return g_test_run ();
}
