/* td-cli-native-win32.c — Ctrl+C, Ctrl+Break and closing the console
 * window cancel the CLI's work (SetConsoleCtrlHandler); _isatty()
 *
 * The handler runs on a thread of its own that Windows starts; it only
 * cancels the cancellable (g_cancellable_cancel() is thread-safe, and the
 * work it stops runs on the main context, which GLib wakes up).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>
#include <io.h>
#include <stdio.h>

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
