/* td-remote-session.h — a guided help-desk session: pastes from a remote
 * Windows computer, one after another, diagnosed after each
 *
 * The session keeps every paste (td-capture.h), diagnoses all of them
 * together after each one (td_remote_diagnose_async(): the latest paste of a
 * command answers it) and asks the guide (td-remote-guide.h) what is still
 * needed.  The widgets only show what it holds.  GTK-free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-remote-guide.h"
#include "td-report.h"

G_BEGIN_DECLS

#define TD_TYPE_REMOTE_SESSION (td_remote_session_get_type ())
G_DECLARE_FINAL_TYPE (TdRemoteSession, td_remote_session, TD, REMOTE_SESSION, GObject)

TdRemoteSession        *td_remote_session_new          (void);

/* Reads @text (console text as pasted, any language and code page
 * td-capture reads, with or without prompt lines, several commands at
 * once) in a worker thread, then diagnoses everything pasted so far.  On
 * success the report, the question and the message change and "changed"
 * is emitted.  Errors: td_capture_parse()'s (blank text, no command output
 * — the message then names what was asked for), G_IO_ERROR_PENDING while
 * another paste is being read, G_IO_ERROR_CANCELLED. */
void                    td_remote_session_add_text_async  (TdRemoteSession     *self,
                                                           const char          *text,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean                td_remote_session_add_text_finish (TdRemoteSession     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* What to ask for next (never NULL; before any paste: the Teredo state). */
const TdRemoteQuestion *td_remote_session_get_question (TdRemoteSession *self);
/* TRUE when the question is TD_REMOTE_ASK_NOTHING. */
gboolean                td_remote_session_is_enough    (TdRemoteSession *self);
/* The diagnosis of everything pasted so far, NULL before the first paste. */
TdReport               *td_remote_session_get_report   (TdRemoteSession *self);
/* What the last paste held, relative to what was asked (NULL at first). */
const char             *td_remote_session_get_message  (TdRemoteSession *self);
guint                   td_remote_session_get_n_pastes (TdRemoteSession *self);
/* A paste is being read (property "busy"). */
gboolean                td_remote_session_is_busy      (TdRemoteSession *self);
/* Forgets every paste (a pending one is cancelled). */
void                    td_remote_session_reset        (TdRemoteSession *self);

G_END_DECLS
