/* td-probe-ranking.c — probe several Teredo servers at once and rank them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-probe-ranking.h"

typedef struct {
  GPtrArray *results;
  guint      pending;
} Ranking;

static void
ranking_free (Ranking *ranking)
{
  g_ptr_array_unref (ranking->results);
  g_free (ranking);
}

static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  return td_probe_result_compare (*(TdProbeResult * const *) a, *(TdProbeResult * const *) b);
}

static void
on_probe_done (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Ranking *ranking = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  TdProbeResult *result = td_probe_run_finish (TD_PROBE (object), res, &error);

  if (result == NULL)
    {
      result = td_probe_result_new (td_probe_get_server (TD_PROBE (object)));
      result->error = g_steal_pointer (&error);
    }
  g_ptr_array_add (ranking->results, result);

  if (--ranking->pending == 0)
    {
      g_ptr_array_sort (ranking->results, compare_results);
      g_task_return_pointer (task, g_ptr_array_ref (ranking->results),
                             (GDestroyNotify) g_ptr_array_unref);
    }
}

void
td_probe_rank_async (GPtrArray           *probes,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Ranking *ranking = g_new0 (Ranking, 1);

  g_task_set_source_tag (task, td_probe_rank_async);
  /* Each result records its own cancellation. */
  g_task_set_check_cancellable (task, FALSE);
  ranking->results = g_ptr_array_new_with_free_func ((GDestroyNotify) td_probe_result_unref);
  ranking->pending = probes->len;
  g_task_set_task_data (task, ranking, (GDestroyNotify) ranking_free);

  if (probes->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (ranking->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  for (guint i = 0; i < probes->len; i++)
    td_probe_run_async (g_ptr_array_index (probes, i), cancellable, on_probe_done,
                        g_object_ref (task));
}

GPtrArray *
td_probe_rank_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
