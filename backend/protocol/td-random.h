/* td-random.h — bytes from the operating system's CSPRNG (one file per OS)
 *
 * Nonces and the random bits of Teredo addresses must be unpredictable, so
 * they come from the system's generator, never from GLib's: getrandom() on
 * Unix (linux/td-random-linux.c), BCryptGenRandom on Windows
 * (windows/td-random-win32.c), chosen by meson.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fills @buffer with @length random bytes.  FALSE with @error (the
 * system's message, untranslated) in the practically impossible case that
 * the system cannot give them. */
gboolean td_random_bytes (guint8   *buffer,
                          gsize     length,
                          GError  **error);

G_END_DECLS
