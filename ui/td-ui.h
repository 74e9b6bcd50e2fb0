/* td-ui.h — set-up shared by the application and the ui tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Registers the widget types, and the icons and style sheet that an
 * AdwApplication with our id would load by itself (tests run without one).
 * Call after adw_init(); safe to call more than once. */
void td_ui_init (void);

G_END_DECLS
