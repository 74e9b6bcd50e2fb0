/* td-helpdesk-page.h — help someone else: guided paste mode over a
 * TdRemoteSession (the next command to ask for, the paste box, the
 * checklist so far) and the batch file to send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-remote-session.h"

G_BEGIN_DECLS

#define TD_TYPE_HELPDESK_PAGE (td_helpdesk_page_get_type ())
G_DECLARE_FINAL_TYPE (TdHelpdeskPage, td_helpdesk_page, TD, HELPDESK_PAGE, AdwBin)

/* Signals: "show-report" (TdReport *): the user asked for the verdict;
 * "add-toast" (AdwToast *). */
GtkWidget       *td_helpdesk_page_new         (void);
/* Forgets every paste. */
void             td_helpdesk_page_reset       (TdHelpdeskPage *self);
/* Puts @text in the paste box and reads it, as the Read button does. */
void             td_helpdesk_page_paste       (TdHelpdeskPage *self,
                                               const char     *text);

/* For the tests. */
TdRemoteSession *td_helpdesk_page_get_session        (TdHelpdeskPage *self);
const char      *td_helpdesk_page_get_command_text   (TdHelpdeskPage *self);
const char      *td_helpdesk_page_get_message_text   (TdHelpdeskPage *self);
GtkButton       *td_helpdesk_page_get_verdict_button (TdHelpdeskPage *self);
GtkListBox      *td_helpdesk_page_get_check_list     (TdHelpdeskPage *self);
/* The batch file's text once loaded, else NULL. */
const char      *td_helpdesk_page_get_batch_text     (TdHelpdeskPage *self);

G_END_DECLS
