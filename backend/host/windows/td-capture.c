/* td-capture.c — reads Windows command output that a user sends back (help-desk mode)
 *
 * The bytes are checked (size, kind of file), decoded once with
 * td_console_decode() (the code page `chcp` printed, else a guess), split
 * into lines in place, then walked: marker sections of the batch file are
 * taken exactly; any other text is split at prompt lines, the output after
 * a known command belongs to it, and what has no command line is handed to
 * the shape scanner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-capture-private.h"
#include "td-console-decode.h"
#include "td-console-text.h"
#include "td-error.h"

#define MARKER_PREFIX TD_CAPTURE_MARKER " "
#define REPLACEMENT "\xef\xbf\xbd"
/* How much of a line a message quotes. */
#define QUOTE_CHARS 60

typedef struct {
  TdCapture           *self;
  const char         **lines;
  guint                n_lines;
  guint                dropped_outputs;
  guint                dropped_notes;
  gboolean             saw_denied;     /* "Access is denied" in an output */
  gboolean             saw_system32;   /* a prompt at C:\Windows\system32 */
  gboolean             elevation_set;  /* the batch file said */
  char                *date;
  char                *time;
} Reader;

/* ---- results ------------------------------------------------------------- */

static void
output_free (TdCaptureOutput *output)
{
  g_strfreev (output->argv);
  g_free (output->typed);
  g_free (output->output);
  g_free (output);
}

static void
note_free (TdCaptureNote *note)
{
  g_free (note->command);
  g_free (note->message);
  g_free (note);
}

void
td_capture_free (TdCapture *self)
{
  if (self == NULL)
    return;
  g_free (self->host_name);
  g_free (self->collected_at);
  g_free (self->windows_version);
  g_free (self->windows_version_line);
  g_free (self->codepage);
  g_free (self->encoding);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_strfreev (self->missing);
  g_free (self);
}

const char *
td_capture_found_by_to_string (TdCaptureFoundBy found_by)
{
  switch (found_by)
    {
    case TD_CAPTURE_FOUND_BY_MARKER:
      return "marker";
    case TD_CAPTURE_FOUND_BY_PROMPT:
      return "prompt";
    case TD_CAPTURE_FOUND_BY_SHAPE:
    default:
      return "shape";
    }
}

const char *
td_capture_note_kind_to_string (TdCaptureNoteKind kind)
{
  switch (kind)
    {
    case TD_CAPTURE_NOTE_TRUNCATED:
      return "truncated";
    case TD_CAPTURE_NOTE_OTHER_COMMAND:
      return "other-command";
    case TD_CAPTURE_NOTE_UNRECOGNISED:
      return "unrecognised";
    case TD_CAPTURE_NOTE_AMBIGUOUS:
      return "ambiguous";
    case TD_CAPTURE_NOTE_LONG_LINE:
      return "long-line";
    case TD_CAPTURE_NOTE_ENCODING:
      return "encoding";
    case TD_CAPTURE_NOTE_LIMIT:
    default:
      return "limit";
    }
}

/* At most TD_CAPTURE_MAX_NOTES; the rest are only counted. */
static void G_GNUC_PRINTF (5, 6)
add_note (Reader            *reader,
          TdCaptureNoteKind  kind,
          const char        *command,
          guint              line,
          const char        *format,
          ...)
{
  TdCaptureNote *note;
  va_list args;

  if (reader->self->notes->len >= TD_CAPTURE_MAX_NOTES)
    {
      reader->dropped_notes++;
      return;
    }
  note = g_new0 (TdCaptureNote, 1);
  note->kind = kind;
  note->command = g_strdup (command);
  note->line = line;
  va_start (args, format);
  note->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (reader->self->notes, note);
}

/* The first QUOTE_CHARS characters of @line, blanks trimmed, for
 * messages. */
static char *
quote (const char *line)
{
  g_autofree char *t = g_strstrip (g_strdup (line));

  g_autofree char *head = NULL;

  if (g_utf8_strlen (t, -1) <= QUOTE_CHARS)
    return g_steal_pointer (&t);
  head = g_utf8_substring (t, 0, QUOTE_CHARS);
  return g_strconcat (head, "…", NULL);
}

static gboolean
blank (const char *line)
{
  return line[strspn (line, " \t")] == '\0';
}

/* Lines [@start, @end), each followed by '\n'. */
static char *
join_lines (Reader *reader,
            guint   start,
            guint   end)
{
  GString *text = g_string_new (NULL);

  for (guint i = start; i < end; i++)
    {
      g_string_append (text, reader->lines[i]);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* Narrows [*start, *end) to its non-blank part. */
static void
trim_blank_lines (Reader *reader,
                  guint  *start,
                  guint  *end)
{
  while (*start < *end && blank (reader->lines[*start]))
    (*start)++;
  while (*end > *start && blank (reader->lines[*end - 1]))
    (*end)--;
}

/* Metadata that chcp and ver outputs carry, and denials. */
static void
learn_from_output (Reader       *reader,
                   TdCaptureCmd  cmd,
                   guint         start,
                   guint         end)
{
  TdCapture *self = reader->self;

  for (guint i = start; i < end; i++)
    {
      const char *line = reader->lines[i];

      if (cmd == TD_CAPTURE_CMD_CHCP)
        {
          g_autofree char *codepage = td_capture_codepage_from_line (line);

          if (codepage != NULL)
            {
              g_free (self->codepage);
              self->codepage = g_steal_pointer (&codepage);
            }
        }
      else if (cmd == TD_CAPTURE_CMD_VER)
        {
          g_autofree char *version = td_capture_version_from_line (line);

          if (version != NULL)
            {
              g_free (self->windows_version);
              g_free (self->windows_version_line);
              self->windows_version = g_steal_pointer (&version);
              self->windows_version_line = g_strstrip (g_strdup (line));
            }
        }
      /* sc and reg say this when the prompt is not elevated. */
      if (strstr (line, "Access is denied") != NULL || strstr (line, "拒绝访问") != NULL
          || strstr (line, "FAILED 5:") != NULL)
        reader->saw_denied = TRUE;
    }
}

typedef struct {
  TdCaptureCmd      cmd;
  const char       *typed;
  gboolean          exact;
  TdCaptureFoundBy  found_by;
  gboolean          exit_known;
  int               exit_status;
  gboolean          complete;
  guint             line;     /* 0-based index of the first line */
} OutputInfo;

static void
add_output (Reader           *reader,
            const OutputInfo *info,
            guint             start,
            guint             end)
{
  TdCaptureOutput *output;

  if (reader->self->outputs->len >= TD_CAPTURE_MAX_OUTPUTS)
    {
      reader->dropped_outputs++;
      return;
    }
  output = g_new0 (TdCaptureOutput, 1);
  output->argv = g_strdupv ((char **) td_capture_cmd_argv (info->cmd));
  output->typed = g_strdup (info->typed);
  output->exact = info->exact;
  output->output = join_lines (reader, start, end);
  output->exit_known = info->exit_known;
  output->exit_status = info->exit_known ? info->exit_status
                                         : td_capture_infer_exit ((const char * const *) reader->lines, start, end,
                                                                  td_capture_cmd_shape (info->cmd));
  output->found_by = info->found_by;
  output->complete = info->complete;
  output->line = info->line + 1;
  g_ptr_array_add (reader->self->outputs, output);
  learn_from_output (reader, info->cmd, start, end);
}

/* ---- text without command lines ----------------------------------------------- */

static void
note_unrecognised (Reader *reader,
                   guint   start,
                   guint   end)
{
  g_autofree char *first = NULL;

  trim_blank_lines (reader, &start, &end);
  if (start >= end)
    return;
  first = quote (reader->lines[start]);
  add_note (reader, TD_CAPTURE_NOTE_UNRECOGNISED, NULL, start + 1,
            /* TRANSLATORS: %u is a line number, %s the line's beginning. */
            _("Line %u (“%s”) is not the output of a command Teredo Doctor reads"),
            start + 1, first);
}

static void
add_block (Reader               *reader,
           const TdCaptureBlock *block)
{
  if (block->cmd != TD_CAPTURE_CMD_NONE)
    {
      /* netsh names the command in its "not found" message. */
      gboolean named = block->shape == TD_CAPTURE_SHAPE_NETSH_NOT_FOUND;
      OutputInfo info = { block->cmd, named ? block->command : NULL, FALSE, TD_CAPTURE_FOUND_BY_SHAPE,
                          FALSE, block->exit_status, TRUE, block->start };

      add_output (reader, &info, block->start, block->end);
      return;
    }
  switch (block->shape)
    {
    case TD_CAPTURE_SHAPE_SC:
      if (block->command != NULL)
        add_note (reader, TD_CAPTURE_NOTE_OTHER_COMMAND, block->command, block->start + 1,
                  /* TRANSLATORS: %u is a line number, %s a Windows service name. */
                  _("Line %u holds sc output for the service %s, which Teredo Doctor does not read"),
                  block->start + 1, block->command);
      else
        add_note (reader, TD_CAPTURE_NOTE_AMBIGUOUS, NULL, block->start + 1,
                  _("Line %u holds an error of sc without the command it answers: copy the "
                    "command line too"), block->start + 1);
      break;
    case TD_CAPTURE_SHAPE_REG:
      if (block->command != NULL)
        add_note (reader, TD_CAPTURE_NOTE_OTHER_COMMAND, block->command, block->start + 1,
                  /* TRANSLATORS: %u is a line number, %s a registry key. */
                  _("Line %u holds the registry key %s, which Teredo Doctor does not read"),
                  block->start + 1, block->command);
      else
        add_note (reader, TD_CAPTURE_NOTE_AMBIGUOUS, NULL, block->start + 1,
                  _("Line %u holds an error of reg without the command it answers: copy the "
                    "command line too"), block->start + 1);
      break;
    case TD_CAPTURE_SHAPE_NETSH_NOT_FOUND:
    case TD_CAPTURE_SHAPE_NONE:
    case TD_CAPTURE_SHAPE_TEREDO:
    case TD_CAPTURE_SHAPE_IPCONFIG:
    case TD_CAPTURE_SHAPE_ADVFIREWALL:
    case TD_CAPTURE_SHAPE_PNRP:
    case TD_CAPTURE_SHAPE_CHCP:
    case TD_CAPTURE_SHAPE_VER:
    default:
      add_note (reader, TD_CAPTURE_NOTE_OTHER_COMMAND, block->command, block->start + 1,
                /* TRANSLATORS: %u is a line number, %s a command line. */
                _("Line %u is the output of “%s”, which Teredo Doctor does not read"),
                block->start + 1, block->command ? block->command : "?");
      break;
    }
}

/* Recognises outputs in [@start, @end) by their shape.  @quiet: the text
 * is a known command's output already noted as such, so lines that look
 * like nothing need no note of their own. */
static void
read_shapes (Reader   *reader,
             guint     start,
             guint     end,
             gboolean  quiet)
{
  g_autoptr(GPtrArray) blocks = td_capture_shape_scan ((const char * const *) reader->lines, start, end);
  guint next = start;

  for (guint i = 0; i < blocks->len; i++)
    {
      const TdCaptureBlock *block = g_ptr_array_index (blocks, i);

      if (!quiet)
        note_unrecognised (reader, next, block->start);
      add_block (reader, block);
      next = block->end;
    }
  if (!quiet)
    note_unrecognised (reader, next, end);
}

/* ---- pasted console text ------------------------------------------------------------ */

/* The command on a prompt line, or a known command line on its own
 * ("netsh int teredo show state" above its output). */
static char *
command_on_line (Reader     *reader,
                 const char *line)
{
  char *command = NULL;
  gboolean system32 = FALSE;

  if (td_capture_split_prompt (line, &command, &system32))
    {
      reader->saw_system32 |= system32;
      return command;
    }
  if (line[0] != ' ' && line[0] != '\t' && strlen (line) < 300
      && td_capture_match_command (line).cmd != TD_CAPTURE_CMD_NONE)
    return g_strstrip (g_strdup (line));
  return NULL;
}

/* The output after the command typed on line @at: lines (@at, @end). */
static void
read_typed (Reader     *reader,
            const char *command,
            guint       at,
            guint       end)
{
  TdCaptureMatch match = td_capture_match_command (command);
  guint start = at + 1;
  guint cut;

  if (command[0] == '\0')
    {
      /* An empty prompt: whatever follows has no command line. */
      read_shapes (reader, start, end, FALSE);
      return;
    }
  if (match.cmd == TD_CAPTURE_CMD_NONE)
    {
      add_note (reader, TD_CAPTURE_NOTE_OTHER_COMMAND, command, at + 1,
                /* TRANSLATORS: %u is a line number, %s a command line. */
                _("Line %u: “%s” is not a command Teredo Doctor reads"), at + 1, command);
      read_shapes (reader, start, end, TRUE);
      return;
    }
  trim_blank_lines (reader, &start, &end);
  if (start >= end)
    {
      add_note (reader, TD_CAPTURE_NOTE_TRUNCATED, command, at + 1,
                /* TRANSLATORS: %u is a line number, %s a command line. */
                _("Line %u: “%s” was typed, but its output is not in the text"), at + 1, command);
      return;
    }
  /* A second output pasted without its prompt begins at its heading. */
  cut = td_capture_shape_find_other ((const char * const *) reader->lines, start, end, td_capture_cmd_shape (match.cmd));
  {
    guint out_end = cut;
    OutputInfo info = { match.cmd, command, match.exact, TD_CAPTURE_FOUND_BY_PROMPT, FALSE, 0, TRUE,
                        at };

    trim_blank_lines (reader, &start, &out_end);
    add_output (reader, &info, start, out_end);
  }
  if (cut < end)
    read_shapes (reader, cut, end, FALSE);
}

static void
read_paste (Reader *reader,
            guint   start,
            guint   end)
{
  g_autofree char *command = NULL;
  guint command_at = 0;
  guint segment = start;

  for (guint i = start; i < end; i++)
    {
      g_autofree char *found = command_on_line (reader, reader->lines[i]);

      if (found == NULL)
        continue;
      if (command != NULL)
        read_typed (reader, command, command_at, i);
      else
        read_shapes (reader, segment, i, FALSE);
      g_free (command);
      command = g_steal_pointer (&found);
      command_at = i;
      segment = i + 1;
    }
  if (command != NULL)
    read_typed (reader, command, command_at, end);
  else
    read_shapes (reader, segment, end, FALSE);
}

/* ---- the batch file's sections ------------------------------------------------------------ */

static gboolean
is_marker (const char *line)
{
  return g_str_has_prefix (line, MARKER_PREFIX);
}

/* "[teredo-doctor] end exit=1 command=…": the value of @key, up to the
 * next blank (or the end of the line for "command", which comes last). */
static char *
marker_value (const char *line,
              const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *at = strstr (line, needle);

  if (at == NULL)
    return NULL;
  at += strlen (needle);
  if (g_str_equal (key, "command") || g_str_equal (key, "note") || g_str_equal (key, "date")
      || g_str_equal (key, "time") || g_str_equal (key, "computer"))
    return g_strstrip (g_strdup (at));
  return g_strndup (at, strcspn (at, " "));
}

static const char *
marker_word (const char *line)
{
  return line + strlen (MARKER_PREFIX);
}

static gboolean
marker_is (const char *line,
           const char *word)
{
  const char *w = marker_word (line);
  gsize n = strlen (word);

  return strncmp (w, word, n) == 0 && (w[n] == '\0' || w[n] == ' ' || w[n] == '=');
}

static gboolean
parse_exit (const char *text,
            int        *out_status)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  /* %errorlevel% is a signed 32-bit number ("-1073741510" after Ctrl-C). */
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || value < G_MININT32 || value > G_MAXINT32)
    return FALSE;
  *out_status = (int) value;
  return TRUE;
}

/* The section begun on line @at; returns the line after it. */
static guint
read_section (Reader *reader,
              guint   at)
{
  g_autofree char *command = marker_value (reader->lines[at], "command");
  TdCaptureMatch match = td_capture_match_command (command);
  guint end = at + 1;
  gboolean closed;
  OutputInfo info = { match.cmd, command, match.exact, TD_CAPTURE_FOUND_BY_MARKER, FALSE, 0, TRUE, at };
  guint content_end;

  while (end < reader->n_lines && !is_marker (reader->lines[end]))
    end++;
  closed = end < reader->n_lines && marker_is (reader->lines[end], "end");
  content_end = end;
  /* The batch file ends every output with one empty line, so that the end
   * marker starts a line even after an output without a final line end. */
  if (content_end > at + 1 && reader->lines[content_end - 1][0] == '\0')
    content_end--;

  if (command == NULL || match.cmd == TD_CAPTURE_CMD_NONE)
    {
      add_note (reader, TD_CAPTURE_NOTE_OTHER_COMMAND, command, at + 1,
                _("Line %u: the section “%s” is not a command Teredo Doctor reads"), at + 1,
                command ? command : "");
      return closed ? end + 1 : end;
    }
  if (closed)
    {
      g_autofree char *exit_text = marker_value (reader->lines[end], "exit");

      info.exit_known = parse_exit (exit_text, &info.exit_status);
    }
  else
    {
      info.complete = FALSE;
      add_note (reader, TD_CAPTURE_NOTE_TRUNCATED, command, at + 1,
                /* TRANSLATORS: %s is a command line, %u a line number. */
                _("The output of “%s” (line %u) is cut off: the file ends, or the batch file "
                  "was stopped, before it was complete"), command, at + 1);
    }
  add_output (reader, &info, at + 1, content_end);
  return closed ? end + 1 : end;
}

/* One marker line: metadata, or a section. Returns the next line. */
static guint
read_marker (Reader *reader,
             guint   at)
{
  TdCapture *self = reader->self;
  const char *line = reader->lines[at];
  const char *word = marker_word (line);

  self->source = TD_CAPTURE_SOURCE_FILE;
  if (marker_is (line, "begin"))
    return read_section (reader, at);
  if (marker_is (line, "complete"))
    self->complete = TRUE;
  else if (g_str_has_prefix (word, "computer="))
    {
      g_free (self->host_name);
      self->host_name = g_strstrip (g_strdup (word + strlen ("computer=")));
    }
  else if (g_str_has_prefix (word, "date="))
    {
      g_free (reader->date);
      reader->date = g_strstrip (g_strdup (word + strlen ("date=")));
    }
  else if (g_str_has_prefix (word, "time="))
    {
      g_free (reader->time);
      reader->time = g_strstrip (g_strdup (word + strlen ("time=")));
    }
  else if (g_str_has_prefix (word, "elevated="))
    {
      reader->elevation_set = TRUE;
      self->elevation = g_str_has_prefix (word + strlen ("elevated="), "yes")
                          ? TD_CAPTURE_ELEVATION_YES : TD_CAPTURE_ELEVATION_NO;
    }
  /* "collect", "note", a stray "end" and words of later versions carry
   * nothing this reader needs. */
  return at + 1;
}

/* Text quoted in a mail ("> ") or indented as a Markdown code block; the
 * command printed it without. */
static void
dedent (Reader *reader,
        guint   start,
        guint   end)
{
  gsize common = G_MAXSIZE;

  for (guint round = 0; round < 3; round++)
    {
      gboolean quoted = FALSE;

      for (guint i = start; i < end; i++)
        {
          if (blank (reader->lines[i]))
            continue;
          quoted = reader->lines[i][0] == '>';
          if (!quoted)
            break;
        }
      if (!quoted)
        break;
      for (guint i = start; i < end; i++)
        if (reader->lines[i][0] == '>')
          reader->lines[i]++;
    }

  for (guint i = start; i < end && common > 0; i++)
    if (!blank (reader->lines[i]))
      common = MIN (common, strspn (reader->lines[i], " "));
  if (common == 0 || common == G_MAXSIZE)
    return;
  for (guint i = start; i < end; i++)
    reader->lines[i] += MIN (common, strlen (reader->lines[i]));
}

static void
read_all (Reader *reader)
{
  guint i = 0;

  while (i < reader->n_lines)
    {
      guint j = i;

      if (is_marker (reader->lines[i]))
        {
          i = read_marker (reader, i);
          continue;
        }
      while (j < reader->n_lines && !is_marker (reader->lines[j]))
        j++;
      dedent (reader, i, j);
      read_paste (reader, i, j);
      i = j;
    }
}

/* ---- decoding and lines ----------------------------------------------------------------- */

static gsize
count_substring (const char *text,
                 gsize       length,
                 const char *needle,
                 gsize       needle_len)
{
  gsize n = 0;

  for (gsize i = 0; i + needle_len <= length; i++)
    if (memcmp (text + i, needle, needle_len) == 0)
      {
        n++;
        i += needle_len - 1;
      }
  return n;
}

/* g_utf8_validate_len() refuses NUL bytes; a few of them in UTF-8 text
 * (a paste through a broken clipboard) must not make it CP437. */
static gboolean
utf8_between_nuls (const guint8 *data,
                   gsize         length)
{
  const guint8 *p = data;
  const guint8 *end = data + length;

  while (p < end)
    {
      const guint8 *nul = memchr (p, 0, (gsize) (end - p));
      const guint8 *stop = nul ? nul : end;

      if (!g_utf8_validate_len ((const char *) p, (gsize) (stop - p), NULL))
        return FALSE;
      p = nul ? nul + 1 : end;
    }
  return TRUE;
}

/* The same text as td_console_decode() would give for UTF-8 without the
 * NUL bytes, each NUL shown as U+FFFD: decoded piece by piece. */
static char *
decode_utf8_with_nuls (const guint8 *data,
                       gsize         length)
{
  GString *text = g_string_new (NULL);
  const guint8 *p = data;
  const guint8 *end = data + length;

  while (p < end)
    {
      const guint8 *nul = memchr (p, 0, (gsize) (end - p));
      const guint8 *stop = nul ? nul : end;
      g_autofree char *piece = td_console_decode (p, (gsize) (stop - p), NULL);

      g_string_append (text, piece);
      if (nul != NULL)
        g_string_append (text, REPLACEMENT);
      p = nul ? nul + 1 : end;
    }
  return g_string_free (text, FALSE);
}

static char *
decode (Reader       *reader,
        const guint8 *data,
        gsize         length)
{
  TdCapture *self = reader->self;
  const char *utf16 = td_capture_utf16_kind (data, length);
  g_autofree char *codepage = NULL;
  char *text = NULL;
  gsize nul = 0, replaced_before, replaced_after;

  if (utf16 != NULL)
    {
      self->encoding = g_strdup (utf16);
      /* A UTF-16 file cut in the middle of a character would not convert
       * at all; drop the half character. */
      return td_console_decode (data, length & ~(gsize) 1, NULL);
    }

  for (gsize i = 0; i < length; i++)
    nul += data[i] == 0;
  replaced_before = count_substring ((const char *) data, length, REPLACEMENT, 3);
  if (utf8_between_nuls (data, length))
    {
      self->encoding = g_strdup ("UTF-8");
      if (nul > 0)
        text = decode_utf8_with_nuls (data, length);
    }
  else
    {
      codepage = td_capture_find_codepage (data, length);
      if (codepage == NULL)
        {
          codepage = td_capture_guess_codepage (data, length);
          self->encoding_guessed = TRUE;
        }
      self->encoding = g_str_equal (codepage, "65001") ? g_strdup ("UTF-8")
                                                     : g_strdup_printf ("CP%s", codepage);
    }
  if (text == NULL)
    text = td_console_decode (data, length, codepage);

  if (nul > 0)
    add_note (reader, TD_CAPTURE_NOTE_ENCODING, NULL, 0,
              g_dngettext (GETTEXT_PACKAGE, "The text holds %lu NUL byte, shown as �",
                           "The text holds %lu NUL bytes, shown as �", (gulong) nul), (gulong) nul);
  replaced_after = count_substring (text, strlen (text), REPLACEMENT, 3);
  if (replaced_after > replaced_before + nul)
    add_note (reader, TD_CAPTURE_NOTE_ENCODING, NULL, 0,
              /* TRANSLATORS: %s is an encoding such as CP936. */
              _("Some bytes are not valid %s and are shown as �"), self->encoding);
  return text;
}

/* Splits @text in place: every line end (CRLF, LF, a lone CR, and the
 * CR CR LF some programs write) becomes a NUL; a BOM at a line's start
 * goes; a line over TD_CAPTURE_MAX_LINE_BYTES is cut. */
static GPtrArray *
split_lines (Reader  *reader,
             char    *text,
             GError **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  gsize count = 0;
  char *p = text;
  guint long_lines = 0;

  for (const char *q = text; *q != '\0'; q++)
    count += *q == '\n' || (*q == '\r' && q[1] != '\n' && q[1] != '\r');
  if (count >= TD_CAPTURE_MAX_LINES)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_TOO_LARGE,
                   _("The text has more than %u lines; collected command output has far fewer"),
                   (guint) TD_CAPTURE_MAX_LINES);
      return NULL;
    }

  while (*p != '\0')
    {
      char *start = p;
      char *stop;
      gsize len;

      while (*p != '\0' && *p != '\n' && *p != '\r')
        p++;
      stop = p;
      if (*p == '\r')
        {
          char *q = p;

          while (*q == '\r')
            q++;
          p = *q == '\n' ? q + 1 : p + 1;
        }
      else if (*p == '\n')
        p++;
      *stop = '\0';

      if (g_str_has_prefix (start, "\xef\xbb\xbf"))
        start += 3;
      len = (gsize) (stop - start);
      if (len > TD_CAPTURE_MAX_LINE_BYTES)
        {
          char *cut = start + TD_CAPTURE_MAX_LINE_BYTES;

          /* Not inside a UTF-8 sequence. */
          while (cut > start && ((guchar) *cut & 0xc0) == 0x80)
            cut--;
          *cut = '\0';
          if (long_lines++ == 0)
            add_note (reader, TD_CAPTURE_NOTE_LONG_LINE, NULL, lines->len + 1,
                      /* TRANSLATORS: %u is a line number, %lu a size in bytes. */
                      _("Line %u is %lu bytes long and was cut: console output has no such lines"),
                      lines->len + 1, (gulong) len);
        }
      g_ptr_array_add (lines, start);
    }
  if (long_lines > 1)
    add_note (reader, TD_CAPTURE_NOTE_LONG_LINE, NULL, 0,
              g_dngettext (GETTEXT_PACKAGE, "%u line was cut to %u bytes", "%u lines were cut to %u bytes",
                           long_lines), long_lines, (guint) TD_CAPTURE_MAX_LINE_BYTES);
  return g_steal_pointer (&lines);
}

/* ---- after the walk ------------------------------------------------------------------ */

static void
mark_superseded (TdCapture *self)
{
  gboolean seen[TD_CAPTURE_N_CMDS] = { FALSE, };

  for (guint i = self->outputs->len; i > 0; i--)
    {
      TdCaptureOutput *output = g_ptr_array_index (self->outputs, i - 1);
      TdCaptureCmd cmd = td_capture_cmd_from_argv ((const char * const *) output->argv);

      if (cmd == TD_CAPTURE_CMD_NONE)
        continue;
      output->superseded = seen[cmd];
      seen[cmd] = TRUE;
    }
}

static gboolean
has_output (const TdCapture *self,
            TdCaptureCmd     cmd)
{
  return td_capture_lookup (self, td_capture_cmd_argv (cmd)) != NULL;
}

static void
list_missing (TdCapture *self)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  gboolean paste = self->source == TD_CAPTURE_SOURCE_PASTE;
  gboolean teredo = has_output (self, TD_CAPTURE_CMD_TEREDO) || has_output (self, TD_CAPTURE_CMD_TEREDO_XP);

  for (guint i = 0; i < TD_CAPTURE_N_CMDS; i++)
    {
      TdCaptureCmd cmd = (TdCaptureCmd) i;

      if (has_output (self, cmd))
        continue;
      /* A paste answers the help desk's questions, not the batch file's:
       * either Teredo command will do, and chcp and ver are extras. */
      if (paste && (cmd == TD_CAPTURE_CMD_CHCP || cmd == TD_CAPTURE_CMD_VER
                    || cmd == TD_CAPTURE_CMD_TEREDO_XP || (cmd == TD_CAPTURE_CMD_TEREDO && teredo)))
        continue;
      g_strv_builder_add (missing, td_capture_cmd_line (cmd));
    }
  self->missing = g_strv_builder_end (missing);
}

static void
finish (Reader *reader)
{
  TdCapture *self = reader->self;

  if (reader->dropped_outputs > 0)
    add_note (reader, TD_CAPTURE_NOTE_LIMIT, NULL, 0,
              _("Only the first %u outputs were kept; %u more were skipped"),
              (guint) TD_CAPTURE_MAX_OUTPUTS, reader->dropped_outputs);
  if (reader->dropped_notes > 0)
    {
      /* Past the limit on purpose: the count must be there. */
      TdCaptureNote *note = g_new0 (TdCaptureNote, 1);

      note->kind = TD_CAPTURE_NOTE_LIMIT;
      note->message = g_strdup_printf (_("%u more notes were left out"), reader->dropped_notes);
      g_ptr_array_add (self->notes, note);
    }
  if (self->source == TD_CAPTURE_SOURCE_FILE && !self->complete)
    {
      TdCaptureNote *note = g_new0 (TdCaptureNote, 1);

      note->kind = TD_CAPTURE_NOTE_TRUNCATED;
      note->message = g_strdup (_("The collected file ends early: it was cut off, or the batch file "
                                  "was stopped before it finished"));
      g_ptr_array_add (self->notes, note);
    }

  mark_superseded (self);
  list_missing (self);
  if (!reader->elevation_set)
    {
      if (reader->saw_denied)
        self->elevation = TD_CAPTURE_ELEVATION_NO;
      else if (reader->saw_system32)
        self->elevation = TD_CAPTURE_ELEVATION_LIKELY;
    }
  if (reader->date != NULL || reader->time != NULL)
    self->collected_at = g_strstrip (g_strdup_printf ("%s %s", reader->date ? reader->date : "",
                                                      reader->time ? reader->time : ""));
}

/* ---- entry points ---------------------------------------------------------------------- */

gboolean
td_capture_check_size (guint64   size,
                       GError  **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *limit = NULL;

  if (size <= TD_CAPTURE_MAX_BYTES)
    return TRUE;
  /* With the byte count: just over the limit would read "40.0 MiB". */
  shown = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
  limit = g_format_size_full (TD_CAPTURE_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, TD_ERROR, TD_ERROR_TOO_LARGE,
               /* TRANSLATORS: both are sizes such as "120 MiB". */
               _("The file is %s, larger than the limit of %s for collected command output"),
               shown, limit);
  return FALSE;
}

/* Refuses what is not text to read; TRUE to go on. */
static gboolean
check_kind (const guint8  *data,
            gsize          length,
            GError       **error)
{
  g_autofree char *description = NULL;

  switch (td_capture_sniff (data, length, &description))
    {
    case TD_CAPTURE_KIND_EMPTY:
      g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                           length == 0 ? _("The file is empty")
                                       : _("The text is blank: it holds no command output"));
      return FALSE;
    case TD_CAPTURE_KIND_REPORT:
      g_set_error_literal (error, TD_ERROR, TD_ERROR_NOT_SUPPORTED,
                           _("This is a Teredo Doctor JSON report, not command output: open it as "
                             "a report"));
      return FALSE;
    case TD_CAPTURE_KIND_OTHER_FILE:
      g_set_error (error, TD_ERROR, TD_ERROR_NOT_SUPPORTED,
                   /* TRANSLATORS: %s says what the file is: "a PNG image". */
                   _("This is %s, not Windows command output"), description);
      return FALSE;
    case TD_CAPTURE_KIND_BINARY:
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   /* TRANSLATORS: %s says what the file holds: "binary data, not text". */
                   _("This file holds %s"), description);
      return FALSE;
    case TD_CAPTURE_KIND_TEXT:
    default:
      return TRUE;
    }
}

static void
set_nothing_found (Reader  *reader,
                   GError **error)
{
  TdCapture *self = reader->self;
  g_autofree char *first = NULL;

  for (guint i = 0; i < reader->n_lines && first == NULL; i++)
    if (!blank (reader->lines[i]) && !is_marker (reader->lines[i]))
      first = quote (reader->lines[i]);
  const TdCaptureNote *recognised = NULL;

  /* An sc error or another command's output was recognised: saying so
   * helps more than quoting the text. */
  for (guint i = 0; i < self->notes->len && recognised == NULL; i++)
    {
      const TdCaptureNote *note = g_ptr_array_index (self->notes, i);

      if (note->kind == TD_CAPTURE_NOTE_AMBIGUOUS || note->kind == TD_CAPTURE_NOTE_OTHER_COMMAND
          || note->kind == TD_CAPTURE_NOTE_TRUNCATED)
        recognised = note;
    }

  if (self->source == TD_CAPTURE_SOURCE_FILE)
    g_set_error_literal (error, TD_ERROR, TD_ERROR_NOT_FOUND,
                         _("The collected file ends before the output of its first command: it was "
                           "cut off"));
  else if (recognised != NULL)
    g_set_error (error, TD_ERROR, TD_ERROR_NOT_FOUND,
                 /* TRANSLATORS: %s is a sentence about what was found. */
                 _("No output of a command Teredo Doctor reads: %s"), recognised->message);
  else if (first == NULL)
    g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                         _("The text is blank: it holds no command output"));
  else
    g_set_error (error, TD_ERROR, TD_ERROR_NOT_FOUND,
                 /* TRANSLATORS: %s is the beginning of the text. */
                 _("No Windows command output found: the text begins with “%s”"), first);
}

TdCapture *
td_capture_parse (const guint8  *data,
                  gsize          length,
                  GError       **error)
{
  g_autoptr(TdCapture) self = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  Reader reader = { NULL, };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!td_capture_check_size (length, error) || !check_kind (data, length, error))
    return NULL;

  self = g_new0 (TdCapture, 1);
  self->source = TD_CAPTURE_SOURCE_PASTE;
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) output_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  reader.self = self;

  text = decode (&reader, data, length);
  lines = split_lines (&reader, text, error);
  if (lines == NULL)
    return NULL;
  reader.lines = (const char **) lines->pdata;
  reader.n_lines = lines->len;

  read_all (&reader);
  finish (&reader);
  if (self->outputs->len == 0)
    set_nothing_found (&reader, error);
  g_free (reader.date);
  g_free (reader.time);
  if (self->outputs->len == 0)
    return NULL;
  return g_steal_pointer (&self);
}

const TdCaptureOutput *
td_capture_lookup (const TdCapture    *self,
                   const char * const *argv)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (argv == NULL)
    return NULL;
  for (guint i = self->outputs->len; i > 0; i--)
    {
      const TdCaptureOutput *output = g_ptr_array_index (self->outputs, i - 1);

      if (g_strv_equal ((const char * const *) output->argv, argv))
        return output;
    }
  return NULL;
}

TdCommandResult *
td_capture_command_result (const TdCapture    *self,
                           const char * const *argv)
{
  const TdCaptureOutput *output = td_capture_lookup (self, argv);
  TdCommandResult *result = g_new0 (TdCommandResult, 1);
  g_autofree char *line = NULL;

  g_return_val_if_fail (argv != NULL, result);

  result->argv = g_strdupv ((char **) argv);
  result->exit_status = -1;
  line = g_strjoinv (" ", (char **) argv);
  if (output == NULL)
    {
      result->error = g_error_new (TD_ERROR, TD_ERROR_NOT_FOUND,
                                   /* TRANSLATORS: %s is a command line. */
                                   _("“%s” is not in the collected output"), line);
      return result;
    }
  result->exited = TRUE;
  result->exit_status = output->exit_status;
  result->stdout_text = g_strdup (output->output);
  result->stdout_bytes = strlen (output->output);
  if (!output->complete)
    result->error = g_error_new (TD_ERROR, TD_ERROR_PARSE,
                                 /* TRANSLATORS: %s is a command line. */
                                 _("The output of “%s” is cut off in the collected file"), line);
  return result;
}

/* "a, b and c" is not worth a translator's time here: commands are code. */
static char *
join_commands (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append (text, C_("list separator", ", "));
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
td_capture_dup_summary (const TdCapture *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *found_text = NULL;
  gboolean teredo_missing = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->outputs->len; i++)
    {
      const TdCaptureOutput *output = g_ptr_array_index (self->outputs, i);
      TdCaptureCmd cmd = td_capture_cmd_from_argv ((const char * const *) output->argv);

      if (!output->superseded && cmd != TD_CAPTURE_CMD_NONE)
        g_ptr_array_add (found, (gpointer) td_capture_cmd_line (cmd));
    }
  found_text = join_commands (found);
  for (guint i = 0; self->missing[i] != NULL; i++)
    teredo_missing |= g_str_equal (self->missing[i], td_capture_cmd_line (TD_CAPTURE_CMD_TEREDO));

  if (teredo_missing)
    g_string_append_printf (summary,
                            /* TRANSLATORS: %s lists command lines. */
                            _("This looks like %s, but the Teredo state is missing: ask for “netsh "
                              "interface teredo show state” (on Windows XP “netsh interface ipv6 show "
                              "teredo”)."), found_text);
  else
    g_string_append_printf (summary, _("Found: %s."), found_text);
  if (self->missing[0] != NULL)
    {
      g_autoptr(GPtrArray) missing = g_ptr_array_new ();

      for (guint i = 0; self->missing[i] != NULL; i++)
        if (!g_str_equal (self->missing[i], td_capture_cmd_line (TD_CAPTURE_CMD_TEREDO)))
          g_ptr_array_add (missing, self->missing[i]);
      if (missing->len > 0)
        {
          g_autofree char *missing_text = join_commands (missing);

          g_string_append_c (summary, ' ');
          /* TRANSLATORS: %s lists command lines. */
          g_string_append_printf (summary, _("Missing: %s."), missing_text);
        }
    }
  if (self->source == TD_CAPTURE_SOURCE_FILE && self->elevation == TD_CAPTURE_ELEVATION_NO)
    {
      g_string_append_c (summary, ' ');
      g_string_append (summary, _("The batch file ran without administrator rights, so the Teredo "
                                  "state may lack its runtime lines (State, NAT, mappings): ask for a "
                                  "run as administrator."));
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

GBytes *
td_capture_read_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  guint8 buffer[64 * 1024];

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* The size first, so that a huge file is refused without reading it. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
      && !td_capture_check_size ((guint64) g_file_info_get_size (info), error))
    return NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (contents, buffer, (guint) n);
      /* Pipes and growing files have no size to check beforehand. */
      if (contents->len > TD_CAPTURE_MAX_BYTES)
        {
          g_autofree char *limit = g_format_size_full (TD_CAPTURE_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, TD_ERROR, TD_ERROR_TOO_LARGE,
                       /* TRANSLATORS: %s is a size such as "40 MiB". */
                       _("The file is larger than the limit of %s for collected command output"), limit);
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}
