/* td-console-decode.h — console output bytes to UTF-8, whatever the code page
 *
 * Windows tools write in the console's OEM code page (CP437/CP850 in the
 * West, CP936 on zh-CN systems…), PowerShell redirections in UTF-16, newer
 * consoles in UTF-8.  The runtime backend feeds the raw bytes through this
 * before any parser sees them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Never fails and never returns NULL.  In order: a UTF-16 BOM (or UTF-16LE
 * without BOM, recognised by its NUL bytes) → converted; valid UTF-8 → taken
 * as is (a UTF-8 BOM dropped); otherwise converted from @codepage_hint
 * ("CP936", "GBK", "CP437", "CP850", "CP1252", or a bare number such as
 * "936" as `chcp` prints it); if that fails too, invalid bytes become
 * U+FFFD.  NUL bytes always become U+FFFD so that the result is one C
 * string. */
char *td_console_decode (const guint8 *data,
                         gsize         len,
                         const char   *codepage_hint);

G_END_DECLS
