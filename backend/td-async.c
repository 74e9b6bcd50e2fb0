/* td-async.c — wait for one asynchronous result (the CLI and the tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-async.h"

void
td_async_keep_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_return_if_fail (*slot == NULL);
  *slot = g_object_ref (result);
}

GAsyncResult *
td_async_wait (GAsyncResult **slot)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_unref (context);
  return *slot;
}

void
td_async_wait_until (const gboolean *done)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  while (!*done)
    g_main_context_iteration (context, TRUE);
  g_main_context_unref (context);
}
