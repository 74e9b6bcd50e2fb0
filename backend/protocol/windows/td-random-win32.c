/* td-random-win32.c — td_random_bytes() from the system's preferred RNG
 * (BCryptGenRandom with BCRYPT_USE_SYSTEM_PREFERRED_RNG)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>
#include <bcrypt.h>
#include <gio/gio.h>

#include "td-random.h"

gboolean
td_random_bytes (guint8   *buffer,
                 gsize     length,
                 GError  **error)
{
  gsize done = 0;

  g_return_val_if_fail (buffer != NULL || length == 0, FALSE);

  /* BCryptGenRandom takes a ULONG count: split what does not fit. */
  while (done < length)
    {
      ULONG chunk = (ULONG) MIN (length - done, (gsize) G_MAXULONG);
      NTSTATUS status = BCryptGenRandom (NULL, buffer + done, chunk,
                                         BCRYPT_USE_SYSTEM_PREFERRED_RNG);

      if (!BCRYPT_SUCCESS (status))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "BCryptGenRandom failed (NTSTATUS 0x%08lx)", (unsigned long) status);
          return FALSE;
        }
      done += chunk;
    }
  return TRUE;
}
