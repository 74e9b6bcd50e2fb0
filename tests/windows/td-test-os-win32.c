/* td-test-os-win32.c — the tests' few OS calls on Windows: never root, the
 * process id, no Ctrl+C for one child, no chown, the handle count
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

/* Handle values are multiples of four from 4; a process of the tests holds
 * a few hundred, far below this bound. */
#define HANDLE_SCAN_LIMIT 0x10000

gboolean
td_test_count_open_handles (guint *out_count)
{
  DWORD count = 0;
  DWORD flags;

  if (GetProcessHandleCount (GetCurrentProcess (), &count) && count > 0)
    {
      *out_count = count;
      return TRUE;
    }
  /* Wine answers 0 (it keeps no count): ask about each handle value. */
  for (guintptr value = 4; value < HANDLE_SCAN_LIMIT; value += 4)
    if (GetHandleInformation ((HANDLE) value, &flags))
      count++;
  *out_count = count;
  return count > 0;
}
