/* td-cli-native-win32.c — Ctrl+C, Ctrl+Break and closing the console
 * window cancel the CLI's work (SetConsoleCtrlHandler); _isatty(); a
 * redirected standard input read in binary mode
 *
 * The handler runs on a thread of its own that Windows starts; it only
 * cancels the cancellable (g_cancellable_cancel() is thread-safe, and the
 * work it stops runs on the main context, which GLib wakes up).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "td-cli-native.h"

static GCancellable *interrupt_cancellable;

static BOOL WINAPI
on_console_event (DWORD event)
{
  switch (event)
    {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
      g_cancellable_cancel (interrupt_cancellable);
      /* Handled: the process is not ended at once (for CTRL_CLOSE_EVENT
       * Windows ends it anyway once this returns). */
      return TRUE;
    default:
      return FALSE;
    }
}

void
td_cli_native_watch_interrupt (GCancellable *cancellable)
{
  g_return_if_fail (interrupt_cancellable == NULL);

  interrupt_cancellable = g_object_ref (cancellable);
  if (!SetConsoleCtrlHandler (on_console_event, TRUE))
    g_debug ("SetConsoleCtrlHandler failed: error %lu", (unsigned long) GetLastError ());
}

gboolean
td_cli_native_stdin_is_terminal (void)
{
  return _isatty (_fileno (stdin));
}

void
td_cli_native_prepare_stdin (void)
{
  if (!_isatty (_fileno (stdin)) && _setmode (_fileno (stdin), _O_BINARY) == -1)
    g_debug ("cannot read standard input in binary mode");
}

const char *
td_cli_native_end_of_input_keys (void)
{
  /* The console ends a read at Ctrl+Z only at the start of a line. */
  return _("Ctrl+Z, then Enter");
}
