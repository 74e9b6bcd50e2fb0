/* td-test-os-posix.c — the tests' few Unix calls: root, pid, SIGINT, chown
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
