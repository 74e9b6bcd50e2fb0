/* td-test-fakes.c — the fake Windows programs of a scenario folder on Linux
 * (shell fake, PATH) and on Windows (fake-command.exe copies,
 * TD_COMMAND_PATH)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "td-test-fakes.h"

static const char * const programs[] = { "chcp", "netsh", "ipconfig", "sc", "reg" };

/* Under Wine the ~15 programs a collection starts at once take seconds
 * (measured: more than 8.5 s on a loaded machine, which made a live
 * collection differ from its collected file): a shorter command deadline,
 * the product's 10 s default included, is raised to this there, so that
 * only a hanging fake reaches it. */
#define WINE_MIN_TIMEOUT_MS 20000

/* scenario folder → its folder of .exe copies (Windows), made once */
static GHashTable *bins;
static char *saved_path;
static char *saved_command_path;
static char *saved_codepage;
static char *saved_timeout;
static gboolean entered;

/* The deadline @current (TD_COMMAND_TIMEOUT_MS, may be NULL) should be
 * raised to under Wine, or NULL to keep it. */
static const char *
wine_timeout (const char *current)
{
  guint64 value = 0;

  if (g_getenv ("TD_TEST_UNDER_WINE") == NULL)
    return NULL;
  if (current != NULL && g_ascii_string_to_unsigned (current, 10, 0, G_MAXUINT, &value, NULL) &&
      value >= WINE_MIN_TIMEOUT_MS)
    return NULL;
  return G_STRINGIFY (WINE_MIN_TIMEOUT_MS);
}

gboolean
td_test_fakes_are_exes (void)
{
  const char *exe = g_getenv ("TD_FAKE_COMMAND");

  return exe != NULL && *exe != '\0';
}

static void
remove_bin (gpointer data)
{
  const char *bin = data;
  g_autoptr(GDir) dir = g_dir_open (bin, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (bin, name, NULL);

      g_unlink (path);
    }
  g_rmdir (bin);
  g_free (data);
}

static void
remove_bins (void)
{
  g_clear_pointer (&bins, g_hash_table_unref);
}

/* The folder of copies of fake-command.exe that plays @scenario_dir. */
static const char *
exe_bin (const char *scenario_dir)
{
  g_autoptr(GFile) exe = g_file_new_for_path (g_getenv ("TD_FAKE_COMMAND"));
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario_file = NULL;
  char *bin;

  if (bins == NULL)
    {
      bins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remove_bin);
      atexit (remove_bins);
    }
  bin = g_hash_table_lookup (bins, scenario_dir);
  if (bin != NULL)
    return bin;

  bin = g_dir_make_tmp ("td-fake-windows-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *marker = g_build_filename (scenario_dir, programs[i], NULL);
      g_autofree char *name = g_strconcat (programs[i], ".exe", NULL);
      g_autofree char *copy_path = g_build_filename (bin, name, NULL);
      g_autoptr(GFile) copy = g_file_new_for_path (copy_path);

      /* A program the scenario lacks is not found at all. */
      if (!g_file_test (marker, G_FILE_TEST_EXISTS))
        continue;
      g_file_copy (exe, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  scenario_file = g_build_filename (bin, "scenario.txt", NULL);
  g_file_set_contents (scenario_file, scenario_dir, -1, &error);
  g_assert_no_error (error);
  g_hash_table_insert (bins, g_strdup (scenario_dir), bin);
  return bin;
}

/* The code page a Windows console of the scenario has: what its chcp
 * prints (the digits after the label, in any language), 437 by default. */
static char *
scenario_codepage (const char *scenario_dir)
{
  g_autofree char *script = g_build_filename (scenario_dir, "scenario.sh", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (script, &text, NULL, NULL))
    return g_strdup ("437");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *chcp = NULL;
      g_autofree char *path = NULL;
      char *p;

      if (!g_str_has_prefix (lines[i], "CHCP="))
        continue;
      value = g_strstrip (g_strdup (lines[i] + strlen ("CHCP=")));
      p = value;
      if (*p == '"' || *p == '\'')
        {
          char *end = strchr (p + 1, *p);

          p++;
          if (end != NULL)
            *end = '\0';
        }
      if (g_str_has_prefix (p, "$here/"))
        path = g_build_filename (scenario_dir, p + strlen ("$here/"), NULL);
      else
        path = g_strdup (p);
      if (!g_file_get_contents (path, &chcp, NULL, NULL))
        break;
      for (p = chcp; *p != '\0' && !g_ascii_isdigit (*p); p++)
        ;
      p[strspn (p, "0123456789")] = '\0';
      if (*p != '\0')
        return g_strdup (p);
    }
  return g_strdup ("437");
}

void
td_test_fakes_enter (const char *scenario_dir)
{
  g_assert_false (entered);
  g_assert_true (g_file_test (scenario_dir, G_FILE_TEST_IS_DIR));
  entered = TRUE;
  saved_path = g_strdup (g_getenv ("PATH"));
  saved_command_path = g_strdup (g_getenv ("TD_COMMAND_PATH"));
  saved_codepage = g_strdup (g_getenv ("TD_CONSOLE_CODEPAGE"));
  saved_timeout = g_strdup (g_getenv ("TD_COMMAND_TIMEOUT_MS"));
  if (td_test_fakes_are_exes ())
    {
      g_autofree char *codepage = scenario_codepage (scenario_dir);
      const char *timeout = wine_timeout (saved_timeout);

      g_setenv ("TD_COMMAND_PATH", exe_bin (scenario_dir), TRUE);
      g_setenv ("TD_CONSOLE_CODEPAGE", codepage, TRUE);
      if (timeout != NULL)
        g_setenv ("TD_COMMAND_TIMEOUT_MS", timeout, TRUE);
    }
  else
    {
      g_setenv ("PATH", scenario_dir, TRUE);
      g_unsetenv ("TD_CONSOLE_CODEPAGE");
    }
}

static void
restore (const char *name,
         char      **saved)
{
  if (*saved != NULL)
    g_setenv (name, *saved, TRUE);
  else
    g_unsetenv (name);
  g_clear_pointer (saved, g_free);
}

void
td_test_fakes_leave (void)
{
  g_assert_true (entered);
  entered = FALSE;
  restore ("PATH", &saved_path);
  restore ("TD_COMMAND_PATH", &saved_command_path);
  restore ("TD_CONSOLE_CODEPAGE", &saved_codepage);
  restore ("TD_COMMAND_TIMEOUT_MS", &saved_timeout);
}

char **
td_test_fakes_environ (char       **envp,
                       const char  *scenario_dir)
{
  if (td_test_fakes_are_exes ())
    {
      g_autofree char *codepage = scenario_codepage (scenario_dir);
      const char *timeout = wine_timeout (g_environ_getenv (envp, "TD_COMMAND_TIMEOUT_MS"));

      envp = g_environ_setenv (envp, "TD_COMMAND_PATH", exe_bin (scenario_dir), TRUE);
      if (timeout != NULL)
        envp = g_environ_setenv (envp, "TD_COMMAND_TIMEOUT_MS", timeout, TRUE);
      return g_environ_setenv (envp, "TD_CONSOLE_CODEPAGE", codepage, TRUE);
    }
  envp = g_environ_setenv (envp, "PATH", scenario_dir, TRUE);
  return g_environ_unsetenv (envp, "TD_CONSOLE_CODEPAGE");
}

char *
td_test_fakes_program (const char *scenario_dir,
                       const char *program)
{
  g_autofree char *path = g_build_filename (scenario_dir, program, NULL);
  g_autofree char *name = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (!td_test_fakes_are_exes ())
    return g_steal_pointer (&path);
  name = g_strconcat (program, ".exe", NULL);
  return g_build_filename (exe_bin (scenario_dir), name, NULL);
}

void
td_test_fakes_add (const char *scenario_dir,
                   const char *program)
{
  g_autofree char *path = g_build_filename (scenario_dir, program, NULL);
  g_autoptr(GError) error = NULL;

  if (td_test_fakes_are_exes ())
    g_file_set_contents (path, "", 0, &error);
  else
    {
      const char *root = g_getenv ("TD_SOURCE_ROOT");
      g_autofree char *fake = g_build_filename (root, "tests", "data", "fake-windows",
                                                "fake-windows.sh", NULL);
      g_autoptr(GFile) link = g_file_new_for_path (path);

      g_assert_nonnull (root);
      g_file_make_symbolic_link (link, fake, NULL, &error);
    }
  g_assert_no_error (error);
}

GBytes *
td_test_fakes_run_merged (const char * const *argv,
                          int                *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  GByteArray *both = g_byte_array_new ();

  /* Under Wine on a loaded machine, starting a program very rarely fails
   * with EINVAL from the spawn helper: once more, as td-command.c does. */
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL && g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED))
    {
      g_test_message ("starting %s failed (%s): once more", argv[0], error->message);
      g_clear_error (&error);
      process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   &error);
    }
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *out_status = g_subprocess_get_exit_status (process);
  g_byte_array_append (both, g_bytes_get_data (out, NULL), (guint) g_bytes_get_size (out));
  g_byte_array_append (both, g_bytes_get_data (err, NULL), (guint) g_bytes_get_size (err));
  return g_byte_array_free_to_bytes (both);
}

int
td_test_exit_code (int wait_status)
{
  g_autoptr(GError) error = NULL;

  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  return error->domain == G_SPAWN_EXIT_ERROR ? error->code : -1;
}

gboolean
td_test_skip_without_unix (void)
{
  g_autofree char *sh = td_test_fakes_are_exes () ? NULL : g_find_program_in_path ("sh");

  if (sh != NULL)
    return FALSE;
  g_test_skip ("needs a Unix shell (sh, sleep and shell-script fakes): not on Windows");
  return TRUE;
}

static void
skip_test (gconstpointer reason)
{
  g_test_skip (reason);
}

void
td_test_add_skipped (const char *path,
                     const char *reason)
{
  g_test_add_data_func (path, reason, skip_test);
}

void
td_test_add_unix_func (const char *path,
                       GTestFunc   func)
{
  g_autofree char *sh = td_test_fakes_are_exes () ? NULL : g_find_program_in_path ("sh");

  if (sh != NULL)
    g_test_add_func (path, func);
  else
    td_test_add_skipped (path, "needs a Unix shell (sh, sleep and shell-script fakes): "
                         "not on Windows");
}

char *
td_test_source_path (const char *first,
                     ...)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;
  const char *part;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}
