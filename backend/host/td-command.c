/* td-command.c — run one external command asynchronously, with a deadline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-command.h"
#include "td-command-native.h"
#include "td-console-decode.h"
#include "td-console-native.h"
#include "td-error.h"

#define READ_CHUNK 65536

G_DEFINE_BOXED_TYPE (TdCommandResult, td_command_result,
                     td_command_result_copy, td_command_result_free)

TdCommandResult *
td_command_result_copy (const TdCommandResult *self)
{
  TdCommandResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TdCommandResult, 1);
  *copy = *self;
  copy->argv = g_strdupv (self->argv);
  copy->path = g_strdup (self->path);
  copy->stdout_text = g_strdup (self->stdout_text);
  copy->stderr_text = g_strdup (self->stderr_text);
  copy->error = self->error ? g_error_copy (self->error) : NULL;
  return copy;
}

void
td_command_result_free (TdCommandResult *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->argv);
  g_free (self->path);
  g_free (self->stdout_text);
  g_free (self->stderr_text);
  g_clear_error (&self->error);
  g_free (self);
}

char *
td_command_result_dup_command_line (const TdCommandResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_strjoinv (" ", self->argv);
}

static char *
first_line (const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        return g_strdup (lines[i]);
    }
  return NULL;
}

gboolean
td_command_result_check (const TdCommandResult *self,
                         GError               **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (!self->exited)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_FAILED,
                   _("%s was killed by signal %d"), self->argv[0], self->term_signal);
      return FALSE;
    }
  if (self->exit_status != 0)
    {
      /* The first line of stderr is usually the reason ("Operation not
       * permitted"); Windows tools often print their complaint on stdout. */
      line = first_line (self->stderr_text);
      if (line == NULL)
        line = first_line (self->stdout_text);
      if (line != NULL && g_utf8_strlen (line, -1) > 200)
        {
          char *end = g_utf8_offset_to_pointer (line, 200);
          *end = '\0';
        }
      if (line != NULL)
        /* TRANSLATORS: a program, its exit status, then the first line it printed. */
        g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("%s exited with status %d: %s"),
                     self->argv[0], self->exit_status, line);
      else
        g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("%s exited with status %d"),
                     self->argv[0], self->exit_status);
      return FALSE;
    }
  return TRUE;
}

/* @program in the folders of $TD_COMMAND_PATH only, or NULL. */
static char *
find_in_command_path (const char *program,
                      const char *command_path)
{
  g_auto(GStrv) dirs = g_strsplit (command_path, G_SEARCHPATH_SEPARATOR_S, -1);
  g_autofree char *exe = g_strconcat (program, ".exe", NULL);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      const char *names[] = { program, exe };

      if (dirs[i][0] == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_autofree char *candidate = g_build_filename (dirs[i], names[j], NULL);

          if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) &&
              g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&candidate);
        }
    }
  return NULL;
}

char *
td_command_find_program (const char         *program,
                         const char * const *fallback_dirs)
{
  const char *command_path = g_getenv ("TD_COMMAND_PATH");
  char *path;

  g_return_val_if_fail (program != NULL, NULL);

  if (command_path != NULL)
    return find_in_command_path (program, command_path);
  path = g_find_program_in_path (program);
  if (path != NULL || fallback_dirs == NULL)
    return path;
  for (guint i = 0; fallback_dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (fallback_dirs[i], program, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/* ---------------------------------------------------------------------- */

typedef struct {
  GInputStream *stream;
  GByteArray   *data;
  gboolean      done;
} Reader;

typedef struct {
  TdCommandResult *result;
  GSubprocess     *subprocess;
  TdCommandGroup  *group;          /* the child and all it started */
  char            *codepage_hint;
  gsize            max_output;
  guint            timeout_ms;
  Reader           out;
  Reader           err;
  guint            pending;        /* stdout, stderr, wait */
  gboolean         child_done;
  GCancellable    *io_cancellable; /* ours: stops the reads once we give up */
  GSource         *timeout_source;
  GSource         *cancel_source;
  gint64           started;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_pointer (&data->result, td_command_result_free);
  g_clear_object (&data->subprocess);
  g_clear_pointer (&data->group, td_command_native_group_free);
  g_free (data->codepage_hint);
  g_clear_object (&data->out.stream);
  g_clear_object (&data->err.stream);
  if (data->out.data)
    g_byte_array_unref (data->out.data);
  if (data->err.data)
    g_byte_array_unref (data->err.data);
  g_clear_object (&data->io_cancellable);
  if (data->timeout_source)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->cancel_source)
    {
      g_source_destroy (data->cancel_source);
      g_source_unref (data->cancel_source);
    }
  g_free (data);
}

/* Kills the child and everything it started (its process group, its job
 * object): a shell script that runs `sleep 100` without exec leaves the
 * sleep holding our pipes open. */
static void
kill_child (RunData *data)
{
  /* Also right after the child exited while the pipes are still open: a
   * grandchild holds them. */
  if (!(data->child_done && data->out.done && data->err.done))
    td_command_native_group_kill (data->group);
  if (!data->child_done)
    g_subprocess_force_exit (data->subprocess);
  /* Something outside the group may still hold the pipes: stop waiting. */
  g_cancellable_cancel (data->io_cancellable);
}

static void
give_up (RunData *data,
         GError  *error)
{
  if (data->result->error == NULL)
    data->result->error = error;
  else
    g_error_free (error);
  kill_child (data);
}

static char *
decode (RunData    *data,
        GByteArray *bytes)
{
  if (bytes == NULL || bytes->len == 0)
    return NULL;
  return td_console_decode (bytes->data, bytes->len, data->codepage_hint);
}

static void
maybe_complete (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  TdCommandResult *result;

  if (--data->pending > 0)
    return;

  if (data->timeout_source)
    g_source_destroy (data->timeout_source);
  if (data->cancel_source)
    g_source_destroy (data->cancel_source);

  result = data->result;
  result->elapsed_us = g_get_monotonic_time () - data->started;
  result->stdout_bytes = data->out.data ? data->out.data->len : 0;
  result->stdout_text = decode (data, data->out.data);
  result->stderr_text = decode (data, data->err.data);
  data->result = NULL;
  g_task_return_pointer (task, result, (GDestroyNotify) td_command_result_free);
}

static void read_next (GTask *task, Reader *reader);

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  Reader *reader = (GInputStream *) source == data->out.stream ? &data->out : &data->err;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      /* EOF, or our own cancellation after a kill: either way this stream
       * is finished.  A real read error is rare enough to show as junk-free
       * truncated output; the exit status still tells what happened. */
      reader->done = TRUE;
      maybe_complete (task);
      return;
    }

  if (reader->data->len + g_bytes_get_size (bytes) > data->max_output)
    {
      gsize room = data->max_output - reader->data->len;
      g_autofree char *cmd = td_command_result_dup_command_line (data->result);

      g_byte_array_append (reader->data, g_bytes_get_data (bytes, NULL), room);
      /* TRANSLATORS: %s is the command line that was run. */
      give_up (data, g_error_new (TD_ERROR, TD_ERROR_TOO_LARGE,
                                  _("%s printed more than %llu bytes; output cut there"),
                                  cmd, (unsigned long long) data->max_output));
      reader->done = TRUE;
      maybe_complete (task);
      return;
    }

  g_byte_array_append (reader->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_next (g_steal_pointer (&task), reader);
}

static void
read_next (GTask  *task,
           Reader *reader)
{
  RunData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (reader->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->io_cancellable, on_read, task);
}

static void
on_wait (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  GSubprocess *subprocess = G_SUBPROCESS (source);

  /* No cancellable was given, so this only returns once the child is gone. */
  g_subprocess_wait_finish (subprocess, res, NULL);
  data->child_done = TRUE;
  if (g_subprocess_get_if_exited (subprocess))
    {
      data->result->exited = TRUE;
      data->result->exit_status = g_subprocess_get_exit_status (subprocess);
    }
  else if (g_subprocess_get_if_signaled (subprocess))
    data->result->term_signal = g_subprocess_get_term_sig (subprocess);
  maybe_complete (task);
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autofree char *cmd = td_command_result_dup_command_line (data->result);

  if (data->timeout_ms % 1000 == 0)
    /* TRANSLATORS: %s is the command line that was run; "s" is seconds. */
    give_up (data, g_error_new (TD_ERROR, TD_ERROR_TIMEOUT,
                                _("%s did not finish within %u s"), cmd, data->timeout_ms / 1000));
  else
    /* TRANSLATORS: %s is the command line that was run; "ms" is milliseconds. */
    give_up (data, g_error_new (TD_ERROR, TD_ERROR_TIMEOUT,
                                _("%s did not finish within %u ms"), cmd, data->timeout_ms));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);

  give_up (data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("Operation was cancelled")));
  return G_SOURCE_REMOVE;
}

static guint
default_timeout (void)
{
  const char *env = g_getenv ("TD_COMMAND_TIMEOUT_MS");
  guint64 value;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT, &value, NULL))
    return (guint) value;
  return TD_COMMAND_DEFAULT_TIMEOUT_MS;
}

void
td_command_run_async (const char * const     *argv,
                      const TdCommandOptions *options,
                      GCancellable           *cancellable,
                      GAsyncReadyCallback     callback,
                      gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) real_argv = NULL;
  RunData *data;

  g_return_if_fail (argv != NULL && argv[0] != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The task does not check the cancellable itself: a cancelled run still
   * returns its result (with the error inside) for the evidence. */
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, td_command_run_async);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (RunData, 1);
  data->result = g_new0 (TdCommandResult, 1);
  data->result->argv = g_strdupv ((char **) argv);
  data->result->exit_status = -1;
  data->started = g_get_monotonic_time ();
  data->timeout_ms = options && options->timeout_ms ? options->timeout_ms : default_timeout ();
  data->max_output = options && options->max_output ? options->max_output : TD_COMMAND_DEFAULT_MAX_OUTPUT;
  /* Console programs print in the console's code page (the OEM one on
   * Windows; NULL, i.e. UTF-8 or a guess, everywhere else). */
  if (options != NULL && options->codepage_hint != NULL)
    data->codepage_hint = g_strdup (options->codepage_hint);
  else
    data->codepage_hint = td_console_native_codepage ();
  data->io_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (g_cancellable_set_error_if_cancelled (cancellable, &data->result->error))
    {
      g_task_return_pointer (task, g_steal_pointer (&data->result),
                             (GDestroyNotify) td_command_result_free);
      return;
    }

  data->result->path = td_command_find_program (argv[0], options ? options->fallback_dirs : NULL);
  if (data->result->path == NULL)
    {
      data->result->error = g_error_new (TD_ERROR, TD_ERROR_NOT_FOUND,
                                         _("%s not found on PATH"), argv[0]);
      g_task_return_pointer (task, g_steal_pointer (&data->result),
                             (GDestroyNotify) td_command_result_free);
      return;
    }

  real_argv = g_ptr_array_new ();
  g_ptr_array_add (real_argv, data->result->path);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (real_argv, (gpointer) argv[i]);
  g_ptr_array_add (real_argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  td_command_native_prepare (launcher);
  data->subprocess = g_subprocess_launcher_spawnv (launcher,
                                                   (const char * const *) real_argv->pdata,
                                                   &error);
  /* Starting a program can fail for a moment without a reason of its own
   * (seen under Wine on a loaded machine: GLib's spawn helper refused with
   * EINVAL, once or twice among the thousands of starts of a whole unit
   * suite, never for the same program twice): one more attempt before the
   * command counts as failed.  A missing or forbidden program is never
   * tried twice. */
  if (data->subprocess == NULL && g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED))
    {
      g_debug ("starting %s failed (%s): trying once more", argv[0], error->message);
      g_clear_error (&error);
      data->subprocess = g_subprocess_launcher_spawnv (launcher,
                                                       (const char * const *) real_argv->pdata,
                                                       &error);
    }
  if (data->subprocess == NULL)
    {
      gboolean denied = g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_ACCES) ||
                        g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_PERM);

      data->result->error = g_error_new (TD_ERROR, denied ? TD_ERROR_PERMISSION : TD_ERROR_FAILED,
                                         _("could not start %s: %s"), argv[0], error->message);
      g_task_return_pointer (task, g_steal_pointer (&data->result),
                             (GDestroyNotify) td_command_result_free);
      return;
    }

  data->group = td_command_native_group_new (data->subprocess);

  data->out.stream = g_object_ref (g_subprocess_get_stdout_pipe (data->subprocess));
  data->err.stream = g_object_ref (g_subprocess_get_stderr_pipe (data->subprocess));
  data->out.data = g_byte_array_new ();
  data->err.data = g_byte_array_new ();
  data->pending = 3;

  /* The sources hold no reference: they are destroyed before the task
   * completes (maybe_complete) and again when the data is freed. */
  data->timeout_source = g_timeout_source_new (data->timeout_ms);
  g_source_set_callback (data->timeout_source, on_timeout, task, NULL);
  g_source_set_static_name (data->timeout_source, "[td-command] timeout");
  g_source_attach (data->timeout_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (on_cancelled), task, NULL);
      g_source_set_static_name (data->cancel_source, "[td-command] cancel");
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }

  g_subprocess_wait_async (data->subprocess, NULL, on_wait, g_object_ref (task));
  read_next (g_object_ref (task), &data->out);
  read_next (g_object_ref (task), &data->err);
}

TdCommandResult *
td_command_run_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_command_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
