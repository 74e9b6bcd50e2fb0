/* td-json.h — strict readers for untrusted JSON (saved reports)
 *
 * Each getter fails with TD_ERROR_PARSE naming the member and what was
 * expected, so that a bad report file gets a precise message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "td-tristate.h"

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

/* A string member that must be one of @names (the index is the value;
 * NULL entries never match).  With @nullable, JSON null gives 0. */
gboolean    td_json_get_enum       (JsonObject         *object,
                                    const char         *member,
                                    const char * const *names,
                                    guint               n_names,
                                    gboolean            nullable,
                                    guint              *out_value,
                                    GError            **error);
/* The index of @text in @names; FALSE when absent (or @text is NULL). */
gboolean    td_json_lookup_enum    (const char * const *names,
                                    guint               n_names,
                                    const char         *text,
                                    guint              *out_value);
/* true / false / null. */
gboolean    td_json_get_tristate   (JsonObject  *object,
                                    const char  *member,
                                    TdTristate  *out_value,
                                    GError     **error);
/* Appends every string of the array member to @out (char *, owned). */
gboolean    td_json_get_string_array (JsonObject  *object,
                                      const char  *member,
                                      GPtrArray   *out,
                                      GError     **error);

void        td_json_add_bool           (JsonBuilder *builder,
                                        const char  *member,
                                        gboolean     value);
/* true / false / null. */
void        td_json_add_tristate       (JsonBuilder *builder,
                                        const char  *member,
                                        TdTristate   value);
/* "member": [strings of @strings]. */
void        td_json_add_string_array   (JsonBuilder     *builder,
                                        const char      *member,
                                        const GPtrArray *strings);
/* An array value of a NULL-terminated vector (the member name is the
 * caller's). */
void        td_json_add_strv           (JsonBuilder        *builder,
                                        const char * const *strv);

G_END_DECLS
