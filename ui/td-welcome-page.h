/* td-welcome-page.h — what the app checks, which Teredo server to test, and
 * the big "Check my connection" button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TD_TYPE_WELCOME_PAGE (td_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (TdWelcomePage, td_welcome_page, TD, WELCOME_PAGE, AdwBin)

GtkWidget *td_welcome_page_new                (void);
/* The server chosen: NULL for "this computer's setting", else a name the
 * backend validated (td_fix_validate_server).  Property "server-valid" says
 * whether the typed one is usable. */
char      *td_welcome_page_dup_server         (TdWelcomePage *self);
gboolean   td_welcome_page_get_server_valid   (TdWelcomePage *self);
/* Preselects @server ("" or NULL: this computer's setting; a listed server;
 * anything else goes into the "Another server" entry). */
void       td_welcome_page_select_server      (TdWelcomePage *self,
                                               const char    *server);
/* The server the OS client is configured with, shown next to the choice
 * (NULL: not known yet). */
void       td_welcome_page_set_os_server      (TdWelcomePage *self,
                                               const char    *server);

G_END_DECLS
