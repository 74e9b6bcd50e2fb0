/* td-remote.c — diagnose a Windows computer from the command outputs its
 * user ran there and sent back (help-desk mode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "td-checks.h"
#include "td-diagnosis.h"
#include "td-error.h"
#include "td-host-collect.h"
#include "td-host-windows.h"
#include "td-remote-guide.h"
#include "td-remote.h"
#include "td-runner.h"

#define READ_CHUNK (64 * 1024)

/* ---- reading a file or a stream ---------------------------------------- */

void
td_remote_input_free (TdRemoteInput *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->report);
  g_clear_pointer (&self->capture, td_capture_free);
  g_free (self);
}

typedef struct {
  GFile             *file;   /* NULL: standard input */
  TdRemoteLoadFlags  flags;
} LoadData;

static void
load_data_free (LoadData *load)
{
  g_clear_object (&load->file);
  g_free (load);
}

/* Standard input (a pipe, a terminal) has no size to check beforehand:
 * stop as soon as more than the limit arrived.  C's stdio, which every
 * platform has (GIO's stdin streams are per-platform). */
static GBytes *
read_stdin (GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (READ_CHUNK);

  for (;;)
    {
      size_t n = fread (buffer, 1, READ_CHUNK, stdin);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (n > 0)
        g_byte_array_append (contents, buffer, (guint) n);
      if (!td_capture_check_size (contents->len, error))
        return NULL;
      if (n < READ_CHUNK)
        {
          if (ferror (stdin))
            {
              g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("Cannot read the standard input: %s"),
                           g_strerror (errno));
              return NULL;
            }
          break;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

/* An object after optional blanks (and a UTF-8 byte order mark). */
static gboolean
looks_like_json (const guint8 *data,
                 gsize         size)
{
  gsize i = 0;

  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < size && g_ascii_isspace (data[i]))
    i++;
  return i < size && data[i] == '{';
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TdRemoteInput) input = g_new0 (TdRemoteInput, 1);
  GError *error = NULL;
  const guint8 *data;
  gsize size;

  bytes = load->file != NULL ? td_capture_read_file (load->file, cancellable, &error)
                             : read_stdin (cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  data = g_bytes_get_data (bytes, &size);
  input->size = size;
  input->kind = td_capture_sniff (data, size, NULL);
  /* Opening a report, any other JSON is a report gone wrong: the report
   * reader says precisely what is wrong with it. */
  if ((load->flags & TD_REMOTE_LOAD_REPORTS) && input->kind == TD_CAPTURE_KIND_OTHER_FILE
      && looks_like_json (data, size))
    input->kind = TD_CAPTURE_KIND_REPORT;
  if (input->kind == TD_CAPTURE_KIND_REPORT)
    {
      if (!(load->flags & TD_REMOTE_LOAD_REPORTS))
        {
          g_task_return_new_error (task, TD_ERROR, TD_ERROR_NOT_SUPPORTED, "%s",
                                   _("This is a Teredo Doctor report, not collected command output: "
                                     "use “teredo-doctor-cli report convert” to render it, or open it "
                                     "in Teredo Doctor"));
          return;
        }
      input->report = td_report_load_from_data ((const char *) data, (gssize) size, &error);
      if (input->report == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_pointer (task, g_steal_pointer (&input), (GDestroyNotify) td_remote_input_free);
      return;
    }
  /* Everything else is for the capture reader, which says precisely what
   * is wrong with an empty, binary or other file. */
  input->kind = TD_CAPTURE_KIND_TEXT;
  input->capture = td_capture_parse (size > 0 ? data : (const guint8 *) "", size, &error);
  if (input->capture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&input), (GDestroyNotify) td_remote_input_free);
}

void
td_remote_load_async (GFile               *file,
                      TdRemoteLoadFlags    flags,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (file == NULL || G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_remote_load_async);
  load = g_new0 (LoadData, 1);
  load->file = file != NULL ? g_object_ref (file) : NULL;
  load->flags = flags;
  g_task_set_task_data (task, load, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

TdRemoteInput *
td_remote_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_remote_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the captured outputs as the collector's command results ------------ */

static const TdCapture *
holder_of (TdCapture * const  *captures,
           guint               n_captures,
           const char * const *argv)
{
  for (guint i = n_captures; i > 0; i--)
    if (td_capture_lookup (captures[i - 1], argv) != NULL)
      return captures[i - 1];
  return NULL;
}

/* Only the Windows XP form of the Teredo state was pasted: the modern form
 * did not answer, as it does not on XP, so that the collector falls back to
 * the XP form exactly as on a live XP machine. */
static TdCommandResult *
modern_teredo_not_collected (const char * const *argv)
{
  TdCommandResult *result = g_new0 (TdCommandResult, 1);
  g_autofree char *line = g_strjoinv (" ", (char **) argv);

  result->argv = g_strdupv ((char **) argv);
  result->exited = TRUE;
  result->exit_status = 1;
  result->stdout_text = g_strdup ("");
  result->stderr_text = g_strdup_printf (_("“%s” is not in the collected output, only its Windows XP "
                                           "form"), line);
  return result;
}

GPtrArray *
td_remote_command_results (TdCapture * const *captures,
                           guint              n_captures)
{
  const char * const * const *commands = td_host_windows_get_commands ();
  const char * const *argv_teredo = td_capture_cmd_argv (TD_CAPTURE_CMD_TEREDO);
  const char * const *argv_teredo_xp = td_capture_cmd_argv (TD_CAPTURE_CMD_TEREDO_XP);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) td_command_result_free);

  g_return_val_if_fail (captures != NULL && n_captures > 0, results);

  for (guint i = 0; commands[i] != NULL; i++)
    {
      const TdCapture *holder = holder_of (captures, n_captures, commands[i]);

      if (holder == NULL && g_strv_equal (commands[i], argv_teredo)
          && holder_of (captures, n_captures, argv_teredo_xp) != NULL)
        g_ptr_array_add (results, modern_teredo_not_collected (commands[i]));
      else
        g_ptr_array_add (results, td_capture_command_result (holder ? holder : captures[n_captures - 1],
                                                             commands[i]));
    }
  return results;
}

/* ---- origin ------------------------------------------------------------- */

static const char *
elevation_name (TdCaptureElevation elevation)
{
  switch (elevation)
    {
    case TD_CAPTURE_ELEVATION_YES:
      return "yes";
    case TD_CAPTURE_ELEVATION_NO:
      return "no";
    case TD_CAPTURE_ELEVATION_LIKELY:
      return "likely";
    case TD_CAPTURE_ELEVATION_UNKNOWN:
    default:
      return "unknown";
    }
}

static void
take_latest (char       **slot,
             const char  *value)
{
  if (value != NULL)
    {
      g_free (*slot);
      *slot = g_strdup (value);
    }
}

/* Several pastes answer the help desk's questions one by one: what none of
 * them holds is missing (chcp and ver are extras, either Teredo form will
 * do), in the batch file's order. */
static char **
missing_from_pastes (TdCapture * const *captures,
                     guint              n_captures)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  gboolean teredo = FALSE;

  for (guint cmd = 0; cmd < TD_CAPTURE_N_CMDS; cmd++)
    if (cmd == TD_CAPTURE_CMD_TEREDO || cmd == TD_CAPTURE_CMD_TEREDO_XP)
      teredo |= holder_of (captures, n_captures, td_capture_cmd_argv (cmd)) != NULL;
  for (guint cmd = 0; cmd < TD_CAPTURE_N_CMDS; cmd++)
    {
      if (cmd == TD_CAPTURE_CMD_CHCP || cmd == TD_CAPTURE_CMD_VER || cmd == TD_CAPTURE_CMD_TEREDO_XP
          || (cmd == TD_CAPTURE_CMD_TEREDO && teredo))
        continue;
      if (holder_of (captures, n_captures, td_capture_cmd_argv (cmd)) == NULL)
        g_strv_builder_add (missing, td_capture_cmd_line (cmd));
    }
  return g_strv_builder_end (missing);
}

TdReportOrigin *
td_remote_origin_new (TdCapture * const *captures,
                      guint              n_captures)
{
  TdReportOrigin *origin = td_report_origin_new ();
  g_autoptr(GStrvBuilder) notes = g_strv_builder_new ();
  TdCaptureElevation elevation = TD_CAPTURE_ELEVATION_UNKNOWN;
  gboolean file = FALSE;

  g_return_val_if_fail (captures != NULL && n_captures > 0, origin);

  origin->complete = TRUE;
  for (guint i = 0; i < n_captures; i++)
    {
      const TdCapture *capture = captures[i];

      file |= capture->source == TD_CAPTURE_SOURCE_FILE;
      if (capture->source == TD_CAPTURE_SOURCE_FILE && !capture->complete)
        origin->complete = FALSE;
      take_latest (&origin->computer, capture->host_name);
      take_latest (&origin->collected_at, capture->collected_at);
      take_latest (&origin->windows_version, capture->windows_version);
      take_latest (&origin->codepage, capture->codepage);
      take_latest (&origin->encoding, capture->encoding);
      /* What the batch file said, or the latest sign of it. */
      if (capture->elevation != TD_CAPTURE_ELEVATION_UNKNOWN)
        elevation = capture->elevation;
      for (guint j = 0; j < capture->notes->len; j++)
        {
          const TdCaptureNote *note = g_ptr_array_index (capture->notes, j);

          if (n_captures == 1)
            g_strv_builder_add (notes, note->message);
          else
            {
              /* TRANSLATORS: %u numbers the pastes, %s is a note about one. */
              g_autofree char *text = g_strdup_printf (_("Paste %u: %s"), i + 1, note->message);

              g_strv_builder_add (notes, text);
            }
        }
    }
  g_free (origin->from);
  origin->from = g_strdup (file ? "batch-file" : "paste");
  g_free (origin->elevated);
  origin->elevated = g_strdup (elevation_name (elevation));
  g_strfreev (origin->notes);
  origin->notes = g_strv_builder_end (notes);
  g_strfreev (origin->missing);
  origin->missing = n_captures == 1 ? g_strdupv (captures[0]->missing)
                                    : missing_from_pastes (captures, n_captures);
  return origin;
}

/* ---- the diagnosis ------------------------------------------------------ */

typedef void (*HostEval) (TdCheckResult *result,
                          TdHost        *host);

static void
eval_teredo_client (TdCheckResult *result,
                    TdHost        *host)
{
  /* No countdown: the state is the one printed when it was collected. */
  td_check_eval_teredo_client (result, host, NULL, 0);
}

static void
eval_teredo_error (TdCheckResult *result,
                   TdHost        *host)
{
  td_check_eval_teredo_error (result, host, NULL);
}

static void
eval_not_run (TdCheckResult *result,
              TdHost        *host)
{
  td_check_eval_remote_not_run (result);
}

/* Every check of the checklist, judged from the captured host alone. */
static HostEval
eval_for (const char *id)
{
  static const struct {
    const char *id;
    HostEval    eval;
  } evals[] = {
    { "ipv6-stack", td_check_eval_ipv6_stack },
    { "global-cloud", td_check_eval_global_cloud },
    { "teredo-client", eval_teredo_client },
    { "teredo-error", eval_teredo_error },
    { "teredo-components", td_check_eval_teredo_components },
    { "managed-network", td_check_eval_managed_network },
    { "ipv6-firewall", td_check_eval_ipv6_firewall },
    { "server-dns", td_check_eval_remote_dns },
    { "server-udp", td_check_eval_remote_udp },
    { "nat-type", td_check_eval_remote_nat },
  };

  for (guint i = 0; i < G_N_ELEMENTS (evals); i++)
    if (g_str_equal (evals[i].id, id))
      return evals[i].eval;
  /* ipv6-http, server-ping, and any check that needs this computer's
   * network: nothing can be sent from that computer. */
  return eval_not_run;
}

typedef struct {
  GPtrArray      *results;
  TdRemoteAnswers answers;
  TdReportOrigin *origin;
  GDateTime      *started_at;
  gint64          start_us;
} Diagnosis;

static void
diagnosis_free (Diagnosis *diagnosis)
{
  g_clear_pointer (&diagnosis->results, g_ptr_array_unref);
  g_clear_pointer (&diagnosis->origin, td_report_origin_free);
  g_clear_pointer (&diagnosis->started_at, g_date_time_unref);
  g_free (diagnosis);
}

static void
on_host_collected (GObject      *object,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Diagnosis *diagnosis = g_task_get_task_data (task);
  const char * const *ids = td_runner_get_check_ids ();
  g_autoptr(TdReport) report = NULL;
  g_autoptr(TdVerdict) verdict = NULL;
  g_autoptr(TdHost) host = NULL;
  g_autoptr(TdRemoteQuestion) question = NULL;
  TdCheckResult *ipv6_http = NULL;
  GError *error = NULL;

  host = td_host_collect_finish (res, &error);
  if (host == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A verdict that an output still missing could change is provisional. */
  question = td_remote_guide_next (&diagnosis->answers, host);
  diagnosis->origin->conclusive = question->ask == TD_REMOTE_ASK_NOTHING;

  report = td_report_new ();
  td_report_set_started_at (report, diagnosis->started_at);
  td_report_set_platform (report, TD_PLATFORM_WINDOWS);
  td_report_set_hostname (report, diagnosis->origin->computer);
  td_report_set_server (report, host->client != NULL ? host->client->server_name : NULL);
  td_report_set_host (report, host);
  td_report_set_origin (report, diagnosis->origin);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(TdCheckResult) check = td_check_result_new (ids[i], td_runner_get_check_title (ids[i]));

      eval_for (ids[i]) (check, host);
      td_report_add_check (report, check);
      if (g_str_equal (ids[i], "ipv6-http"))
        ipv6_http = check;
    }
  /* The same rules as a live run; with no probe, the client's own error
   * lines stand for the probe's findings. */
  verdict = td_diagnose (TD_PLATFORM_WINDOWS, host, NULL, ipv6_http);
  td_report_set_verdict (report, verdict);
  td_report_set_duration_ms (report, (g_get_monotonic_time () - diagnosis->start_us) / 1000);
  g_task_return_pointer (task, g_steal_pointer (&report), g_object_unref);
}

void
td_remote_diagnose_async (TdCapture * const  *captures,
                          guint               n_captures,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Diagnosis *diagnosis;

  g_return_if_fail (captures != NULL && n_captures > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_remote_diagnose_async);
  diagnosis = g_new0 (Diagnosis, 1);
  diagnosis->results = td_remote_command_results (captures, n_captures);
  diagnosis->origin = td_remote_origin_new (captures, n_captures);
  td_remote_answers_init (&diagnosis->answers, captures, n_captures);
  diagnosis->started_at = g_date_time_new_now_utc ();
  diagnosis->start_us = g_get_monotonic_time ();
  g_task_set_task_data (task, diagnosis, (GDestroyNotify) diagnosis_free);

  td_host_collect_captured_async (TD_PLATFORM_WINDOWS, diagnosis->results, cancellable,
                                  on_host_collected, g_steal_pointer (&task));
}

TdReport *
td_remote_diagnose_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_remote_diagnose_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the batch file ------------------------------------------------------- */

GFile *
td_remote_find_batch_file (void)
{
  const char * const dirs[] = { PKGDATADIR, SOURCE_DATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "teredo-doctor-collect.bat", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_file_new_for_path (path);
    }
  return NULL;
}
