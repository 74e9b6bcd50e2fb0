/* td-json.h — strict readers for untrusted JSON (saved reports)
 *
 * Each getter fails with TD_ERROR_PARSE naming the member and what was
 * expected, so that a bad report file gets a precise message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *td_json_require_object (JsonNode    *node,
                                    const char  *what,
                                    GError     **error);
/* Member getters; @nullable allows JSON null (→ NULL / FALSE return of
 * *out_is_null).  A missing member is an error unless @optional. */
gboolean    td_json_get_string     (JsonObject  *object,
                                    const char  *member,
                                    gboolean     nullable,
                                    char       **out_value,
                                    GError     **error);
gboolean    td_json_get_int        (JsonObject  *object,
                                    const char  *member,
                                    gint64       min,
                                    gint64       max,
                                    gint64      *out_value,
                                    GError     **error);
/* Like td_json_get_int but JSON null gives @null_value. */
gboolean    td_json_get_int_or_null (JsonObject *object,
                                     const char *member,
                                     gint64      min,
                                     gint64      max,
                                     gint64      null_value,
                                     gint64     *out_value,
                                     GError    **error);
gboolean    td_json_get_bool       (JsonObject  *object,
                                    const char  *member,
                                    gboolean    *out_value,
                                    GError     **error);
/* Returns the member node when it is an object (or null if @nullable:
 * then *out_node is NULL). */
gboolean    td_json_get_object     (JsonObject  *object,
                                    const char  *member,
                                    gboolean     nullable,
                                    JsonObject **out_value,
                                    GError     **error);
gboolean    td_json_get_array      (JsonObject  *object,
                                    const char  *member,
                                    JsonArray  **out_value,
                                    GError     **error);

/* Builder helpers: add "member": string-or-null / int-or-null. */
void        td_json_add_string_or_null (JsonBuilder *builder,
                                        const char  *member,
                                        const char  *value);
void        td_json_add_int_or_null    (JsonBuilder *builder,
                                        const char  *member,
                                        gboolean     is_set,
                                        gint64       value);

G_END_DECLS
