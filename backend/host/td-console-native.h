/* td-console-native.h — the console code page of the machine we run on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The OEM code page console programs print in ("936"), or NULL where
 * consoles print UTF-8 (everything but Windows). */
char *td_console_native_codepage (void);

G_END_DECLS
