/* td-test-os-posix.c — the tests' few Unix calls: root, pid, SIGINT, chown,
 * open descriptors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "td-test-fakes.h"

gboolean
td_test_is_root (void)
{
  return geteuid () == 0;
}

guint
td_test_process_id (void)
{
  return (guint) getpid ();
}

gboolean
td_test_interrupt (GPid pid)
{
  return kill (pid, SIGINT) == 0;
}

gboolean
td_test_chown (const char *path,
               guint       id)
{
  return chown (path, (uid_t) id, (gid_t) id) == 0;
}

gboolean
td_test_count_open_handles (guint *out_count)
{
  const char *dirs[] = { "/proc/self/fd", "/dev/fd" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      GDir *dir = g_dir_open (dirs[i], 0, NULL);
      guint count = 0;

      if (dir == NULL)
        continue;
      while (g_dir_read_name (dir) != NULL)
        count++;
      g_dir_close (dir);
      /* Less the descriptor of the listing itself. */
      *out_count = count > 0 ? count - 1 : 0;
      return TRUE;
    }
  return FALSE;
}
