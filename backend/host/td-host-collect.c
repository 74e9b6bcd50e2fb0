/* td-host-collect.c — the dispatcher: one table of platforms, looked up at
 * run time (the fake-platform tests collect Windows facts on Linux)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-host-collect.h"
#include "td-host-collector.h"
#include "td-host-native.h"
#include "linux/td-host-linux.h"
#include "macos/td-host-macos.h"
#include "windows/td-host-windows.h"

static const TdHostPlatform *
platform_table (TdPlatform platform)
{
  static const TdHostPlatform * const platforms[TD_PLATFORM_N] = {
    [TD_PLATFORM_LINUX] = &td_host_platform_linux,
    [TD_PLATFORM_WINDOWS] = &td_host_platform_windows,
    [TD_PLATFORM_MACOS] = &td_host_platform_macos,
  };

  g_return_val_if_fail ((guint) platform < TD_PLATFORM_N, NULL);
  return platforms[platform];
}

static void
collect (TdPlatform           platform,
         GPtrArray           *captured,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  const TdHostPlatform *table = platform_table (platform);
  TdHostCollector *collector;
  GTask *task;

  g_return_if_fail (table != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_host_collect_async);
  /* Outputs captured elsewhere can be read anywhere; this machine only as
   * what it can be inspected as. */
  if (captured == NULL)
    {
      GError *error = NULL;

      if (!td_host_native_can_collect_live (platform, &error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
    }
  collector = td_host_collector_new (table, captured, cancellable, task);
  g_task_set_task_data (task, collector, (GDestroyNotify) td_host_collector_free);
  td_host_collector_start (collector);
}

void
td_host_collect_async (TdPlatform           platform,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  collect (platform, NULL, cancellable, callback, user_data);
}

void
td_host_collect_captured_async (TdPlatform           platform,
                                GPtrArray           *captured,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (captured != NULL);

  collect (platform, captured, cancellable, callback, user_data);
}

TdHost *
td_host_collect_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_host_collect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
