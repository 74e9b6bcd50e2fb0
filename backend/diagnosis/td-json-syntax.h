/* td-json-syntax.h — a strict, non-recursive JSON syntax check for
 * untrusted files, run before json-glib sees them
 *
 * json-glib's parser recurses once per nesting level, so a file of a few
 * megabytes of "[" overflows the stack, and it accepts things JSON does not
 * (comments, single-quoted strings) and silently keeps the last of duplicate
 * members.  This checker walks the text with an explicit stack: only strict
 * RFC 8259 JSON, at most @max_depth levels, no duplicate member names, gets
 * through, and the error says where the problem is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @data must be valid UTF-8 of @length bytes.  TD_ERROR_PARSE on failure:
 * "line 3, column 7: …". */
gboolean td_json_check_syntax  (const char          *data,
                                gsize                length,
                                guint                max_depth,
                                GError             **error);

/* Fails with TD_ERROR_PARSE naming the first member of @object that is not
 * in @allowed (NULL-terminated); @where prefixes the message. */
gboolean td_json_check_members (JsonObject          *object,
                                const char          *where,
                                const char * const  *allowed,
                                GError             **error);

G_END_DECLS
