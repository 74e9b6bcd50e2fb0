/* test-host-windows.c — the Windows host backend against fake Windows
 * commands on PATH
 *
 * Each scenario folder in tests/data/fake-windows/ holds fake netsh,
 * ipconfig, sc, reg and chcp (links to fake-windows.sh, which prints real
 * fixtures from tests/data/windows/) and the expected JSON, written from the
 * fixtures.  Every scenario is collected twice: in this process (so that
 * valgrind sees the backend) and through `teredo-doctor-cli state|host
 * --platform windows --json` with PATH set to the scenario folder alone.
 * Built for Windows, the same scenarios are played by copies of
 * tests/windows/fake-command.exe (td-test-fakes.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "td-async.h"
#include "td-error.h"
#include "td-host-collect.h"
#include "td-host-json.h"
#include "td-host.h"
#include "td-test-fakes.h"

/* Every command's deadline: short, so that the hanging fake costs little.
 * The expected files say "within 1500 ms".  Under Wine, where the ~15
 * programs a collection starts at once take seconds, more on a loaded
 * machine (measured), it is longer — at least td-test-fakes.c's
 * WINE_MIN_TIMEOUT_MS — and the expected texts are read with it. */
#define TIMEOUT_MS "1500"
#define WINE_TIMEOUT_MS "20500"

static const char *
timeout_ms (void)
{
  return g_getenv ("TD_TEST_UNDER_WINE") != NULL ? WINE_TIMEOUT_MS : TIMEOUT_MS;
}

/* @text with the deadline of this run in place of the expected files'. */
static char *
with_timeout (const char *text)
{
  g_autofree char *written = g_strdup_printf ("within %s ms", TIMEOUT_MS);
  g_autofree char *actual = g_strdup_printf ("within %s ms", timeout_ms ());
  g_auto(GStrv) parts = g_strsplit (text, written, -1);

  return g_strjoinv (actual, parts);
}

typedef struct {
  const char *name;
  int         state_exit;   /* exit status of `state` */
  int         host_exit;    /* exit status of `host` */
} Scenario;

static const Scenario scenarios[] = {
  { "managed-zh-cn", 1, 0 },
  { "managed-zh-cn-cp936", 1, 0 },
  { "qualified-cone", 0, 0 },
  { "type-disabled", 1, 0 },
  { "firewall-off", 1, 0 },
  { "pnrp-removed", 0, 0 },
  { "vpn-adapter", 0, 0 },
  { "netsh-hang", 1, 1 },
  { "netsh-exit1", 1, 1 },
  { "huge-output", 1, 1 },
  { "binary-junk", 1, 1 },
  { "empty-output", 1, 1 },
  { "truncated", 1, 1 },
  { "missing-commands", 1, 1 },
};

static char *
data_path (const char *first,
           ...)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;
  const char *part;

  if (root != NULL)
    base = g_build_filename (root, "tests", "data", NULL);
  else
    base = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);
  g_ptr_array_add (parts, base);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *adjusted = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  adjusted = with_timeout (text);
  json_parser_load_from_data (parser, adjusted, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
assert_json_equal (JsonNode   *actual,
                   JsonNode   *expected,
                   const char *what)
{
  if (!json_node_equal (actual, expected))
    {
      g_autofree char *a = to_text (actual);
      g_autofree char *e = to_text (expected);

      g_test_message ("%s differs.\n--- expected\n%s\n--- actual\n%s", what, e, a);
      g_test_fail ();
    }
}

/* ---- in process -------------------------------------------------------- */

/* What a collection gave: the host, or why not. */
typedef struct {
  TdHost *host;
  GError *error;
} Wait;

static TdHost *
collect_with_path (const char *dir,
                   TdPlatform  platform)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  /* A wrong data path would look like "every command is missing". */
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  td_test_fakes_enter (dir);
  td_host_collect_async (platform, NULL, td_async_keep_result, &result);
  wait.host = td_host_collect_finish (td_async_wait (&result), &wait.error);
  td_test_fakes_leave ();

  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.host);
  return wait.host;
}

/* No `sleep 97` from the hanging fake may survive: the backend kills the
 * fake's whole process group, not just the shell. */
/* The hanging fake sleeps for a duration unique to this test process
 * (TD_FAKE_HANG_S, set in main), so the sleeps of other suites running at
 * the same time are never counted. */
static gboolean
sleep_running (const char *wanted,
               gsize       wanted_len)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *text = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &text, &len, NULL) &&
          len == wanted_len && memcmp (text, wanted, wanted_len) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
leftover_sleep (void)
{
  g_autofree char *wanted = g_strdup_printf ("/bin/sleep%c%s", '\0', g_getenv ("TD_FAKE_HANG_S"));
  gsize wanted_len = strlen ("/bin/sleep") + 1 + strlen (g_getenv ("TD_FAKE_HANG_S")) + 1;

  /* A killed child is reaped by init a moment later. */
  for (guint i = 0; i < 20; i++)
    {
      if (!sleep_running (wanted, wanted_len))
        return FALSE;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  return TRUE;
}

static void
test_scenario_in_process (gconstpointer data)
{
  const Scenario *scenario = data;
  g_autofree char *dir = data_path ("fake-windows", scenario->name, NULL);
  g_autofree char *expected_path = g_build_filename (dir, "expected-host.json", NULL);
  g_autoptr(JsonNode) expected = load_json (expected_path);
  g_autoptr(TdHost) host = NULL;
  g_autoptr(TdHost) again = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) with_evidence = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  host = collect_with_path (dir, TD_PLATFORM_WINDOWS);
  actual = td_host_to_json (host, TD_HOST_JSON_DEFAULT);
  assert_json_equal (actual, expected, "in-process host JSON");

  /* A hang costs one timeout, not one per command. */
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (g_ascii_strtoll (timeout_ms (), NULL, 10) + 2500) * G_TIME_SPAN_MILLISECOND);
  if (g_str_equal (scenario->name, "netsh-hang"))
    g_assert_false (leftover_sleep ());

  /* Every command is evidence, even the ones that could not run. */
  g_assert_cmpuint (host->evidence->len, >=, 10);

  /* The report reader gets back exactly what was written. */
  with_evidence = td_host_to_json (host, TD_HOST_JSON_EVIDENCE);
  again = td_host_from_json (with_evidence, &error);
  g_assert_no_error (error);
  reread = td_host_to_json (again, TD_HOST_JSON_EVIDENCE);
  assert_json_equal (reread, with_evidence, "host JSON after from_json");
}

/* ---- through the CLI --------------------------------------------------- */

static char *
run_cli (const char  *dir,
         const char * const *args,
         int         *out_status,
         char       **out_stderr)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  if (cli == NULL)
    {
      g_test_skip ("TD_CLI is not set (run through meson test)");
      return NULL;
    }
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = td_test_fakes_environ (envp, dir);
  envp = g_environ_setenv (envp, "TD_COMMAND_TIMEOUT_MS", timeout_ms (), TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &out, out_stderr, &wait_status, &error);
  g_assert_no_error (error);
  *out_status = td_test_exit_code (wait_status);
  g_assert_cmpint (*out_status, >=, 0);
  return out;
}

static void
check_cli_view (const Scenario *scenario,
                const char     *view,
                int             expected_status)
{
  g_autofree char *dir = data_path ("fake-windows", scenario->name, NULL);
  g_autofree char *file = g_strdup_printf ("expected-%s.json", view);
  g_autofree char *expected_path = g_build_filename (dir, file, NULL);
  g_autoptr(JsonNode) expected = load_json (expected_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { view, "--platform", "windows", "--json", NULL };
  int status = -1;

  out = run_cli (dir, args, &status, &err);
  if (out == NULL)
    return;
  /* Bad inputs are facts with errors, never warnings or crashes. */
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, expected_status);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  assert_json_equal (json_parser_get_root (parser), expected, file);
}

static void
test_scenario_cli (gconstpointer data)
{
  const Scenario *scenario = data;

  check_cli_view (scenario, "state", scenario->state_exit);
  check_cli_view (scenario, "host", scenario->host_exit);
}

/* The same output, whether netsh printed UTF-8 or CP936 bytes. */
static void
test_cp936_same_as_utf8 (void)
{
  g_autofree char *utf8_dir = data_path ("fake-windows", "managed-zh-cn", NULL);
  g_autofree char *cp936_dir = data_path ("fake-windows", "managed-zh-cn-cp936", NULL);
  g_autoptr(TdHost) utf8 = collect_with_path (utf8_dir, TD_PLATFORM_WINDOWS);
  g_autoptr(TdHost) cp936 = collect_with_path (cp936_dir, TD_PLATFORM_WINDOWS);
  g_autoptr(JsonNode) a = td_host_to_json (utf8, TD_HOST_JSON_DEFAULT);
  g_autoptr(JsonNode) b = td_host_to_json (cp936, TD_HOST_JSON_DEFAULT);

  assert_json_equal (b, a, "CP936 host vs UTF-8 host");
  g_assert_nonnull (cp936->client);
  g_assert_cmpstr (cp936->client->error_raw, ==, "客户端位于托管网络中");
}

/* Per-fact errors name the command and say what went wrong. */
static void
test_bad_inputs_errors (void)
{
  static const struct {
    const char *scenario;
    const char *fact;
    const char *code;
    const char *message;
  } cases[] = {
    { "netsh-hang", "client", "timeout",
      "netsh interface teredo show state did not finish within " TIMEOUT_MS " ms" },
    { "netsh-exit1", "client", "failed",
      "netsh exited with status 1: An internal error occurred: the RPC server is unavailable." },
    { "huge-output", "client", "too-large",
      "netsh interface teredo show state printed more than 1048576 bytes; output cut there" },
    { "huge-output", "addresses", "too-large",
      "ipconfig /all printed more than 1048576 bytes; output cut there" },
    { "missing-commands", "client", "not-found", "netsh not found on PATH" },
    { "missing-commands", "windows.services.iphlpsvc", "not-found", "sc not found on PATH" },
    { "truncated", "windows.services.iphlpsvc", "permission", NULL },
    { "binary-junk", "client", "parse", NULL },
    { "empty-output", "client", "parse", NULL },
  };

  g_setenv ("TD_COMMAND_TIMEOUT_MS", timeout_ms (), TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = data_path ("fake-windows", cases[i].scenario, NULL);
      g_autoptr(TdHost) host = collect_with_path (dir, TD_PLATFORM_WINDOWS);
      const TdHostError *error = td_host_get_error (host, cases[i].fact);

      g_test_message ("%s: %s", cases[i].scenario, cases[i].fact);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->code, ==, cases[i].code);
      if (cases[i].message != NULL)
        {
          g_autofree char *message = with_timeout (cases[i].message);

          g_assert_cmpstr (error->message, ==, message);
        }
      else
        g_assert_cmpuint (strlen (error->message), >, 10);
      /* …and the rest of the host still reports. */
      g_assert_nonnull (host->firewall);
      g_assert_nonnull (host->windows);
      g_assert_cmpuint (host->windows->services->len, ==, 3);
    }
}

static void
test_cli_human (void)
{
  g_autofree char *dir = data_path ("fake-windows", "managed-zh-cn-cp936", NULL);
  const char *state[] = { "state", "--platform", "windows", NULL };
  const char *clouds[] = { "clouds", "--platform", "windows", NULL };
  const char *host[] = { "host", "--platform", "windows", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  out = run_cli (dir, state, &status, &err);
  if (out == NULL)
    return;
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "offline"));
  g_assert_nonnull (strstr (out, "客户端位于托管网络中"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (dir, clouds, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "PNRP: removed"));
  g_assert_nonnull (strstr (out, "Global_"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (dir, host, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "managed"));
  g_assert_nonnull (strstr (out, "Service iphlpsvc"));
}

static void
test_cli_usage (void)
{
  g_autofree char *dir = data_path ("fake-windows", "qualified-cone", NULL);
  const char *bad_platform[] = { "state", "--platform", "beos", NULL };
  const char *extra[] = { "firewall", "surplus", NULL };
  const char *unknown[] = { "clouds", "--frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  out = run_cli (dir, bad_platform, &status, &err);
  if (out == NULL)
    return;
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "beos"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (dir, extra, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "surplus"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (dir, unknown, &status, &err);
  g_assert_cmpint (status, ==, 2);
}

typedef struct {
  gboolean done;
  int      status;
} ChildWait;

static void
child_exited (GPid     pid,
              gint     status,
              gpointer user_data)
{
  ChildWait *wait = user_data;

  wait->status = status;
  wait->done = TRUE;
}

/* Ctrl-C while a command hangs: the CLI stops at once with status 130 and
 * leaves no fake netsh behind. */
static void
test_cli_interrupt (void)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autofree char *dir = data_path ("fake-windows", "netsh-hang", NULL);
  const char *argv[] = { cli, "state", "--platform", "windows", "--json", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  GPid pid = 0;
  ChildWait wait = { 0 };
  gint64 start;

  if (cli == NULL)
    {
      g_test_skip ("TD_CLI is not set (run through meson test)");
      return;
    }
  if (td_platform_native () == TD_PLATFORM_WINDOWS)
    {
      g_test_skip ("Ctrl+C cannot be sent to one child process on Windows");
      return;
    }
  envp = td_test_fakes_environ (envp, dir);
  envp = g_environ_setenv (envp, "TD_COMMAND_TIMEOUT_MS", "60000", TRUE);
  g_spawn_async (NULL, (char **) argv, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  /* Long enough for the CLI to be waiting on the hanging netsh. */
  g_usleep (700 * 1000);
  start = g_get_monotonic_time ();
  g_child_watch_add (pid, child_exited, &wait);
  g_assert_true (td_test_interrupt (pid));
  td_async_wait_until (&wait.done);
  g_spawn_close_pid (pid);
  g_assert_cmpint (td_test_exit_code (wait.status), ==, 130);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_false (leftover_sleep ());
}

/* ---- the report reader is strict --------------------------------------- */

static void
test_from_json_errors (void)
{
  g_autofree char *dir = data_path ("fake-windows", "qualified-cone", NULL);
  g_autofree char *path = g_build_filename (dir, "expected-host.json", NULL);
  static const struct {
    const char *pointer;   /* what to break: "member=json" at top level, or a path */
    const char *json;
    const char *message;
  } cases[] = {
    { "platform", "3", "member “platform” must be a string" },
    { "platform", "\"beos\"", "member “platform” has an unknown value “beos”" },
    { "ipv6", "[]", "member “ipv6” must be an object" },
    { "addresses", "[{\"address\": \"nope\", \"prefix_length\": 64, \"interface\": null, "
                   "\"scope\": \"global\", \"origin\": \"native\", \"flags\": []}]",
      "addresses[0]: member “address” is not an IPv6 address: “nope”" },
    { "addresses", "[{\"address\": \"::1\", \"prefix_length\": 64, \"interface\": null, "
                   "\"scope\": \"planet\", \"origin\": \"native\", \"flags\": []}]",
      "addresses[0]: member “scope” has an unknown value “planet”" },
    { "addresses", "[{\"address\": \"::1\", \"prefix_length\": 300, \"interface\": null, "
                   "\"scope\": \"host\", \"origin\": \"loopback\", \"flags\": []}]",
      "addresses[0]: member “prefix_length” is 300, outside 0…128" },
    { "addresses", "[{\"address\": \"::1\", \"prefix_length\": 128, \"interface\": null, "
                   "\"scope\": \"host\", \"origin\": \"loopback\", \"flags\": [\"shiny\"]}]",
      "addresses[0]: member “flags” has an unknown flag “shiny”" },
    { "default_route", "\"yes\"", "member “default_route” must be true, false or null" },
    { "pnrp", "\"maybe\"", "member “pnrp” has an unknown value “maybe”" },
    { "firewall", "{\"present\": 1}", "firewall: member “present” must be true, false or null" },
    { "windows", "{\"disabled_components\": -5}", "windows: member “disabled_components” is -5, outside 0…4294967295" },
    { "errors", "{\"client\": {\"code\": 1, \"message\": \"x\"}}", "errors: member “code” must be a string" },
    { "evidence", "{}", "member “evidence” must be an array" },
    { "client", "{\"implementation\": \"amiga\"}", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = load_json (path);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TdHost) host = NULL;

      g_test_message ("breaking %s", cases[i].pointer);
      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      json_object_set_member (json_node_get_object (root), cases[i].pointer,
                              json_node_copy (json_parser_get_root (parser)));
      host = td_host_from_json (root, &error);
      g_assert_null (host);
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
      if (cases[i].message != NULL)
        {
          g_autofree char *message = with_timeout (cases[i].message);

          g_assert_cmpstr (error->message, ==, message);
        }
      else
        g_assert_true (g_str_has_prefix (error->message, "client: "));
    }

  /* A missing member and a non-object root. */
  {
    g_autoptr(JsonNode) root = load_json (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(TdHost) host = NULL;
    g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);

    json_object_remove_member (json_node_get_object (root), "errors");
    host = td_host_from_json (root, &error);
    g_assert_null (host);
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "member “errors” is missing");
    g_clear_error (&error);

    json_node_take_array (array, json_array_new ());
    g_assert_null (td_host_from_json (array, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *hang = g_strdup_printf ("97.%06d", (int) (g_get_real_time () % 1000000));

    g_setenv ("TD_FAKE_HANG_S", hang, TRUE);
  }

  /* Set once for the in-process runs; the CLI runs get it explicitly. */
  g_setenv ("TD_COMMAND_TIMEOUT_MS", timeout_ms (), TRUE);
  g_unsetenv ("TD_CONSOLE_CODEPAGE");

  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *in_process = g_strdup_printf ("/host-windows/collect/%s", scenarios[i].name);
      g_autofree char *cli = g_strdup_printf ("/host-windows/cli/%s", scenarios[i].name);

      g_test_add_data_func (in_process, &scenarios[i], test_scenario_in_process);
      g_test_add_data_func (cli, &scenarios[i], test_scenario_cli);
    }
  g_test_add_func ("/host-windows/cp936-same-as-utf8", test_cp936_same_as_utf8);
  g_test_add_func ("/host-windows/bad-inputs-errors", test_bad_inputs_errors);
  g_test_add_func ("/host-windows/cli-human", test_cli_human);
  g_test_add_func ("/host-windows/cli-usage", test_cli_usage);
  g_test_add_func ("/host-windows/cli-interrupt", test_cli_interrupt);
  g_test_add_func ("/host-windows/from-json-errors", test_from_json_errors);

  return g_test_run ();
}
