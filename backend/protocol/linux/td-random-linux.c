/* td-random-linux.c — td_random_bytes() from the kernel CSPRNG (getrandom)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "td-random.h"

gboolean
td_random_bytes (guint8   *buffer,
                 gsize     length,
                 GError  **error)
{
  gsize done = 0;

  g_return_val_if_fail (buffer != NULL || length == 0, FALSE);

  /* Short reads do not happen from a seeded pool for small requests, but a
   * signal during early boot can interrupt the call: loop, never assume. */
  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                               g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}
