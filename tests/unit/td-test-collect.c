/* td-test-collect.c — collected files assembled the way the help-desk
 * batch file writes them, and the live collection of the same programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-async.h"
#include "td-host-collect.h"
#include "td-host-windows.h"
#include "td-test-collect.h"
#include "td-test-fakes.h"

static void
append (GByteArray *file,
        const char *text)
{
  g_byte_array_append (file, (const guint8 *) text, (guint) strlen (text));
}

static void
append_line (GByteArray *file,
             const char *line)
{
  append (file, line);
  append (file, "\r\n");
}

/* What the scenario's fake prints for @argv, stdout and stderr merged. */
static GBytes *
run_fake (const char         *dir,
          const char * const *argv,
          int                *out_status)
{
  g_autofree char *program = td_test_fakes_program (dir, argv[0]);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  GBytes *out = NULL;

  if (g_str_equal (argv[0], "ver"))
    {
      *out_status = 0;
      return g_bytes_new_static (TD_TEST_VER_OUTPUT, strlen (TD_TEST_VER_OUTPUT));
    }
  if (program == NULL)
    {
      char *text = g_strdup_printf ("'%s' is not recognized as an internal or external command,\r\n"
                                    "operable program or batch file.\r\n", argv[0]);

      *out_status = 9009;
      return g_bytes_new_take (text, strlen (text));
    }
  g_ptr_array_add (args, program);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  out = td_test_fakes_run_merged ((const char * const *) args->pdata, out_status);
  return out;
}

static void
section (GByteArray         *file,
         const char         *dir,
         const char * const *argv)
{
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  g_autofree char *begin = g_strdup_printf ("[teredo-doctor] begin command=%s", command);
  g_autofree char *end = NULL;
  g_autoptr(GBytes) output = NULL;
  int status = 0;

  output = run_fake (dir, argv, &status);
  end = g_strdup_printf ("[teredo-doctor] end exit=%d command=%s", status, command);
  append_line (file, begin);
  g_byte_array_append (file, g_bytes_get_data (output, NULL), (guint) g_bytes_get_size (output));
  append (file, "\r\n");
  append_line (file, end);
}

GBytes *
td_test_collect_file (const char *scenario_dir,
                      const char *computer,
                      gboolean    elevated)
{
  const char * const * const *commands = td_host_windows_get_commands ();
  static const char * const ver[] = { "ver", NULL };
  GByteArray *file = g_byte_array_new ();
  g_autofree char *name = g_strdup_printf ("[teredo-doctor] computer=%s", computer);

  g_assert_true (g_file_test (scenario_dir, G_FILE_TEST_IS_DIR));
  append_line (file, "[teredo-doctor] collect version=1");
  append_line (file, name);
  append_line (file, "[teredo-doctor] date=Thu 11/26/2026");
  append_line (file, "[teredo-doctor] time=12:34:56.78");
  append_line (file, elevated ? "[teredo-doctor] elevated=yes" : "[teredo-doctor] elevated=no");
  /* The batch file's order: chcp, ver, then the rest of the table. */
  g_assert_cmpstr (commands[0][0], ==, "chcp");
  section (file, scenario_dir, commands[0]);
  section (file, scenario_dir, ver);
  for (guint i = 1; commands[i] != NULL; i++)
    section (file, scenario_dir, commands[i]);
  append_line (file, "[teredo-doctor] complete");
  return g_byte_array_free_to_bytes (file);
}

GBytes *
td_test_to_utf16le (GBytes *utf8)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *wide = g_convert (g_bytes_get_data (utf8, NULL), (gssize) g_bytes_get_size (utf8),
                                     "UTF-16LE", "UTF-8", NULL, &len, &error);
  GByteArray *out = g_byte_array_new ();

  g_assert_no_error (error);
  g_byte_array_append (out, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (out, (const guint8 *) wide, (guint) len);
  return g_byte_array_free_to_bytes (out);
}

TdHost *
td_test_collect_live (const char *scenario_dir)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TdHost *host;

  td_test_fakes_enter (scenario_dir);
  td_host_collect_async (TD_PLATFORM_WINDOWS, NULL, td_async_keep_result, &result);
  host = td_host_collect_finish (td_async_wait (&result), &error);
  td_test_fakes_leave ();
  g_assert_no_error (error);
  g_assert_nonnull (host);
  return host;
}

char *
td_test_make_scenario (const char *scenario_sh)
{
  static const char * const programs[] = { "chcp", "netsh", "ipconfig", "sc", "reg" };
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  char *dir = g_dir_make_tmp ("td-remote-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    td_test_fakes_add (dir, programs[i]);
  script = g_build_filename (dir, "scenario.sh", NULL);
  g_file_set_contents (script, scenario_sh, -1, &error);
  g_assert_no_error (error);
  return dir;
}

void
td_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}
