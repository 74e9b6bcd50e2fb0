/* td-host-collector.c — the collector core every platform runs on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-error.h"
#include "td-host-collector.h"

TdHostCollector *
td_host_collector_new (const TdHostPlatform *platform,
                       GPtrArray            *captured,
                       GCancellable         *cancellable,
                       GTask                *task)
{
  TdHostCollector *collector = g_new0 (TdHostCollector, 1);

  collector->platform = platform;
  collector->host = td_host_new (platform->platform);
  collector->task = task;
  collector->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  collector->captured = captured ? g_ptr_array_ref (captured) : NULL;
  return collector;
}

void
td_host_collector_free (TdHostCollector *collector)
{
  g_clear_pointer (&collector->host, td_host_unref);
  g_clear_object (&collector->cancellable);
  g_clear_pointer (&collector->captured, g_ptr_array_unref);
  if (collector->platform_data != NULL)
    g_clear_pointer (&collector->platform_data, collector->platform->data_free);
  g_free (collector);
}

void
td_host_collector_start (TdHostCollector *collector)
{
  collector->platform_data = collector->platform->data_new ();
  /* Held while the platform starts its commands, so that a command that
   * answers synchronously (not found) cannot complete the collection early. */
  td_host_collector_hold (collector);
  collector->platform->start (collector);
  td_host_collector_release (collector);
}

gboolean
td_host_collector_is_captured (TdHostCollector *collector)
{
  return collector->captured != NULL;
}

void
td_host_collector_hold (TdHostCollector *collector)
{
  collector->pending++;
}

void
td_host_collector_release (TdHostCollector *collector)
{
  GTask *task;

  g_return_if_fail (collector->pending > 0);

  if (--collector->pending > 0)
    return;

  collector->platform->finish (collector);
  task = collector->task;
  collector->task = NULL;
  /* The task checks the cancellable itself: a cancelled collection fails. */
  g_task_return_pointer (task, td_host_ref (collector->host), (GDestroyNotify) td_host_unref);
  g_object_unref (task);
}

gboolean
td_host_collector_check (TdHostCollector       *collector,
                         const char            *fact,
                         const TdCommandResult *result)
{
  g_autoptr(GError) error = NULL;

  if (td_command_result_check (result, &error))
    return TRUE;
  td_host_set_error (collector->host, fact, error);
  return FALSE;
}

typedef struct {
  TdHostCollector      *collector;
  TdHostCommandHandler  handler;
  gpointer              user_data;
  TdCommandResult      *captured;   /* the answer, when not run */
} CommandClosure;

static void
command_answered (CommandClosure  *closure,
                  TdCommandResult *result)
{
  TdHostCollector *collector = closure->collector;

  td_host_add_command_evidence (collector->host, result);
  if (closure->handler != NULL)
    closure->handler (collector, result, closure->user_data);
  g_free (closure);
  td_host_collector_release (collector);
}

static void
on_command_done (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(TdCommandResult) result = td_command_run_finish (res);

  command_answered (user_data, result);
}

static gboolean
on_captured_idle (gpointer user_data)
{
  CommandClosure *closure = user_data;
  g_autoptr(TdCommandResult) result = g_steal_pointer (&closure->captured);

  command_answered (closure, result);
  return G_SOURCE_REMOVE;
}

static gboolean
same_argv (const char * const *a,
           char              **b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (g_ascii_strcasecmp (a[i], b[i]) != 0)
      return FALSE;
  return a[i] == NULL && b[i] == NULL;
}

/* The last captured output of @argv (the user may have run a command
 * twice: the later output is the state now), or a "not captured" result. */
static TdCommandResult *
find_captured (TdHostCollector    *collector,
               const char * const *argv)
{
  TdCommandResult *result;
  g_autofree char *line = NULL;

  for (guint i = collector->captured->len; i > 0; i--)
    {
      const TdCommandResult *candidate = g_ptr_array_index (collector->captured, i - 1);

      if (candidate->argv != NULL && same_argv (argv, candidate->argv))
        return td_command_result_copy (candidate);
    }
  result = g_new0 (TdCommandResult, 1);
  result->argv = g_strdupv ((char **) argv);
  result->exit_status = -1;
  line = g_strjoinv (" ", (char **) argv);
  result->error = g_error_new (TD_ERROR, TD_ERROR_NOT_FOUND,
                               _("“%s” is not among the collected outputs"), line);
  return result;
}

void
td_host_collector_run (TdHostCollector        *collector,
                       const char * const     *argv,
                       const TdCommandOptions *options,
                       TdHostCommandHandler    handler,
                       gpointer                user_data)
{
  CommandClosure *closure = g_new0 (CommandClosure, 1);

  closure->collector = collector;
  closure->handler = handler;
  closure->user_data = user_data;
  td_host_collector_hold (collector);
  if (collector->captured != NULL)
    {
      GSource *idle = g_idle_source_new ();

      /* Answered from the main loop like a real command, so the platform
       * code sees the same order of events either way. */
      closure->captured = find_captured (collector, argv);
      g_source_set_callback (idle, on_captured_idle, closure, NULL);
      g_source_set_static_name (idle, "[td-host] captured output");
      g_source_attach (idle, g_task_get_context (collector->task));
      g_source_unref (idle);
      return;
    }
  td_command_run_async (argv, options, collector->cancellable, on_command_done, closure);
}
