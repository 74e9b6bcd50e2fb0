/* td-netsh-teredo.h — parser for `netsh interface teredo show state`
 *
 * Also reads the XP form `netsh interface ipv6 show teredo`.  The parser
 * keys on line order and on the (never translated) values, not on the
 * labels, so zh-CN and unknown UI languages work; see the .c file for the
 * rules.  When the text holds several outputs (a polling loop, a forum post
 * with "later comment"), the last one wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-teredo-client.h"

G_BEGIN_DECLS

/* Returns a client with implementation TD_CLIENT_IMPL_WINDOWS and @text in
 * `raw`.  TD_ERROR_PARSE when the text holds no Teredo parameters at all
 * (empty, binary, "The following command was not found", …);
 * TD_ERROR_TOO_LARGE above TD_CONSOLE_TEXT_MAX_BYTES. */
TdTeredoClient    *td_netsh_teredo_parse          (const char  *text,
                                                   GError     **error);

/* Maps the text of an `Error` line (English or zh-CN) to a code;
 * TD_TEREDO_ERROR_UNKNOWN for text it does not know. */
TdTeredoErrorCode  td_netsh_teredo_classify_error (const char  *text);

G_END_DECLS
