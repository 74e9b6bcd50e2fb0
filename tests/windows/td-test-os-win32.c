/* td-test-os-win32.c — the tests' few OS calls on Windows: never root, the
 * process id, no Ctrl+C for one child, no chown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>

#include "td-test-fakes.h"

gboolean
td_test_is_root (void)
{
  return FALSE;
}

guint
td_test_process_id (void)
{
  return (guint) GetCurrentProcessId ();
}

gboolean
td_test_interrupt (GPid pid)
{
  /* GenerateConsoleCtrlEvent reaches a whole console process group, which
   * GLib does not give a child of its own. */
  return FALSE;
}

gboolean
td_test_chown (const char *path,
               guint       id)
{
  return FALSE;
}
