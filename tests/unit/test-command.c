/* test-command.c — td_command_run_async(): deadlines, limits, decoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "td-async.h"
#include "td-command.h"
#include "td-error.h"
#include "td-test-fakes.h"

typedef struct {
  gboolean         done;
  TdCommandResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = td_command_run_finish (res);
  wait->done = TRUE;
}

static TdCommandResult *
run (const char * const     *argv,
     const TdCommandOptions *options,
     GCancellable           *cancellable)
{
  Wait wait = { 0 };

  td_command_run_async (argv, options, cancellable, on_done, &wait);
  td_async_wait_until (&wait.done);
  g_assert_nonnull (wait.result);
  return wait.result;
}

static void
test_not_found (void)
{
  const char *argv[] = { "td-no-such-program-here", "--x", NULL };
  g_autoptr(TdCommandResult) result = run (argv, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_error (result->error, TD_ERROR, TD_ERROR_NOT_FOUND);
  g_assert_cmpstr (result->error->message, ==, "td-no-such-program-here not found on PATH");
  g_assert_null (result->path);
  g_assert_false (result->exited);
  g_assert_cmpint (result->exit_status, ==, -1);
  g_assert_false (td_command_result_check (result, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
}

static void
test_exit_status (void)
{
  const char *argv[] = { "sh", "-c", "printf 'one\\ntwo'; printf '\\n  refused\\nmore\\n' >&2; exit 3", NULL };
  g_autoptr(TdCommandResult) result = run (argv, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = td_command_result_dup_command_line (result);

  g_assert_no_error (result->error);
  g_assert_true (result->exited);
  g_assert_cmpint (result->exit_status, ==, 3);
  g_assert_cmpstr (result->stdout_text, ==, "one\ntwo");
  g_assert_cmpstr (result->stderr_text, ==, "\n  refused\nmore\n");
  g_assert_cmpuint (result->stdout_bytes, ==, 7);
  g_assert_cmpstr (result->argv[0], ==, "sh");
  g_assert_true (g_path_is_absolute (result->path));
  g_assert_cmpstr (line, ==, "sh -c printf 'one\\ntwo'; printf '\\n  refused\\nmore\\n' >&2; exit 3");
  g_assert_false (td_command_result_check (result, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "sh exited with status 3: refused");
}

static void
test_success_empty (void)
{
  /* stdin is /dev/null: cat ends at once with nothing. */
  const char *argv[] = { "cat", NULL };
  g_autoptr(TdCommandResult) result = run (argv, NULL, NULL);

  g_assert_no_error (result->error);
  g_assert_true (result->exited);
  g_assert_cmpint (result->exit_status, ==, 0);
  g_assert_null (result->stdout_text);
  g_assert_null (result->stderr_text);
  g_assert_true (td_command_result_check (result, NULL));
}

static void
test_signal (void)
{
  const char *argv[] = { "sh", "-c", "kill -9 $$", NULL };
  g_autoptr(TdCommandResult) result = run (argv, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_no_error (result->error);
  g_assert_false (result->exited);
  g_assert_cmpint (result->term_signal, ==, 9);
  g_assert_false (td_command_result_check (result, &error));
  g_assert_cmpstr (error->message, ==, "sh was killed by signal 9");
}

/* The shell does not exec its sleep: only killing the process group stops
 * the sleep from holding the pipe (and this test) for 30 s. */
static void
test_timeout (void)
{
  const char *argv[] = { "sh", "-c", "printf started; sleep 30; true", NULL };
  TdCommandOptions options = { .timeout_ms = 300 };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(TdCommandResult) result = run (argv, &options, NULL);

  g_assert_error (result->error, TD_ERROR, TD_ERROR_TIMEOUT);
  g_assert_cmpstr (result->error->message, ==,
                   "sh -c printf started; sleep 30; true did not finish within 300 ms");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (result->elapsed_us, >=, 300 * 1000);
  /* What it printed before is kept as evidence. */
  g_assert_cmpstr (result->stdout_text, ==, "started");
  g_assert_false (result->exited);
}

static void
test_timeout_env (void)
{
  const char *argv[] = { "sleep", "30", NULL };
  g_autoptr(TdCommandResult) result = NULL;

  g_setenv ("TD_COMMAND_TIMEOUT_MS", "2000", TRUE);
  result = run (argv, NULL, NULL);
  g_unsetenv ("TD_COMMAND_TIMEOUT_MS");
  g_assert_error (result->error, TD_ERROR, TD_ERROR_TIMEOUT);
  g_assert_cmpstr (result->error->message, ==, "sleep 30 did not finish within 2 s");
}

static void
test_too_large (void)
{
  const char *argv[] = { "yes", "0123456789", NULL };
  TdCommandOptions options = { .max_output = 100000 };
  g_autoptr(TdCommandResult) result = run (argv, &options, NULL);

  g_assert_error (result->error, TD_ERROR, TD_ERROR_TOO_LARGE);
  g_assert_cmpstr (result->error->message, ==, "yes 0123456789 printed more than 100000 bytes; output cut there");
  g_assert_cmpuint (result->stdout_bytes, ==, 100000);
  g_assert_cmpuint (strlen (result->stdout_text), ==, 100000);
}

static void
test_cancel (void)
{
  const char *argv[] = { "sleep", "30", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TdCommandResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  result = run (argv, NULL, cancellable);
  g_assert_error (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* Already cancelled: nothing is started. */
  g_clear_pointer (&result, td_command_result_free);
  result = run (argv, NULL, cancellable);
  g_assert_error (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result->path);
}

static void
test_decode (void)
{
  /* "活动代码页" in GBK (not valid UTF-8), then UTF-16LE "OK" with a BOM.
   * A short GBK text that happens to be valid UTF-8 is taken as UTF-8:
   * td_console_decode() tries UTF-8 before the hint. */
  const char *gbk[] = { "printf", "\\273\\356\\266\\257\\264\\372\\302\\353\\322\\263", NULL };
  const char *utf16[] = { "printf", "\\377\\376O\\000K\\000", NULL };
  TdCommandOptions options = { .codepage_hint = "936" };
  g_autoptr(TdCommandResult) a = run (gbk, &options, NULL);
  g_autoptr(TdCommandResult) b = run (utf16, &options, NULL);

  g_assert_cmpstr (a->stdout_text, ==, "活动代码页");
  g_assert_cmpuint (a->stdout_bytes, ==, 10);
  g_assert_cmpstr (b->stdout_text, ==, "OK");
}

static void
test_fallback_dirs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("td-command-XXXXXX", &error);
  g_autofree char *tool = g_build_filename (dir, "td-fake-sbin-tool", NULL);
  const char * const fallback[] = { "/nonexistent", dir, NULL };
  const char *argv[] = { "td-fake-sbin-tool", NULL };
  TdCommandOptions options = { .fallback_dirs = fallback };
  g_autoptr(TdCommandResult) result = NULL;
  g_autofree char *found = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (tool, "#!/bin/sh\necho from-sbin\n", -1, NULL));
  g_assert_cmpint (g_chmod (tool, 0755), ==, 0);

  found = td_command_find_program ("td-fake-sbin-tool", NULL);
  g_assert_null (found);
  found = td_command_find_program ("td-fake-sbin-tool", fallback);
  g_assert_cmpstr (found, ==, tool);

  result = run (argv, &options, NULL);
  g_assert_no_error (result->error);
  g_assert_cmpstr (result->stdout_text, ==, "from-sbin\n");
  g_assert_cmpstr (result->path, ==, tool);

  g_unlink (tool);
  g_rmdir (dir);
}

static void
test_copy (void)
{
  const char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 1", NULL };
  g_autoptr(TdCommandResult) result = run (argv, NULL, NULL);
  g_autoptr(TdCommandResult) copy = td_command_result_copy (result);

  g_assert_cmpstr (copy->stdout_text, ==, "out\n");
  g_assert_cmpstr (copy->stderr_text, ==, "err\n");
  g_assert_cmpint (copy->exit_status, ==, 1);
  g_assert_cmpstr (copy->argv[2], ==, result->argv[2]);
  g_assert_true (copy->argv != result->argv);
}

/* Many at once on one main context: no thread waits for anything. */
static void
test_concurrent (void)
{
  const char *argv[] = { "sh", "-c", "sleep 0.3; echo done", NULL };
  Wait waits[8] = { 0 };
  gint64 start = g_get_monotonic_time ();
  gboolean all;

  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    td_command_run_async (argv, NULL, NULL, on_done, &waits[i]);
  do
    {
      g_main_context_iteration (NULL, TRUE);
      all = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
        all &= waits[i].done;
    }
  while (!all);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_assert_cmpstr (waits[i].result->stdout_text, ==, "done\n");
      td_command_result_free (waits[i].result);
    }
}

/* ---- the fake Windows programs (td-test-fakes.h) ------------------------
 * The same on Linux (shell fake, process group) and on Windows
 * (fake-command.exe, job object): what the collectors meet. */

static char *
scenario (const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  return root != NULL ? g_build_filename (root, "tests", "data", "fake-windows", name, NULL)
                      : g_test_build_filename (G_TEST_DIST, "..", "data", "fake-windows", name, NULL);
}

static TdCommandResult *
run_fake (const char             *name,
          const char * const     *argv,
          const TdCommandOptions *options)
{
  g_autofree char *dir = scenario (name);
  TdCommandResult *result;

  td_test_fakes_enter (dir);
  result = run (argv, options, NULL);
  td_test_fakes_leave ();
  return result;
}

static const char *netsh_state[] = { "netsh", "interface", "teredo", "show", "state", NULL };

/* The fake hangs in a child of its own that holds the output open: the
 * timeout ends both (process group, job object), or this test would wait
 * 97 s for the pipe. */
static void
test_fake_tree_killed (void)
{
  TdCommandOptions options = { .timeout_ms = 1000 };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(TdCommandResult) result = run_fake ("netsh-hang", netsh_state, &options);

  g_assert_error (result->error, TD_ERROR, TD_ERROR_TIMEOUT);
  g_assert_cmpstr (result->error->message, ==,
                   "netsh interface teredo show state did not finish within 1 s");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
}

static void
test_fake_too_large (void)
{
  TdCommandOptions options = { .max_output = 100000 };
  g_autoptr(TdCommandResult) result = run_fake ("huge-output", netsh_state, &options);

  g_assert_error (result->error, TD_ERROR, TD_ERROR_TOO_LARGE);
  g_assert_cmpuint (result->stdout_bytes, ==, 100000);
}

static void
test_fake_exit_status (void)
{
  g_autoptr(TdCommandResult) result = run_fake ("netsh-exit1", netsh_state, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_no_error (result->error);
  g_assert_true (result->exited);
  g_assert_cmpint (result->exit_status, ==, 1);
  g_assert_false (td_command_result_check (result, &error));
  g_assert_cmpstr (error->message, ==,
                   "netsh exited with status 1: An internal error occurred: the RPC server is "
                   "unavailable.");
}

/* Every run gives back what it opened (pipes, their descriptors, the
 * process handle): a collection starts fifteen programs, a help desk runs
 * many.  Counted, not the lowest free descriptor: that one moves with what
 * earlier cases left closing meanwhile (a child watch, an async read) and
 * with holes below it.  One descriptor kept per run shows as forty; the
 * slack is for GLib's own lazily made ones (worker threads, wake-ups). */
#define NO_LEAK_RUNS 40

static void
test_fake_no_leak (void)
{
  guint before;
  guint after;

  g_autoptr(TdCommandResult) first = run_fake ("qualified-cone", netsh_state, NULL);
  g_assert_no_error (first->error);
  if (!td_test_count_open_handles (&before))
    {
      g_test_skip ("this system does not say how many descriptors a process holds");
      return;
    }
  for (guint i = 0; i < NO_LEAK_RUNS; i++)
    {
      g_autoptr(TdCommandResult) result = run_fake ("qualified-cone", netsh_state, NULL);

      g_assert_no_error (result->error);
    }
  g_assert_true (td_test_count_open_handles (&after));
  g_test_message ("open descriptors or handles: %u before %d runs, %u after",
                  before, NO_LEAK_RUNS, after);
  g_assert_cmpuint (after, <, before + NO_LEAK_RUNS / 2);
}

static void
test_fake_codepage (void)
{
  TdCommandOptions options = { .codepage_hint = "936" };
  g_autoptr(TdCommandResult) result = run_fake ("managed-zh-cn-cp936", netsh_state, &options);

  g_assert_no_error (result->error);
  g_assert_nonnull (strstr (result->stdout_text, "客户端位于托管网络中"));
}

static void
test_fake_missing (void)
{
  g_autoptr(TdCommandResult) result = run_fake ("missing-commands", netsh_state, NULL);

  g_assert_error (result->error, TD_ERROR, TD_ERROR_NOT_FOUND);
  g_assert_cmpstr (result->error->message, ==, "netsh not found on PATH");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("TD_COMMAND_TIMEOUT_MS");

  g_test_add_func ("/command/not-found", test_not_found);
  td_test_add_unix_func ("/command/exit-status", test_exit_status);
  td_test_add_unix_func ("/command/success-empty", test_success_empty);
  td_test_add_unix_func ("/command/signal", test_signal);
  td_test_add_unix_func ("/command/timeout", test_timeout);
  td_test_add_unix_func ("/command/timeout-env", test_timeout_env);
  td_test_add_unix_func ("/command/too-large", test_too_large);
  td_test_add_unix_func ("/command/cancel", test_cancel);
  td_test_add_unix_func ("/command/decode", test_decode);
  td_test_add_unix_func ("/command/fallback-dirs", test_fallback_dirs);
  td_test_add_unix_func ("/command/copy", test_copy);
  td_test_add_unix_func ("/command/concurrent", test_concurrent);
  g_test_add_func ("/command/fake/tree-killed", test_fake_tree_killed);
  g_test_add_func ("/command/fake/too-large", test_fake_too_large);
  g_test_add_func ("/command/fake/exit-status", test_fake_exit_status);
  g_test_add_func ("/command/fake/codepage", test_fake_codepage);
  g_test_add_func ("/command/fake/no-leak", test_fake_no_leak);
  g_test_add_func ("/command/fake/missing", test_fake_missing);

  return g_test_run ();
}
