/* td-application.h — the Teredo Doctor GUI application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TD_TYPE_APPLICATION (td_application_get_type ())
G_DECLARE_FINAL_TYPE (TdApplication, td_application, TD, APPLICATION, AdwApplication)

TdApplication *td_application_new (void);
/* The plain-text report shown as the About window's debug information. */
char          *td_application_dup_debug_info (TdApplication *self);

G_END_DECLS
