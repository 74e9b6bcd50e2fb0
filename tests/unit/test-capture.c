/* test-capture.c — the help-desk capture reader on every fixture, encoding, paste form and bad input
 *
 * Collected files are assembled here exactly the way
 * data/teredo-doctor-collect.bat writes them (marker lines, the output, one
 * empty line, CRLF), from every command-output fixture of
 * tests/data/windows and from the outputs of the fake-Windows scenarios'
 * programs, in UTF-8, UTF-16LE and (for zh-CN outputs) CP936; the reader
 * must give back exactly each command's output.  Pastes come with and
 * without prompts, abbreviated, twice, several at once.  The batch file
 * itself is checked too: the commands it runs, and that none changes
 * anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "td-capture.h"
#include "td-console-decode.h"
#include "td-error.h"
#include "td-host-windows.h"
#include "td-test-fakes.h"

/* The batch file's commands: the live collector's own table
 * (td_host_windows_get_commands(), with the chcp it runs first and its XP
 * fallback), with `ver` after chcp.  Built in main(). */
static char **collector_commands;

static char **
build_batch_commands (void)
{
  const char * const * const *table = td_host_windows_get_commands ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* The code page first: it says how to read every byte after it. */
  g_assert_cmpstr (table[0][0], ==, "chcp");
  g_assert_null (table[0][1]);
  g_strv_builder_add (builder, "chcp");
  g_strv_builder_add (builder, "ver");
  for (guint i = 1; table[i] != NULL; i++)
    {
      g_autofree char *line = g_strjoinv (" ", (char **) table[i]);

      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

#define CMD_TEREDO     "netsh interface teredo show state"
#define CMD_TEREDO_XP  "netsh interface ipv6 show teredo"
#define CMD_PNRP       "netsh p2p pnrp cloud show list"
#define CMD_IPCONFIG   "ipconfig /all"
#define CMD_FIREWALL   "netsh advfirewall show allprofiles state"
#define CMD_REG_DC     "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters /v DisabledComponents"
#define CMD_REG_TEREDO "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Teredo"
#define CMD_REG_POLICY "reg query HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition"
#define CMD_REG_WOW    "reg query HKLM\\SOFTWARE\\WOW6432Node\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition"
#define CMD_REG_DOMAIN "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters /v Domain"

#define VER_OUTPUT "\r\nMicrosoft Windows [Version 10.0.19045.3570]\r\n"

typedef enum {
  ENC_UTF8,
  ENC_UTF16LE,
  ENC_CP936,
} Encoding;

static const char * const encoding_names[] = { "utf-8", "utf-16le", "cp936" };

/* ---- helpers ------------------------------------------------------------- */

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Drops the leading '#' provenance lines of a fixture. */
static const char *
skip_header (const char *contents)
{
  const char *p = contents;

  while (*p == '#')
    {
      const char *nl = strchr (p, '\n');

      if (nl == NULL)
        return p + strlen (p);
      p = nl + 1;
    }
  return p;
}

/* What the reader promises for an output: every line end (CR* LF, a lone
 * CR) becomes LF and every line ends with one. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          const char *q = p;

          while (*q == '\r')
            q++;
          if (*q == '\n')
            p = q;
          g_string_append_c (out, '\n');
        }
      else
        g_string_append_c (out, *p);
    }
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* The same, without blank lines at both ends: what a paste keeps. */
static char *
normalize_trimmed (const char *text)
{
  g_autofree char *n = normalize (text);
  g_auto(GStrv) lines = g_strsplit (n, "\n", -1);
  guint len = g_strv_length (lines);
  guint start = 0, end = len;
  GString *out = g_string_new (NULL);

  while (start < end && lines[start][strspn (lines[start], " \t")] == '\0')
    start++;
  while (end > start && lines[end - 1][strspn (lines[end - 1], " \t")] == '\0')
    end--;
  for (guint i = start; i < end; i++)
    g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

static GStrv
argv_of (const char *command_line)
{
  return g_strsplit (command_line, " ", -1);
}

static const TdCaptureOutput *
lookup (const TdCapture *capture,
        const char      *command_line)
{
  g_auto(GStrv) argv = argv_of (command_line);

  return td_capture_lookup (capture, (const char * const *) argv);
}

static gboolean
has_note (const TdCapture   *capture,
          TdCaptureNoteKind  kind,
          const char        *command)
{
  for (guint i = 0; i < capture->notes->len; i++)
    {
      const TdCaptureNote *note = g_ptr_array_index (capture->notes, i);

      if (note->kind == kind && (command == NULL || g_strcmp0 (note->command, command) == 0))
        return TRUE;
    }
  return FALSE;
}

static TdCapture *
parse_text (const char  *text,
            GError     **error)
{
  return td_capture_parse ((const guint8 *) text, strlen (text), error);
}

/* Every promise of an accepted capture. */
static void
check_invariants (const TdCapture *capture)
{
  g_autofree char *summary = td_capture_dup_summary (capture);

  g_assert_nonnull (capture->encoding);
  g_assert_cmpuint (capture->outputs->len, >, 0);
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  for (guint i = 0; i < capture->outputs->len; i++)
    {
      const TdCaptureOutput *output = g_ptr_array_index (capture->outputs, i);
      gsize len = strlen (output->output);
      g_autofree char *line = g_strjoinv (" ", output->argv);

      g_assert_true (g_strv_contains (td_capture_command_lines (), line));
      g_assert_true (g_utf8_validate (output->output, -1, NULL));
      g_assert_true (len == 0 || output->output[len - 1] == '\n');
      g_assert_null (strchr (output->output, '\r'));
      g_assert_cmpuint (output->line, >, 0);
    }
  for (guint i = 0; i < capture->notes->len; i++)
    {
      const TdCaptureNote *note = g_ptr_array_index (capture->notes, i);

      g_assert_true (g_utf8_validate (note->message, -1, NULL));
      g_assert_cmpstr (td_capture_note_kind_to_string (note->kind), !=, NULL);
    }
}

/* ---- assembling a collected file like the batch file ---------------------- */

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

static GByteArray *
file_begin (const char *computer,
            gboolean    elevated)
{
  GByteArray *file = g_byte_array_new ();
  g_autofree char *line = g_strdup_printf ("[teredo-doctor] computer=%s", computer);

  append_line (file, "[teredo-doctor] collect version=1");
  append_line (file, line);
  append_line (file, "[teredo-doctor] date=Thu 11/26/2026");
  append_line (file, "[teredo-doctor] time=12:34:56.78");
  append_line (file, elevated ? "[teredo-doctor] elevated=yes" : "[teredo-doctor] elevated=no");
  return file;
}

/* "begin", the output as it is, the batch file's empty line, "end". */
static void
file_section (GByteArray   *file,
              const char   *command,
              const guint8 *output,
              gsize         length,
              int           exit_status)
{
  g_autofree char *begin = g_strdup_printf ("[teredo-doctor] begin command=%s", command);
  g_autofree char *end = g_strdup_printf ("[teredo-doctor] end exit=%d command=%s", exit_status, command);

  append_line (file, begin);
  g_byte_array_append (file, output, (guint) length);
  append (file, "\r\n");
  append_line (file, end);
}

static void
file_text_section (GByteArray *file,
                   const char *command,
                   const char *output,
                   int         exit_status)
{
  file_section (file, command, (const guint8 *) output, strlen (output), exit_status);
}

static GBytes *
file_end (GByteArray *file)
{
  append_line (file, "[teredo-doctor] complete");
  return g_byte_array_free_to_bytes (file);
}

static char *
convert_or_null (const char *text,
                 gssize      length,
                 const char *to,
                 gsize      *out_length)
{
  g_autoptr(GError) error = NULL;
  char *converted = g_convert (text, length, to, "UTF-8", NULL, out_length, &error);

  if (error != NULL)
    g_clear_pointer (&converted, g_free);
  return converted;
}

/* The whole file in UTF-16LE with a BOM, as PowerShell's ">" writes it. */
static GBytes *
to_utf16le (GBytes *utf8)
{
  gsize len = 0;
  g_autofree char *converted = convert_or_null (g_bytes_get_data (utf8, NULL),
                                                (gssize) g_bytes_get_size (utf8), "UTF-16LE", &len);
  GByteArray *out = g_byte_array_new ();

  g_assert_nonnull (converted);
  g_byte_array_append (out, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (out, (const guint8 *) converted, (guint) len);
  return g_byte_array_free_to_bytes (out);
}

static gboolean
has_non_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return TRUE;
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* ---- which command a fixture is the output of ------------------------------ */

static const char *
fixture_command (const char *name)
{
  if (g_str_has_prefix (name, "teredo-state-xp-"))
    return CMD_TEREDO_XP;
  if (g_str_has_prefix (name, "teredo-state-"))
    return CMD_TEREDO;
  if (g_str_has_prefix (name, "ipconfig-"))
    return CMD_IPCONFIG;
  if (g_str_has_prefix (name, "netsh-advfirewall-"))
    return CMD_FIREWALL;
  if (g_str_has_prefix (name, "pnrp-"))
    return CMD_PNRP;
  if (g_str_has_prefix (name, "sc-query-and-qc-mpssvc"))
    return "sc query MpsSvc";
  if (g_str_has_prefix (name, "sc-query-iphlpsvc"))
    return "sc query iphlpsvc";
  if (g_str_has_prefix (name, "sc-qc-iphlpsvc"))
    return "sc qc iphlpsvc";
  /* Errors and other services still answer one of the collector's
   * questions in a collected file: the markers say which. */
  if (g_str_has_prefix (name, "sc-qc-"))
    return "sc qc BFE";
  if (g_str_has_prefix (name, "sc-query-"))
    return "sc query BFE";
  if (g_str_has_prefix (name, "reg-query-tcpip6") || g_str_has_prefix (name, "reg-query-not-found"))
    return CMD_REG_DC;
  if (g_str_has_prefix (name, "reg-query-iphlpsvc"))
    return CMD_REG_TEREDO;
  if (g_str_has_prefix (name, "reg-query-v6transition"))
    return CMD_REG_POLICY;
  if (g_str_has_prefix (name, "reg-query-access-denied"))
    return CMD_REG_WOW;
  if (g_str_has_prefix (name, "reg-query-"))
    return CMD_REG_DOMAIN;
  return NULL;
}

/* The command line a non-collector fixture came from, for its section. */
static const char *
other_command (const char *name)
{
  if (g_str_has_prefix (name, "netsh-int-ipv6-show-int"))
    return "netsh interface ipv6 show interface";
  if (g_str_has_prefix (name, "netsh-int-ipv6-show-route"))
    return "netsh interface ipv6 show route";
  if (g_str_has_prefix (name, "pteredor-"))
    return "pteredor.exe";
  return "type notes.txt";
}

typedef struct {
  char     *path;
  char     *name;      /* without .txt */
  Encoding  encoding;
} FixtureCase;

static void
fixture_case_free (FixtureCase *fc)
{
  g_free (fc->path);
  g_free (fc->name);
  g_free (fc);
}

/* The fixture in a collected file of its own, with chcp and ver before it
 * as the batch file runs them. */
static void
test_fixture_in_file (gconstpointer user_data)
{
  const FixtureCase *fc = user_data;
  g_autofree char *contents = read_text (fc->path);
  const char *text = skip_header (contents);
  const char *command = fixture_command (fc->name);
  const char *section_command = command ? command : other_command (fc->name);
  g_autoptr(GByteArray) file = file_begin ("DESKTOP-7Q2K3LM", TRUE);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = NULL;
  g_autofree char *expected = normalize (text);
  const TdCaptureOutput *output;

  if (fc->encoding == ENC_CP936)
    {
      gsize len = 0;
      g_autofree char *gbk = convert_or_null (text, -1, "CP936", &len);
      g_autofree char *chcp = convert_or_null ("活动代码页: 936\r\n", -1, "CP936", NULL);

      if (gbk == NULL)
        {
          g_test_skip ("the fixture has characters CP936 lacks");
          return;
        }
      file_text_section (file, "chcp", chcp, 0);
      file_text_section (file, "ver", VER_OUTPUT, 0);
      file_section (file, section_command, (const guint8 *) gbk, len, 0);
    }
  else
    {
      file_text_section (file, "chcp", "Active code page: 65001\r\n", 0);
      file_text_section (file, "ver", VER_OUTPUT, 0);
      file_text_section (file, section_command, text, 0);
    }
  bytes = file_end (g_steal_pointer (&file));
  if (fc->encoding == ENC_UTF16LE)
    {
      GBytes *wide = to_utf16le (bytes);

      g_bytes_unref (bytes);
      bytes = wide;
    }

  capture = td_capture_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_cmpint (capture->source, ==, TD_CAPTURE_SOURCE_FILE);
  g_assert_true (capture->complete);
  g_assert_cmpstr (capture->host_name, ==, "DESKTOP-7Q2K3LM");
  g_assert_cmpstr (capture->collected_at, ==, "Thu 11/26/2026 12:34:56.78");
  g_assert_cmpint (capture->elevation, ==, TD_CAPTURE_ELEVATION_YES);
  g_assert_cmpstr (capture->windows_version, ==, "10.0.19045.3570");
  g_assert_cmpstr (capture->codepage, ==, fc->encoding == ENC_CP936 ? "936" : "65001");
  g_assert_cmpstr (capture->encoding, ==,
                   fc->encoding == ENC_UTF16LE ? "UTF-16LE"
                   : fc->encoding == ENC_CP936 && has_non_ascii (text) ? "CP936" : "UTF-8");
  g_assert_false (capture->encoding_guessed);

  if (command == NULL)
    {
      /* Not a command the collector runs: named in a note, never an output. */
      g_assert_true (has_note (capture, TD_CAPTURE_NOTE_OTHER_COMMAND, section_command));
      g_assert_cmpuint (capture->outputs->len, ==, 2);
      return;
    }
  output = lookup (capture, command);
  g_assert_nonnull (output);
  g_assert_cmpstr (output->output, ==, expected);
  g_assert_cmpstr (output->typed, ==, command);
  g_assert_true (output->exact);
  g_assert_true (output->exit_known);
  g_assert_cmpint (output->exit_status, ==, 0);
  g_assert_cmpint (output->found_by, ==, TD_CAPTURE_FOUND_BY_MARKER);
  g_assert_true (output->complete);
  g_assert_false (output->superseded);
  g_assert_cmpuint (capture->outputs->len, ==, 3);
}

/* Every collector fixture in one file, in name order: several sections of
 * the same command, the last one current, and each given back exactly. */
static void
test_all_fixtures_in_one_file (gconstpointer user_data)
{
  Encoding encoding = GPOINTER_TO_INT (user_data);
  g_autofree char *dir = td_test_source_path ("tests", "data", "windows", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();
  g_autoptr(GByteArray) file = file_begin ("PC", FALSE);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = NULL;
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *fixture = g_ptr_array_index (names, i);
      const char *command = fixture_command (fixture);
      g_autofree char *file_name = g_strconcat (fixture, ".txt", NULL);
      g_autofree char *path = g_build_filename (dir, file_name, NULL);
      g_autofree char *contents = NULL;
      const char *text;

      if (command == NULL)
        continue;
      contents = read_text (path);
      text = skip_header (contents);
      file_text_section (file, command, text, (int) i);
      g_ptr_array_add (expected, normalize (text));
      g_ptr_array_add (commands, (gpointer) command);
    }
  bytes = file_end (g_steal_pointer (&file));
  if (encoding == ENC_UTF16LE)
    {
      GBytes *wide = to_utf16le (bytes);

      g_bytes_unref (bytes);
      bytes = wide;
    }

  capture = td_capture_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_cmpint (capture->elevation, ==, TD_CAPTURE_ELEVATION_NO);
  g_assert_cmpuint (capture->outputs->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const TdCaptureOutput *output = g_ptr_array_index (capture->outputs, i);
      g_autofree char *line = g_strjoinv (" ", output->argv);
      gboolean later = FALSE;

      g_assert_cmpstr (line, ==, g_ptr_array_index (commands, i));
      g_assert_cmpstr (output->output, ==, g_ptr_array_index (expected, i));
      for (guint j = i + 1; j < commands->len; j++)
        later |= g_str_equal (g_ptr_array_index (commands, j), g_ptr_array_index (commands, i));
      g_assert_cmpint (output->superseded, ==, later);
      if (!later)
        g_assert_true (lookup (capture, line) == output);
    }
  /* chcp and ver were not in this file, nor some sc and reg queries. */
  g_assert_true (g_strv_contains ((const char * const *) capture->missing, "chcp"));
  g_assert_true (g_strv_contains ((const char * const *) capture->missing, "sc qc MpsSvc"));
  g_assert_false (g_strv_contains ((const char * const *) capture->missing, CMD_TEREDO));
}

/* ---- the fake-Windows scenarios' programs ---------------------------------- */

/* Runs the scenario's fake for @command, as the batch file would: stdout and
 * stderr merged. */
static GBytes *
run_fake (const char *scenario_dir,
          const char *command,
          gboolean    present,
          int        *out_status)
{
  g_auto(GStrv) argv = argv_of (command);
  g_autofree char *program = td_test_fakes_program (scenario_dir, argv[0]);
  GBytes *out = NULL;

  if (g_str_equal (argv[0], "ver"))
    {
      *out_status = 0;
      return g_bytes_new_static (VER_OUTPUT, strlen (VER_OUTPUT));
    }
  if (!present)
    {
      /* What cmd says for a program that does not exist. */
      static const char message[] = "'%s' is not recognized as an internal or external command,\r\n"
                                    "operable program or batch file.\r\n";
      char *text = g_strdup_printf (message, argv[0]);

      *out_status = 9009;
      return g_bytes_new_take (text, strlen (text));
    }
  g_free (argv[0]);
  argv[0] = g_steal_pointer (&program);
  out = td_test_fakes_run_merged ((const char * const *) argv, out_status);
  return out;
}

static void
test_fake_windows (gconstpointer user_data)
{
  const char *scenario = user_data;
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", scenario, NULL);
  g_autofree char *chcp = g_build_filename (dir, "chcp", NULL);
  gboolean present = g_file_test (chcp, G_FILE_TEST_EXISTS);
  g_autofree char *cp936 = g_build_filename (dir, "chcp.cp936.txt", NULL);
  const char *hint = g_file_test (cp936, G_FILE_TEST_EXISTS) ? "936" : "437";
  g_autoptr(GByteArray) file = file_begin ("FAKE", FALSE);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autofree int *status = g_new0 (int, g_strv_length (collector_commands));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = NULL;

  for (guint i = 0; collector_commands[i] != NULL; i++)
    {
      g_autoptr(GBytes) out = run_fake (dir, collector_commands[i], present, &status[i]);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (out, &len);
      g_autofree char *decoded = td_console_decode (data, len, hint);

      file_section (file, collector_commands[i], data, len, status[i]);
      g_ptr_array_add (expected, normalize (decoded));
    }
  bytes = file_end (g_steal_pointer (&file));

  capture = td_capture_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_true (capture->complete);
  g_assert_cmpstrv (capture->missing, ((const char * const []) { NULL }));
  g_assert_cmpuint (capture->outputs->len, ==, expected->len);
  for (guint i = 0; collector_commands[i] != NULL; i++)
    {
      const TdCaptureOutput *output = lookup (capture, collector_commands[i]);

      g_assert_nonnull (output);
      g_assert_cmpstr (output->output, ==, g_ptr_array_index (expected, i));
      g_assert_true (output->exit_known);
      g_assert_cmpint (output->exit_status, ==, status[i]);
    }
  if (present)
    g_assert_cmpstr (capture->codepage, ==, hint);
}

/* ---- a real run of the batch file ---------------------------------------------- */

/* tests/data/capture/wine8-batch-file-output.txt is what the batch file
 * wrote when run by Wine 8's cmd (whose netsh and sc are stubs). */
static void
test_wine_run (void)
{
  g_autofree char *path = td_test_source_path ("tests", "data", "capture", "wine8-batch-file-output.txt", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = NULL;
  const TdCaptureOutput *ipconfig;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  capture = td_capture_parse ((const guint8 *) contents, len, &error);
  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_true (capture->complete);
  g_assert_cmpstr (capture->host_name, ==, "VM");
  g_assert_cmpstr (capture->windows_version, ==, "6.1.7601");
  g_assert_cmpint (capture->elevation, ==, TD_CAPTURE_ELEVATION_YES);
  g_assert_cmpuint (capture->outputs->len, ==, g_strv_length (collector_commands));
  for (guint i = 0; collector_commands[i] != NULL; i++)
    {
      const TdCaptureOutput *output = g_ptr_array_index (capture->outputs, i);
      g_autofree char *line = g_strjoinv (" ", output->argv);

      g_assert_cmpstr (line, ==, collector_commands[i]);
      g_assert_true (output->exit_known);
    }
  ipconfig = lookup (capture, CMD_IPCONFIG);
  g_assert_true (g_str_has_prefix (ipconfig->output, "    Hostname. . . . . . . . . . . . . : vm\n"));
  g_assert_cmpint (lookup (capture, "sc query iphlpsvc")->exit_status, ==, 1);
}

/* ---- cut-off files ----------------------------------------------------------------- */

static GBytes *
small_file (void)
{
  g_autoptr(GByteArray) file = file_begin ("PC", FALSE);

  file_text_section (file, "chcp", "Active code page: 437\r\n", 0);
  file_text_section (file, CMD_TEREDO,
                     "Teredo Parameters\r\n---------------------------------------------\r\n"
                     "Type                    : client\r\nServer Name             : win10.ipv6.microsoft.com.\r\n"
                     "Client Refresh Interval : 30 seconds\r\nClient Port             : unspecified\r\n", 0);
  file_text_section (file, CMD_IPCONFIG, "\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : pc\r\n", 0);
  return file_end (g_steal_pointer (&file));
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) whole = small_file ();
  gsize len = 0;
  const char *data = g_bytes_get_data (whole, &len);
  const char *ipconfig_begin = strstr (data, "[teredo-doctor] begin command=ipconfig");
  const char *host_line = strstr (data, "   Host Name");
  g_autoptr(GError) error = NULL;

  /* Cut inside the ipconfig section: chcp and Teredo complete, ipconfig
   * kept but flagged, the file not complete. */
  {
    g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) data, (gsize) (host_line + 10 - data),
                                                     &error);
    const TdCaptureOutput *teredo, *ipconfig;
    g_autoptr(TdCommandResult) result = NULL;

    g_assert_no_error (error);
    check_invariants (capture);
    g_assert_false (capture->complete);
    teredo = lookup (capture, CMD_TEREDO);
    g_assert_true (teredo->complete);
    g_assert_true (g_str_has_suffix (teredo->output, "Client Port             : unspecified\n"));
    ipconfig = lookup (capture, CMD_IPCONFIG);
    g_assert_false (ipconfig->complete);
    g_assert_false (ipconfig->exit_known);
    g_assert_true (g_str_has_suffix (ipconfig->output, "   Host Na\n"));
    g_assert_true (has_note (capture, TD_CAPTURE_NOTE_TRUNCATED, CMD_IPCONFIG));
    g_assert_true (has_note (capture, TD_CAPTURE_NOTE_TRUNCATED, NULL));
    /* The collector gets a failure for the cut output, not half of it. */
    result = td_capture_command_result (capture, (const char * const *) ipconfig->argv);
    g_assert_error (result->error, TD_ERROR, TD_ERROR_PARSE);
  }
  /* Cut between sections: everything before is complete. */
  {
    g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) data, (gsize) (ipconfig_begin - data),
                                                     &error);

    g_assert_no_error (error);
    g_assert_false (capture->complete);
    g_assert_true (lookup (capture, CMD_TEREDO)->complete);
    g_assert_null (lookup (capture, CMD_IPCONFIG));
    g_assert_true (g_strv_contains ((const char * const *) capture->missing, CMD_IPCONFIG));
  }
  /* Cut before the first section: nothing to read, and the message says why. */
  {
    const char *first = strstr (data, "[teredo-doctor] begin");
    g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) data, (gsize) (first - data), &error);

    g_assert_null (capture);
    g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "cut off"));
    g_clear_error (&error);
  }
  /* A UTF-16 file cut in the middle of a character. */
  {
    g_autoptr(GBytes) wide = to_utf16le (whole);
    gsize wide_len = 0;
    const guint8 *wide_data = g_bytes_get_data (wide, &wide_len);
    g_autoptr(TdCapture) capture = td_capture_parse (wide_data, wide_len - 41, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (capture->encoding, ==, "UTF-16LE");
    g_assert_true (lookup (capture, CMD_TEREDO)->complete);
  }
}

static void
test_command_result (void)
{
  g_autoptr(GBytes) whole = small_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = td_capture_parse (g_bytes_get_data (whole, NULL), g_bytes_get_size (whole),
                                                   &error);
  g_auto(GStrv) teredo = argv_of (CMD_TEREDO);
  g_auto(GStrv) firewall = argv_of (CMD_FIREWALL);
  g_autoptr(TdCommandResult) present = td_capture_command_result (capture, (const char * const *) teredo);
  g_autoptr(TdCommandResult) absent = td_capture_command_result (capture, (const char * const *) firewall);

  g_assert_no_error (error);
  g_assert_null (present->error);
  g_assert_true (present->exited);
  g_assert_cmpint (present->exit_status, ==, 0);
  g_assert_true (g_str_has_prefix (present->stdout_text, "Teredo Parameters\n"));
  g_assert_cmpstrv (present->argv, teredo);
  g_assert_error (absent->error, TD_ERROR, TD_ERROR_NOT_FOUND);
  g_assert_false (absent->exited);
  g_assert_null (absent->stdout_text);
}

/* ---- pastes ------------------------------------------------------------------ */

static char *
fixture_text (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = td_test_source_path ("tests", "data", "windows", file, NULL);
  g_autofree char *contents = read_text (path);

  return g_strdup (skip_header (contents));
}

#define TEREDO_QUALIFIED \
  "Teredo Parameters\r\n" \
  "---------------------------------------------\r\n" \
  "Type                    : enterpriseclient\r\n" \
  "Server Name             : win1910.ipv6.microsoft.com.\r\n" \
  "Client Refresh Interval : 30 seconds\r\n" \
  "Client Port             : unspecified\r\n" \
  "State                   : qualified\r\n" \
  "Client Type             : teredo client\r\n" \
  "Network                 : unmanaged\r\n" \
  "NAT                     : cone\r\n" \
  "NAT Special Behaviour   : UPNP: Yes, PortPreserving: Yes\r\n" \
  "Local Mapping           : 192.168.0.218:52865\r\n" \
  "External NAT Mapping    : 23.88.128.149:52865\r\n"

#define TEREDO_PROBE \
  "Teredo Parameters\r\n" \
  "---------------------------------------------\r\n" \
  "Type                    : enterpriseclient\r\n" \
  "Server Name             : win1910.ipv6.microsoft.com.\r\n" \
  "Client Refresh Interval : 30 seconds\r\n" \
  "Client Port             : unspecified\r\n" \
  "State                   : probe (primary server)\r\n"

#define IPCONFIG_OUTPUT \
  "\r\nWindows IP Configuration\r\n\r\n" \
  "   Host Name . . . . . . . . . . . . : DESKTOP-7Q2K3LM\r\n" \
  "   Primary Dns Suffix  . . . . . . . :\r\n\r\n" \
  "Tunnel adapter Teredo Tunneling Pseudo-Interface:\r\n\r\n" \
  "   Description . . . . . . . . . . . : Teredo Tunneling Pseudo-Interface\r\n" \
  "   IPv6 Address. . . . . . . . . . . : 2001:0:9d38:90d7:14c4:51a:b355:1da(Preferred)\r\n" \
  "   Default Gateway . . . . . . . . . : ::\r\n"

#define FIREWALL_OUTPUT \
  "\r\nDomain Profile Settings:\r\n" \
  "----------------------------------------------------------------------\r\n" \
  "State                                 ON\r\n\r\n" \
  "Private Profile Settings:\r\n" \
  "----------------------------------------------------------------------\r\n" \
  "State                                 ON\r\n\r\n" \
  "Public Profile Settings:\r\n" \
  "----------------------------------------------------------------------\r\n" \
  "State                                 OFF\r\nOk.\r\n\r\n"

#define SC_QUERY_OUTPUT \
  "\r\nSERVICE_NAME: iphlpsvc\r\n" \
  "        TYPE               : 30  WIN32\r\n" \
  "        STATE              : 4  RUNNING\r\n" \
  "                                (STOPPABLE, PAUSABLE, ACCEPTS_SHUTDOWN)\r\n" \
  "        WIN32_EXIT_CODE    : 0  (0x0)\r\n"

#define SC_QC_OUTPUT \
  "[SC] QueryServiceConfig SUCCESS\r\n\r\n" \
  "SERVICE_NAME: MpsSvc\r\n" \
  "        TYPE               : 20  WIN32_SHARE_PROCESS\r\n" \
  "        START_TYPE         : 2   AUTO_START\r\n" \
  "        DEPENDENCIES       : mpsdrv\r\n" \
  "                           : bfe\r\n"

#define REG_DC_OUTPUT \
  "\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters\r\n" \
  "    DisabledComponents    REG_DWORD    0x20\r\n\r\n"

#define REG_POLICY_OUTPUT \
  "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition\r\n" \
  "    Teredo_State    REG_SZ    Disabled\r\n\r\n" \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition\\IPHTTPS\r\n"

#define PNRP_OUTPUT \
  "Scope  Id     Addr   State         Name\r\n" \
  "-----  -----  -----  ----------------  -----\r\n" \
  "    3      8      1  Active            LinkLocal_2001:4898:28:2::/64\r\n" \
  "    1      0      2  Active            Global_\r\n"

static void
assert_output (const TdCapture  *capture,
               const char       *command,
               const char       *raw,
               TdCaptureFoundBy  found_by)
{
  const TdCaptureOutput *output = lookup (capture, command);
  g_autofree char *expected = normalize_trimmed (raw);

  g_assert_nonnull (output);
  g_assert_cmpstr (output->output, ==, expected);
  g_assert_cmpint (output->found_by, ==, found_by);
  g_assert_false (output->exit_known);
}

static void
test_paste_with_prompts (void)
{
  const char *text =
    "C:\\Users\\x>netsh interface teredo show state\r\n" TEREDO_QUALIFIED "\r\n"
    "C:\\Users\\x>ipconfig /all\r\n" IPCONFIG_OUTPUT "\r\n"
    "C:\\Users\\x>sc query iphlpsvc\r\n" SC_QUERY_OUTPUT "\r\n"
    "C:\\Users\\x>reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters /v DisabledComponents\r\n"
    REG_DC_OUTPUT "\r\n"
    "C:\\Users\\x>";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = parse_text (text, &error);
  const TdCaptureOutput *teredo;
  g_autofree char *summary = NULL;

  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_cmpint (capture->source, ==, TD_CAPTURE_SOURCE_PASTE);
  g_assert_cmpint (capture->elevation, ==, TD_CAPTURE_ELEVATION_UNKNOWN);
  g_assert_cmpstr (capture->encoding, ==, "UTF-8");
  g_assert_cmpuint (capture->outputs->len, ==, 4);
  assert_output (capture, CMD_TEREDO, TEREDO_QUALIFIED, TD_CAPTURE_FOUND_BY_PROMPT);
  assert_output (capture, CMD_IPCONFIG, IPCONFIG_OUTPUT, TD_CAPTURE_FOUND_BY_PROMPT);
  assert_output (capture, "sc query iphlpsvc", SC_QUERY_OUTPUT, TD_CAPTURE_FOUND_BY_PROMPT);
  assert_output (capture, CMD_REG_DC, REG_DC_OUTPUT, TD_CAPTURE_FOUND_BY_PROMPT);
  teredo = lookup (capture, CMD_TEREDO);
  g_assert_cmpstr (teredo->typed, ==, CMD_TEREDO);
  g_assert_true (teredo->exact);
  g_assert_cmpuint (teredo->line, ==, 1);
  g_assert_cmpuint (capture->notes->len, ==, 0);
  /* The Teredo state is there; what else the diagnosis reads is not. */
  g_assert_true (g_strv_contains ((const char * const *) capture->missing, CMD_FIREWALL));
  g_assert_false (g_strv_contains ((const char * const *) capture->missing, CMD_TEREDO));
  g_assert_false (g_strv_contains ((const char * const *) capture->missing, "chcp"));
  summary = td_capture_dup_summary (capture);
  g_assert_true (g_str_has_prefix (summary, "Found: netsh interface teredo show state, ipconfig /all"));
  g_assert_nonnull (strstr (summary, "Missing: netsh p2p pnrp cloud show list"));
}

static void
test_paste_without_prompts (void)
{
  const char *text =
    "Microsoft Windows [Version 10.0.22631.4169]\r\n(c) Microsoft Corporation. All rights reserved.\r\n\r\n"
    "Active code page: 850\r\n\r\n"
    TEREDO_QUALIFIED "\r\n"
    IPCONFIG_OUTPUT "\r\n"
    FIREWALL_OUTPUT
    PNRP_OUTPUT "\r\n"
    SC_QUERY_OUTPUT
    SC_QC_OUTPUT
    REG_DC_OUTPUT
    REG_POLICY_OUTPUT;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = parse_text (text, &error);
  static const char * const order[] = {
    "ver", "chcp", CMD_TEREDO, CMD_IPCONFIG, CMD_FIREWALL, CMD_PNRP, "sc query iphlpsvc", "sc qc MpsSvc",
    CMD_REG_DC, CMD_REG_POLICY,
  };

  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_cmpuint (capture->outputs->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const TdCaptureOutput *output = g_ptr_array_index (capture->outputs, i);
      g_autofree char *line = g_strjoinv (" ", output->argv);

      g_assert_cmpstr (line, ==, order[i]);
      g_assert_cmpint (output->found_by, ==, TD_CAPTURE_FOUND_BY_SHAPE);
      g_assert_false (output->exact);
      g_assert_null (output->typed);
    }
  assert_output (capture, CMD_TEREDO, TEREDO_QUALIFIED, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, CMD_IPCONFIG, IPCONFIG_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, CMD_FIREWALL, FIREWALL_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, CMD_PNRP, PNRP_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, "sc query iphlpsvc", SC_QUERY_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, "sc qc MpsSvc", SC_QC_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, CMD_REG_DC, REG_DC_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  assert_output (capture, CMD_REG_POLICY, REG_POLICY_OUTPUT, TD_CAPTURE_FOUND_BY_SHAPE);
  g_assert_cmpstr (capture->windows_version, ==, "10.0.22631.4169");
  g_assert_cmpstr (capture->windows_version_line, ==, "Microsoft Windows [Version 10.0.22631.4169]");
  g_assert_cmpstr (capture->codepage, ==, "850");
  g_assert_cmpuint (capture->notes->len, ==, 0);
}

/* zh-CN labels, in UTF-8 and in CP936 with and without chcp. */
static void
test_paste_zh_cn (void)
{
  g_autofree char *teredo = fixture_text ("teredo-state-zh-cn-client-gp-qualified-restricted-upnp-no-portpreserving-yes");
  g_autofree char *text = g_strdup_printf ("%s\r\n", teredo);
  g_autofree char *with_chcp = g_strdup_printf ("活动代码页: 936\r\n\r\n%s", teredo);
  const char *inputs[] = { text, with_chcp };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    for (guint gbk = 0; gbk < 2; gbk++)
      {
        g_autoptr(GError) error = NULL;
        gsize len = strlen (inputs[i]);
        g_autofree char *bytes = gbk ? convert_or_null (inputs[i], -1, "CP936", &len) : g_strdup (inputs[i]);
        g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) bytes, len, &error);
        g_autofree char *expected = normalize_trimmed (teredo);
        const TdCaptureOutput *output;

        g_assert_no_error (error);
        check_invariants (capture);
        output = lookup (capture, CMD_TEREDO);
        g_assert_nonnull (output);
        g_assert_cmpstr (output->output, ==, expected);
        g_assert_cmpstr (capture->encoding, ==, gbk ? "CP936" : "UTF-8");
        /* Without chcp the code page is a guess, and the guess is right. */
        g_assert_cmpint (capture->encoding_guessed, ==, gbk && i == 0);
        if (i == 1)
          g_assert_cmpstr (capture->codepage, ==, "936");
      }
}

typedef struct {
  const char *typed;
  const char *command;   /* NULL: not one of ours */
  gboolean    exact;
} Typed;

static void
test_paste_abbreviations (void)
{
  static const Typed cases[] = {
    { "netsh int ter sh st", CMD_TEREDO, TRUE },
    { "NETSH INT TEREDO SHOW STATE", CMD_TEREDO, TRUE },
    { "netsh interface ipv6 show teredo", CMD_TEREDO_XP, TRUE },
    { "netsh int ipv6 sh ter", CMD_TEREDO_XP, TRUE },
    { "netsh p2p pnrp cloud show list", CMD_PNRP, TRUE },
    { "NETSH P2P PNRP CL SH ST *", CMD_PNRP, FALSE },
    { "ipconfig -all", CMD_IPCONFIG, TRUE },
    { "IPCONFIG /ALL | more", CMD_IPCONFIG, TRUE },
    { "C:\\Windows\\System32\\ipconfig.exe /all", CMD_IPCONFIG, TRUE },
    { "ipconfig", CMD_IPCONFIG, FALSE },
    { "netsh advfirewall show allprofiles state", CMD_FIREWALL, TRUE },
    { "netsh advfirewall show currentprofile", CMD_FIREWALL, FALSE },
    { "sc qc mpssvc", "sc qc MpsSvc", TRUE },
    { "sc queryex BFE", "sc query BFE", FALSE },
    { "reg query \"HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters\" /v DisabledComponents",
      CMD_REG_DC, TRUE },
    { "reg query HKLM\\System\\CurrentControlSet\\Services\\Tcpip6\\Parameters", CMD_REG_DC, FALSE },
    { "reg query hklm\\system\\currentcontrolset\\services\\iphlpsvc\\teredo\\", CMD_REG_TEREDO, TRUE },
    { "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters /v Domain 2>&1", CMD_REG_DOMAIN, TRUE },
    { "chcp", "chcp", TRUE },
    { "chcp 65001", "chcp", FALSE },
    { "ver", "ver", TRUE },
    { "netsh int ter set state enterpriseclient", NULL, FALSE },
    { "netsh int ipv6 show route", NULL, FALSE },
    { "sc query IKEEXT", NULL, FALSE },
    { "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters /v Other", NULL, FALSE },
    { "ping -6 ipv6.google.com", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("C:\\>%s\r\nsome output line\r\n\r\nC:\\>", cases[i].typed);
      g_autoptr(GError) error = NULL;
      g_autoptr(TdCapture) capture = parse_text (text, &error);

      g_test_message ("typed: %s", cases[i].typed);
      if (cases[i].command == NULL)
        {
          g_assert_null (capture);
          g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
          g_assert_nonnull (strstr (error->message, cases[i].typed));
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (capture->outputs->len, ==, 1);
      {
        const TdCaptureOutput *output = lookup (capture, cases[i].command);

        g_assert_nonnull (output);
        g_assert_cmpstr (output->typed, ==, cases[i].typed);
        g_assert_cmpint (output->exact, ==, cases[i].exact);
        g_assert_cmpstr (output->output, ==, "some output line\n");
        g_assert_cmpint (output->found_by, ==, TD_CAPTURE_FOUND_BY_PROMPT);
      }
    }
}

/* The same command twice: the last output is the state now. */
static void
test_paste_twice (void)
{
  const char *text =
    "PS C:\\Windows\\system32> netsh int ter sh st\n" TEREDO_PROBE "\n"
    "PS C:\\Windows\\system32> netsh int ter sh st\n" TEREDO_QUALIFIED "\n"
    "PS C:\\Windows\\system32> ";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = parse_text (text, &error);
  const TdCaptureOutput *first, *last;

  g_assert_no_error (error);
  g_assert_cmpuint (capture->outputs->len, ==, 2);
  first = g_ptr_array_index (capture->outputs, 0);
  last = g_ptr_array_index (capture->outputs, 1);
  g_assert_true (first->superseded);
  g_assert_false (last->superseded);
  g_assert_true (lookup (capture, CMD_TEREDO) == last);
  g_assert_nonnull (strstr (last->output, "State                   : qualified\n"));
  g_assert_nonnull (strstr (first->output, "probe (primary server)"));
  /* Prompts at C:\Windows\system32: an administrator's, most likely. */
  g_assert_cmpint (capture->elevation, ==, TD_CAPTURE_ELEVATION_LIKELY);
}

/* Prompts and bare outputs mixed; a command Teredo Doctor does not read;
 * XP syntax; netsh's interactive prompt; a second output without its
 * prompt after a typed one. */
static void
test_paste_mixed (void)
{
  const char *text =
    "C:\\test>netsh int ter set state natawareclient\r\n"
    "参数错误。\r\n\r\n"
    "C:\\test>netsh interface ipv6 show teredo\r\n"
    "Teredo Parameters\r\n---------------------------------------------\r\n"
    "Type                    : client\r\nServer Name             : teredo.ipv6.microsoft.com\r\n"
    "Client Refresh Interval : default\r\nClient Port             : default\r\n"
    "State                   : probe(cone)\r\nType                    : teredo client\r\n"
    "Network                 : unmanaged\r\nNAT                     : cone\r\n"
    IPCONFIG_OUTPUT
    "\r\nnetsh p2p pnrp cloud>show list\r\n" PNRP_OUTPUT "\r\n"
    "C:\\test>sc qc BFE\r\n[SC] OpenService FAILED 5:\r\n\r\nAccess is denied.\r\n\r\n"
    "Thanks for your help!\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = parse_text (text, &error);
  const TdCaptureOutput *xp, *ipconfig, *pnrp, *bfe;

  g_assert_no_error (error);
  check_invariants (capture);
  g_assert_cmpuint (capture->outputs->len, ==, 4);
  g_assert_true (has_note (capture, TD_CAPTURE_NOTE_OTHER_COMMAND, "netsh int ter set state natawareclient"));
  xp = lookup (capture, CMD_TEREDO_XP);
  g_assert_nonnull (xp);
  g_assert_true (g_str_has_suffix (xp->output, "Type                    : teredo client\n"
                                   "Network                 : unmanaged\nNAT                     : cone\n"));
  ipconfig = lookup (capture, CMD_IPCONFIG);
  g_assert_nonnull (ipconfig);
  g_assert_cmpint (ipconfig->found_by, ==, TD_CAPTURE_FOUND_BY_SHAPE);
  pnrp = lookup (capture, CMD_PNRP);
  g_assert_cmpstr (pnrp->typed, ==, "netsh p2p pnrp cloud show list");
  bfe = lookup (capture, "sc qc BFE");
  g_assert_cmpint (bfe->exit_status, ==, 5);
  g_assert_false (bfe->exit_known);
  /* Everything up to the next prompt belongs to the typed command, the
   * user's closing sentence too: a console paste cannot tell them apart. */
  g_assert_true (g_str_has_suffix (bfe->output, "Access is denied.\n\nThanks for your help!\n"));
  /* sc was denied: the prompt was not elevated. */
  g_assert_cmpint (capture->elevation, ==, TD_CAPTURE_ELEVATION_NO);
  /* Either Teredo form answers the question. */
  g_assert_false (g_strv_contains ((const char * const *) capture->missing, CMD_TEREDO));
}

static void
test_paste_encodings_and_line_ends (void)
{
  const char *base = "C:\\>netsh int ter sh st\r\n" TEREDO_QUALIFIED "\r\nC:\\>";
  g_autofree char *expected = normalize_trimmed (TEREDO_QUALIFIED);
  g_autofree char *lf = NULL, *cr = NULL, *mixed = NULL, *crcrlf = NULL, *bom = NULL;
  g_autofree char *utf16le = NULL, *utf16be = NULL;
  gsize le_len = 0, be_len = 0;
  GString *m = g_string_new (NULL);
  guint n = 0;

  {
    g_autoptr(GRegex) crlf = g_regex_new ("\r\n", 0, 0, NULL);

    lf = g_regex_replace_literal (crlf, base, -1, 0, "\n", 0, NULL);
    cr = g_regex_replace_literal (crlf, base, -1, 0, "\r", 0, NULL);
    crcrlf = g_regex_replace_literal (crlf, base, -1, 0, "\r\r\n", 0, NULL);
  }
  /* Every third line end of another kind. */
  for (const char *p = lf; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (m, (n++ % 3) == 0 ? "\r\n" : (n % 3) == 1 ? "\r" : "\n");
      else
        g_string_append_c (m, *p);
    }
  mixed = g_string_free (m, FALSE);
  bom = g_strconcat ("\xef\xbb\xbf", base, NULL);
  {
    g_autofree char *le = convert_or_null (base, -1, "UTF-16LE", &le_len);
    g_autofree char *be = convert_or_null (base, -1, "UTF-16BE", &be_len);

    utf16le = g_malloc (le_len + 2);
    memcpy (utf16le, "\xff\xfe", 2);
    memcpy (utf16le + 2, le, le_len);
    utf16be = g_malloc (be_len + 2);
    memcpy (utf16be, "\xfe\xff", 2);
    memcpy (utf16be + 2, be, be_len);
  }
  {
    struct { const char *data; gsize len; const char *encoding; } inputs[] = {
      { base, strlen (base), "UTF-8" },
      { lf, strlen (lf), "UTF-8" },
      { cr, strlen (cr), "UTF-8" },
      { crcrlf, strlen (crcrlf), "UTF-8" },
      { mixed, strlen (mixed), "UTF-8" },
      { bom, strlen (bom), "UTF-8" },
      { utf16le, le_len + 2, "UTF-16LE" },
      { utf16be, be_len + 2, "UTF-16BE" },
      /* UTF-16LE without a BOM (cmd /u). */
      { utf16le + 2, le_len, "UTF-16LE" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) inputs[i].data, inputs[i].len,
                                                         &error);

        g_test_message ("input %u", i);
        g_assert_no_error (error);
        g_assert_cmpstr (capture->encoding, ==, inputs[i].encoding);
        g_assert_cmpuint (capture->outputs->len, ==, 1);
        g_assert_cmpstr (lookup (capture, CMD_TEREDO)->output, ==, expected);
      }
  }
}

/* Each fixture pasted alone, as it is (some hold their prompt line). */
typedef struct {
  const char *prefix;
  const char *commands[3];   /* all expected; none: no output at all */
} PastedFixture;

static const PastedFixture pasted_fixtures[] = {
  { "teredo-state-xp-", { CMD_TEREDO_XP } },
  { "teredo-state-zh-cn-enterpriseclient-probe-then-offline", { CMD_TEREDO, CMD_TEREDO_XP } },
  { "teredo-state-", { CMD_TEREDO } },
  { "ipconfig-", { CMD_IPCONFIG } },
  { "netsh-advfirewall-", { CMD_FIREWALL } },
  { "pnrp-", { CMD_PNRP } },
  { "sc-query-and-qc-mpssvc", { "sc query MpsSvc", "sc qc MpsSvc" } },
  { "sc-query-iphlpsvc", { "sc query iphlpsvc" } },
  { "sc-qc-iphlpsvc", { "sc qc iphlpsvc" } },
  { "sc-", { NULL } },
  { "reg-query-iphlpsvc", { CMD_REG_TEREDO } },
  { "reg-query-tcpip6", { CMD_REG_DC } },
  { "reg-query-v6transition", { CMD_REG_POLICY } },
  { "reg-query-not-found", { CMD_REG_DC } },
  { "reg-query-", { NULL } },
};

static void
test_fixture_pasted (gconstpointer user_data)
{
  const FixtureCase *fc = user_data;
  g_autofree char *contents = read_text (fc->path);
  const char *text = skip_header (contents);
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = parse_text (text, &error);
  const PastedFixture *expect = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pasted_fixtures) && expect == NULL; i++)
    if (g_str_has_prefix (fc->name, pasted_fixtures[i].prefix))
      expect = &pasted_fixtures[i];
  g_assert_nonnull (expect);

  if (expect->commands[0] == NULL)
    {
      /* Only an error of sc or reg, or another service: said so. */
      g_assert_null (capture);
      g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
      g_assert_true (g_str_has_prefix (error->message, "No output of a command Teredo Doctor reads: "));
      return;
    }
  g_assert_no_error (error);
  check_invariants (capture);
  for (guint i = 0; i < G_N_ELEMENTS (expect->commands) && expect->commands[i] != NULL; i++)
    {
      const TdCaptureOutput *output = lookup (capture, expect->commands[i]);

      /* Typed in XP syntax at a modern prompt: the same answer. */
      if (output == NULL && g_str_equal (expect->commands[i], CMD_TEREDO))
        output = lookup (capture, CMD_TEREDO_XP);
      g_test_message ("expecting %s", expect->commands[i]);
      g_assert_nonnull (output);
      g_assert_cmpstr (output->output, !=, "");
    }
}

/* Fixtures of other programs (miredo logs, route tables, Xbox app text)
 * never crash the reader and never pass for the collector's outputs by
 * accident, except where they do hold one. */
static void
test_other_fixture_pasted (gconstpointer user_data)
{
  const FixtureCase *fc = user_data;
  g_autofree char *contents = read_text (fc->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = parse_text (skip_header (contents), &error);

  if (capture == NULL)
    {
      g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
      return;
    }
  check_invariants (capture);
}

/* ---- bad input --------------------------------------------------------------- */

static void
expect_error (const guint8 *data,
              gsize         length,
              gint          code,
              const char   *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = td_capture_parse (data, length, &error);

  g_assert_null (capture);
  g_assert_error (error, TD_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_bad_empty (void)
{
  expect_error ((const guint8 *) "", 0, TD_ERROR_PARSE, "The file is empty");
  expect_error (NULL, 0, TD_ERROR_PARSE, "The file is empty");
  expect_error ((const guint8 *) " \r\n\t\r\n", 6, TD_ERROR_PARSE, "blank");
  expect_error ((const guint8 *) "\xef\xbb\xbf\r\n", 5, TD_ERROR_PARSE, "blank");
}

static void
test_bad_other_files (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F' };
  static const guint8 zip[] = { 'P', 'K', 3, 4, 20, 0, 0, 0 };
  g_autofree char *report_path = td_test_source_path ("tests", "data", "reports", "windows-managed-network.json", NULL);
  g_autofree char *report = read_text (report_path);
  g_autofree char *text_path = td_test_source_path ("tests", "data", "reports", "golden", "report.txt", NULL);
  g_autofree char *text_report = read_text (text_path);
  g_autofree char *md_path = td_test_source_path ("tests", "data", "reports", "golden", "report.md", NULL);
  g_autofree char *md_report = read_text (md_path);
  const char *pdf = "%PDF-1.5\n%\xb5\xed\xae\xfb\n";
  const char *html = "<!DOCTYPE html>\n<html><head><meta name=\"generator\" content=\"teredo-doctor\"/>";

  expect_error (png, sizeof png, TD_ERROR_NOT_SUPPORTED, "This is a PNG image, not Windows command output");
  expect_error (jpeg, sizeof jpeg, TD_ERROR_NOT_SUPPORTED, "a JPEG image");
  expect_error (zip, sizeof zip, TD_ERROR_NOT_SUPPORTED, "a ZIP archive");
  expect_error ((const guint8 *) pdf, strlen (pdf), TD_ERROR_NOT_SUPPORTED, "a PDF document");
  expect_error ((const guint8 *) report, strlen (report), TD_ERROR_NOT_SUPPORTED,
                "Teredo Doctor JSON report, not command output: open it as a report");
  expect_error ((const guint8 *) text_report, strlen (text_report), TD_ERROR_NOT_SUPPORTED,
                "a Teredo Doctor report (text or Markdown)");
  expect_error ((const guint8 *) md_report, strlen (md_report), TD_ERROR_NOT_SUPPORTED,
                "a Teredo Doctor report (text or Markdown)");
  expect_error ((const guint8 *) html, strlen (html), TD_ERROR_NOT_SUPPORTED, "a Teredo Doctor report (HTML)");
  expect_error ((const guint8 *) "{\"a\": 1}", 8, TD_ERROR_NOT_SUPPORTED, "a JSON document");
  expect_error ((const guint8 *) "Hello, my Xbox says Teredo is unable to qualify.\nCan you help?\n", 63,
                TD_ERROR_NOT_FOUND, "No Windows command output found: the text begins with “Hello, my Xbox");
  g_assert_cmpint (td_capture_sniff ((const guint8 *) report, strlen (report), NULL), ==,
                   TD_CAPTURE_KIND_REPORT);
}

static void
test_bad_binary (void)
{
  g_autofree char *junk_path = td_test_source_path ("tests", "data", "fake-windows", "junk.bin", NULL);
  g_autofree char *junk = NULL;
  gsize junk_len = 0;
  g_autofree guint8 *zeros = g_malloc0 (4096);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (junk_path, &junk, &junk_len, &error);
  g_assert_no_error (error);
  expect_error ((const guint8 *) junk, junk_len, TD_ERROR_PARSE, "binary data, not text");
  expect_error (zeros, 4096, TD_ERROR_PARSE, "only NUL bytes");
  expect_error (zeros, 1, TD_ERROR_PARSE, "only NUL bytes");
}

/* A few NUL bytes in text are shown, not fatal. */
static void
test_nul_bytes_in_text (void)
{
  static const char text[] = "C:\\>netsh int ter sh st\r\nTeredo Parameters\r\n-------------------\r\n"
                             "Type   : client\0\r\nServer Name : x.example\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) text, sizeof text - 1, &error);

  g_assert_no_error (error);
  g_assert_true (has_note (capture, TD_CAPTURE_NOTE_ENCODING, NULL));
  g_assert_nonnull (strstr (lookup (capture, CMD_TEREDO)->output, "client\xef\xbf\xbd\n"));

  /* UTF-8 stays UTF-8 around a NUL (GLib's validator refuses NULs). */
  {
    static const char zh[] = "Teredo 参数\n---------------------------------------------\n"
                             "类型                    : client\0\n服务器名称              : x.example\n";
    g_autoptr(TdCapture) zh_capture = td_capture_parse ((const guint8 *) zh, sizeof zh - 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (zh_capture->encoding, ==, "UTF-8");
    g_assert_cmpstr (lookup (zh_capture, CMD_TEREDO)->output, ==,
                     "Teredo 参数\n---------------------------------------------\n"
                     "类型                    : client\xef\xbf\xbd\n服务器名称              : x.example\n");
  }
}

static void
test_bad_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("td-capture-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *big = NULL;
  int fd;

  g_assert_no_error (error);
  g_assert_true (td_capture_check_size (TD_CAPTURE_MAX_BYTES, NULL));
  g_assert_false (td_capture_check_size (100 * 1000 * 1000, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "larger than the limit"));
  g_clear_error (&error);

  /* A sparse 100 MB file is refused before a byte is read. */
  path = g_build_filename (dir, "huge.txt", NULL);
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1000 * 1000), ==, 0);
  close (fd);
  file = g_file_new_for_path (path);
  bytes = td_capture_read_file (file, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, TD_ERROR, TD_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The file is 95.4"));
  g_clear_error (&error);
  g_unlink (path);

  /* Over the limit in memory: refused before it is looked at (the buffer
   * is never read, so it needs no contents). */
  big = g_malloc (TD_CAPTURE_MAX_BYTES + 1);
  expect_error (big, TD_CAPTURE_MAX_BYTES + 1, TD_ERROR_TOO_LARGE, "larger than the limit");

  /* A small file reads back whole. */
  g_file_set_contents (path, "Active code page: 437\r\n", -1, &error);
  g_assert_no_error (error);
  bytes = td_capture_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 23);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_lines (void)
{
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) long_line = g_string_new ("C:\\>netsh int ter sh st\r\n" TEREDO_QUALIFIED);
  g_autoptr(GError) error = NULL;
  g_autofree char *one_line = g_malloc (1024 * 1024 + 1);

  for (guint i = 0; i < TD_CAPTURE_MAX_LINES + 10; i++)
    g_string_append (many, "x\n");
  expect_error ((const guint8 *) many->str, many->len, TD_ERROR_TOO_LARGE, "more than 200000 lines");

  /* A 100 KB line among real output is cut and noted. */
  g_string_append (long_line, "Note                    : ");
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (long_line, (char) ('a' + i % 26));
  g_string_append (long_line, "\r\n");
  {
    g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) long_line->str, long_line->len, &error);
    const TdCaptureOutput *output;

    g_assert_no_error (error);
    check_invariants (capture);
    g_assert_true (has_note (capture, TD_CAPTURE_NOTE_LONG_LINE, NULL));
    output = lookup (capture, CMD_TEREDO);
    g_assert_cmpuint (strlen (output->output), <, strlen (TEREDO_QUALIFIED) + TD_CAPTURE_MAX_LINE_BYTES + 1);
  }

  /* One megabyte on one line is no command output. */
  memset (one_line, 'A', 1024 * 1024);
  one_line[1024 * 1024] = '\0';
  expect_error ((const guint8 *) one_line, 1024 * 1024, TD_ERROR_NOT_FOUND, "“AAAAAAAAAA");
}

/* ---- the batch file ----------------------------------------------------------------- */

static GPtrArray *
batch_lines (void)
{
  g_autofree char *path = td_test_source_path ("data", "teredo-doctor-collect.bat", NULL);
  g_autofree char *contents = read_text (path);
  g_auto(GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  /* Windows' cmd needs CRLF: a batch file with LF line ends misreads
   * labels and goto on some versions. */
  for (const char *p = contents; *p != '\0'; p++)
    if (*p == '\n')
      g_assert_true (p > contents && p[-1] == '\r');
  lines = g_strsplit (contents, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (out, g_strstrip (g_strdup (lines[i])));
  return out;
}

static gboolean
is_comment (const char *line)
{
  return g_ascii_strncasecmp (line, "REM ", 4) == 0 || g_ascii_strcasecmp (line, "REM") == 0
         || g_str_has_prefix (line, "::");
}

/* The commands it runs for the capture: every "call :run …" line. */
static void
test_batch_commands (void)
{
  g_autoptr(GPtrArray) lines = batch_lines ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) commands = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_ascii_strncasecmp (line, "call :run ", 10) == 0)
        g_strv_builder_add (builder, line + 10);
    }
  commands = g_strv_builder_end (builder);
  g_assert_cmpstrv (commands, (const char * const *) collector_commands);
  /* And the reader knows them all, in the same order. */
  g_assert_cmpstrv (td_capture_command_lines (), (const char * const *) collector_commands);
  /* Every command the collector runs is one the reader gives back. */
  for (guint i = 0; td_host_windows_get_commands ()[i] != NULL; i++)
    g_assert_cmpint (td_capture_cmd_from_argv (td_host_windows_get_commands ()[i]), !=, TD_CAPTURE_CMD_NONE);
  g_assert_cmpint (td_capture_cmd_from_argv ((const char * const []) { "ver", "/?", NULL }), ==,
                   TD_CAPTURE_CMD_NONE);
}

/* A command word that changes something, anywhere outside comments and
 * the texts echo prints. */
static const char * const forbidden_words[] = {
  "add", "delete", "del", "erase", "config", "start", "stop", "reset", "install", "uninstall",
  "setx", "format", "rd", "rmdir", "move", "copy", "ren", "rename", "attrib", "icacls", "takeown",
  "shutdown", "bcdedit", "powershell", "wmic", "regedit", "import", "restore", "disable", "enable",
  "continue", "failure", "sdset", "create", "mklink", "/release", "/renew", "/flushdns",
  NULL
};

/* The commands a line may start with; everything else fails the test. */
static gboolean
allowed_statement (const char *statement)
{
  static const char * const allowed_prefixes[] = {
    "@echo off", "echo ", "echo.", "setlocal ", "endlocal", "pushd \"%SystemRoot%\\System32\"", "popd",
    "goto :", "call :run ", "call :meta ", "pause", "(call )", "%* >>\"%OUT%\" 2>&1",
    "net session >nul 2>&1", NULL
  };

  for (guint i = 0; allowed_prefixes[i] != NULL; i++)
    if (g_str_has_prefix (statement, allowed_prefixes[i]))
      return TRUE;
  return FALSE;
}

/* "set" only of the batch file's own variables. */
static gboolean
local_set (const char *statement)
{
  static const char * const names[] = { "OUT", "ELEVATED", "EXITCODE", NULL };

  if (!g_str_has_prefix (statement, "set \""))
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("set \"%s=", names[i]);

      if (g_str_has_prefix (statement, prefix))
        return TRUE;
    }
  return FALSE;
}

static void
check_statement (const char *statement)
{
  g_test_message ("statement: %s", statement);
  /* "if COND STATEMENT": the condition tests, the statement must pass. */
  if (g_str_has_prefix (statement, "if "))
    {
      const char *rest = statement + 3;

      if (g_str_has_prefix (rest, "not "))
        rest += 4;
      if (g_str_has_prefix (rest, "exist \""))
        rest = strchr (strchr (rest, '"') + 1, '"') + 1;
      else if (g_str_has_prefix (rest, "\"%ELEVATED%\"==\"no\""))
        rest += strlen ("\"%ELEVATED%\"==\"no\"");
      else
        g_assert_not_reached ();
      check_statement (rest + strspn (rest, " "));
      return;
    }
  /* Output goes into the capture file only. */
  if (g_str_has_prefix (statement, ">>\"%OUT%\" ") || g_str_has_prefix (statement, ">\"%OUT%\" ")
      || g_str_has_prefix (statement, ">>\"!OUT!\" "))
    {
      const char *rest = strchr (statement, ' ') + 1;

      g_assert_true (g_str_has_prefix (rest, "echo"));
      return;
    }
  /* "net session >nul 2>&1 && set …". */
  if (strstr (statement, " && ") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (statement, " && ", 2);

      check_statement (parts[0]);
      check_statement (parts[1]);
      return;
    }
  if (local_set (statement))
    return;
  g_assert_true (allowed_statement (statement));
  if (g_str_has_prefix (statement, "echo"))
    /* Shown on the console, never redirected. */
    g_assert_null (strchr (statement, '>'));
}

static void
test_batch_changes_nothing (void)
{
  g_autoptr(GPtrArray) lines = batch_lines ();
  guint labels = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (line[0] == '\0' || is_comment (line))
        continue;
      if (line[0] == ':' && line[1] != ':')
        {
          labels++;
          continue;
        }
      check_statement (line);
      /* The commands it runs, word by word: nothing that sets, adds,
       * deletes, starts or stops anything. */
      if (g_ascii_strncasecmp (line, "call :run ", 10) == 0)
        {
          g_auto(GStrv) words = g_strsplit (line + 10, " ", -1);

          for (guint w = 1; words[w] != NULL; w++)
            {
              g_autofree char *lower = g_ascii_strdown (words[w], -1);

              g_assert_false (g_str_equal (lower, "set"));
              for (guint f = 0; forbidden_words[f] != NULL; f++)
                g_assert_cmpstr (lower, !=, forbidden_words[f]);
            }
          g_assert_cmpstr (words[0], !=, "powershell");
          /* chcp with an argument would switch the code page. */
          if (g_str_equal (words[0], "chcp"))
            g_assert_null (words[1]);
        }
    }
  g_assert_cmpuint (labels, ==, 4);   /* :collect, :finish, :run, :meta */
  /* Nothing outside the subroutines runs a program of its own. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *lower = g_ascii_strdown (line, -1);

      if (is_comment (line))
        continue;
      g_assert_null (strstr (lower, "reg add"));
      g_assert_null (strstr (lower, "reg delete"));
      g_assert_null (strstr (lower, " set state"));
      g_assert_null (strstr (lower, "sc config"));
      g_assert_null (strstr (lower, "net stop"));
      g_assert_null (strstr (lower, "net start"));
      g_assert_false (g_str_has_prefix (lower, "netsh") && strstr (lower, " set ") != NULL);
    }
}

/* ---- registration ------------------------------------------------------------------ */

static void
add_fixture_tests (GPtrArray *cases,
                   GPtrArray *keep)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "windows", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *fixture = g_ptr_array_index (names, i);
      g_autofree char *file_name = g_strconcat (fixture, ".txt", NULL);
      g_autofree char *path = g_build_filename (dir, file_name, NULL);
      g_autofree char *contents = read_text (path);
      gboolean zh = has_non_ascii (skip_header (contents));

      for (Encoding e = ENC_UTF8; e <= ENC_CP936; e++)
        {
          FixtureCase *fc;
          char *test_path;

          /* CP936 only where it makes a difference: zh-CN outputs. */
          if (e == ENC_CP936 && !zh)
            continue;
          fc = g_new0 (FixtureCase, 1);
          fc->path = g_strdup (path);
          fc->name = g_strdup (fixture);
          fc->encoding = e;
          g_ptr_array_add (cases, fc);
          test_path = g_strdup_printf ("/capture/file/%s/%s", encoding_names[e], fixture);
          g_test_add_data_func (test_path, fc, test_fixture_in_file);
          g_ptr_array_add (keep, test_path);
        }
      {
        FixtureCase *fc = g_new0 (FixtureCase, 1);
        char *test_path = g_strdup_printf ("/capture/paste/fixture/%s", fixture);

        fc->path = g_strdup (path);
        fc->name = g_strdup (fixture);
        g_ptr_array_add (cases, fc);
        g_ptr_array_add (keep, test_path);
        g_test_add_data_func (test_path, fc,
                              fixture_command (fixture) ? test_fixture_pasted : test_other_fixture_pasted);
      }
    }
}

static void
add_fake_windows_tests (GPtrArray *keep)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *scenario = g_build_filename (path, "scenario.sh", NULL);
      g_autofree char *expected = g_build_filename (path, "expected-host.json", NULL);
      g_autofree char *contents = NULL;

      if (!g_file_test (expected, G_FILE_TEST_EXISTS))
        continue;
      /* A program that hangs or prints forever cannot be captured by
       * running it here (nor by the batch file: the user would stop it). */
      if (g_file_get_contents (scenario, &contents, NULL, NULL)
          && (strstr (contents, "\"hang\"") != NULL || strstr (contents, "\"huge\"") != NULL))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      char *scenario = g_strdup (g_ptr_array_index (names, i));
      char *test_path = g_strdup_printf ("/capture/fake-windows/%s", scenario);

      g_ptr_array_add (keep, scenario);
      g_ptr_array_add (keep, test_path);
      g_test_add_data_func (test_path, scenario, test_fake_windows);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) fixture_case_free);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, NULL);
  collector_commands = build_batch_commands ();

  add_fixture_tests (cases, keep);
  for (Encoding e = ENC_UTF8; e <= ENC_UTF16LE; e++)
    {
      char *test_path = g_strdup_printf ("/capture/file/%s/all-fixtures-in-one-file", encoding_names[e]);

      g_ptr_array_add (keep, test_path);
      g_test_add_data_func (test_path, GINT_TO_POINTER (e), test_all_fixtures_in_one_file);
    }
  add_fake_windows_tests (keep);
  g_test_add_func ("/capture/file/wine-run", test_wine_run);
  g_test_add_func ("/capture/file/truncated", test_truncated);
  g_test_add_func ("/capture/file/command-result", test_command_result);
  g_test_add_func ("/capture/paste/with-prompts", test_paste_with_prompts);
  g_test_add_func ("/capture/paste/without-prompts", test_paste_without_prompts);
  g_test_add_func ("/capture/paste/zh-cn", test_paste_zh_cn);
  g_test_add_func ("/capture/paste/abbreviations", test_paste_abbreviations);
  g_test_add_func ("/capture/paste/twice", test_paste_twice);
  g_test_add_func ("/capture/paste/mixed", test_paste_mixed);
  g_test_add_func ("/capture/paste/encodings-and-line-ends", test_paste_encodings_and_line_ends);
  g_test_add_func ("/capture/bad/empty", test_bad_empty);
  g_test_add_func ("/capture/bad/other-files", test_bad_other_files);
  g_test_add_func ("/capture/bad/binary", test_bad_binary);
  g_test_add_func ("/capture/bad/nul-bytes-in-text", test_nul_bytes_in_text);
  g_test_add_func ("/capture/bad/size", test_bad_size);
  g_test_add_func ("/capture/bad/lines", test_bad_lines);
  g_test_add_func ("/capture/batch/commands", test_batch_commands);
  g_test_add_func ("/capture/batch/changes-nothing", test_batch_changes_nothing);

  status = g_test_run ();
  g_strfreev (collector_commands);
  return status;
}
