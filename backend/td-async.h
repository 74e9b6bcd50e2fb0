/* td-async.h — wait for one asynchronous result (the CLI and the tests)
 *
 * The CLI and the tests call the backend's _async functions and need the
 * result before going on; they iterate the thread-default main context
 * until it is in.  The GUI never waits: it finishes in its callbacks.
 *
 *   g_autoptr(GAsyncResult) result = NULL;
 *   td_host_collect_async (platform, NULL, td_async_keep_result, &result);
 *   host = td_host_collect_finish (td_async_wait (&result), &error);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GAsyncReadyCallback that keeps a reference on @result in
 * *(GAsyncResult **) @user_data. */
void          td_async_keep_result (GObject       *source,
                                    GAsyncResult  *result,
                                    gpointer       user_data);
/* Iterates the thread-default main context until *@slot is set; returns it
 * (still owned by @slot). */
GAsyncResult *td_async_wait        (GAsyncResult **slot);
/* Iterates until *@done is TRUE (for callbacks that set a flag). */
void          td_async_wait_until  (const gboolean *done);

G_END_DECLS
