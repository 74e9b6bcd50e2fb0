/* td-cli-native-posix.c — SIGINT and SIGTERM cancel the CLI's work
 * (glib-unix signal sources on the main context); isatty()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <unistd.h>

#include "td-cli-native.h"

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

void
td_cli_native_watch_interrupt (GCancellable *cancellable)
{
  g_unix_signal_add (SIGINT, on_interrupt, g_object_ref (cancellable));
  g_unix_signal_add (SIGTERM, on_interrupt, g_object_ref (cancellable));
}

gboolean
td_cli_native_stdin_is_terminal (void)
{
  return isatty (STDIN_FILENO);
}

void
td_cli_native_prepare_stdin (void)
{
}

const char *
td_cli_native_end_of_input_keys (void)
{
  return _("Ctrl+D");
}
