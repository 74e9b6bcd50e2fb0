/* fuzz-capture.c — libFuzzer target for the help-desk capture reader
 *
 * What a user sends back is untrusted: any bytes, any size up to the limit.
 * Besides memory errors this checks the reader's promises and aborts when
 * one breaks:
 *   • exactly one of a capture and a TD_ERROR with a UTF-8 message;
 *   • every output is one of the collector's commands, valid UTF-8, free of
 *     CR, and ends with a line end;
 *   • the last output of each command is what td_capture_lookup() returns,
 *     and only that one is not superseded;
 *   • td_capture_command_result() and td_capture_dup_summary() work for
 *     every command, whatever the capture holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "td-capture.h"
#include "td-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (gboolean condition)
{
  if (!condition)
    abort ();
}

static void
check_output (const TdCapture       *capture,
              const TdCaptureOutput *output)
{
  g_autofree char *line = g_strjoinv (" ", output->argv);
  const TdCaptureOutput *last = td_capture_lookup (capture, (const char * const *) output->argv);
  gsize len = strlen (output->output);

  check (g_strv_contains (td_capture_command_lines (), line));
  check (g_utf8_validate (output->output, -1, NULL));
  check (strchr (output->output, '\r') == NULL);
  check (len == 0 || output->output[len - 1] == '\n');
  check (last != NULL);
  check ((last == output) == !output->superseded);
  check (output->typed == NULL || g_utf8_validate (output->typed, -1, NULL));
  check (output->line > 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = td_capture_parse (data, size, &error);
  g_autofree char *summary = NULL;
  const char * const *commands = td_capture_command_lines ();

  if (capture == NULL)
    {
      check (error != NULL && error->domain == TD_ERROR && error->message[0] != '\0');
      check (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  check (error == NULL);
  check (capture->outputs->len > 0 && capture->outputs->len <= TD_CAPTURE_MAX_OUTPUTS);
  check (capture->notes->len <= TD_CAPTURE_MAX_NOTES + 2);
  check (capture->encoding != NULL);
  for (guint i = 0; i < capture->outputs->len; i++)
    check_output (capture, g_ptr_array_index (capture->outputs, i));
  for (guint i = 0; i < capture->notes->len; i++)
    {
      const TdCaptureNote *note = g_ptr_array_index (capture->notes, i);

      check (g_utf8_validate (note->message, -1, NULL));
      check (note->command == NULL || g_utf8_validate (note->command, -1, NULL));
    }
  for (guint i = 0; commands[i] != NULL; i++)
    {
      g_auto(GStrv) argv = g_strsplit (commands[i], " ", -1);
      g_autoptr(TdCommandResult) result = td_capture_command_result (capture, (const char * const *) argv);
      gboolean present = td_capture_lookup (capture, (const char * const *) argv) != NULL;

      check (result != NULL);
      check (present ? result->stdout_text != NULL : result->error != NULL);
      check (present || g_strv_contains ((const char * const *) capture->missing, commands[i])
             || capture->source == TD_CAPTURE_SOURCE_PASTE);
    }
  summary = td_capture_dup_summary (capture);
  check (summary != NULL && g_utf8_validate (summary, -1, NULL));
  return 0;
}
