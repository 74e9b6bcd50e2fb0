/* td-helpdesk.h — send a report to the help desk an administrator configured
 *
 * Protocol (documented for help-desk implementers): one HTTP(S) POST of the
 * JSON report (Content-Type: application/json; charset=utf-8), no redirects
 * followed.  The server answers 2xx with either a JSON object holding a
 * string member "reference", or a text/plain body whose first line is the
 * reference ("TD-2026-0042").  Anything else is an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-report.h"

G_BEGIN_DECLS

#define TD_HELPDESK_DEFAULT_TIMEOUT_S  30
/* Longest answer read, and longest reference kept. */
#define TD_HELPDESK_MAX_RESPONSE       (64 * 1024)
#define TD_HELPDESK_MAX_REFERENCE      128

/* FALSE with TD_ERROR_INVALID_ARGUMENT unless @url is an absolute http or
 * https URL with a host. */
gboolean  td_helpdesk_validate_url (const char          *url,
                                    GError             **error);

/* Renders @report as JSON (redacted when @redact) and POSTs it to @url.
 * Errors: TD_ERROR_INVALID_ARGUMENT (bad URL), TD_ERROR_NETWORK (cannot
 * connect), TD_ERROR_TIMEOUT (no answer within @timeout_s; 0 = default),
 * TD_ERROR_FAILED (the server answered an HTTP error, quoted),
 * TD_ERROR_PARSE (2xx without a usable reference), TD_ERROR_TOO_LARGE,
 * G_IO_ERROR_CANCELLED. */
void      td_helpdesk_send_async   (const char          *url,
                                    TdReport            *report,
                                    gboolean             redact,
                                    guint                timeout_s,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* Returns the reference the server gave (newly allocated). */
char     *td_helpdesk_send_finish  (GAsyncResult        *result,
                                    GError             **error);

/* The same POST with a body already rendered (what send_async uses). */
void      td_helpdesk_post_async   (const char          *url,
                                    GBytes              *json_body,
                                    guint                timeout_s,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *td_helpdesk_post_finish  (GAsyncResult        *result,
                                    GError             **error);

/* Extracts the reference from a 2xx answer (pure, for tests). */
char     *td_helpdesk_parse_reference (const char       *content_type,
                                       const char       *body,
                                       gsize             length,
                                       GError          **error);

G_END_DECLS
