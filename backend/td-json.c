/* td-json.c — strict readers for untrusted JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-error.h"
#include "td-json.h"

JsonObject *
td_json_require_object (JsonNode    *node,
                        const char  *what,
                        GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "“%s” must be a JSON object", what);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonNode *
get_member (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” is missing", member);
  return node;
}

gboolean
td_json_get_string (JsonObject  *object,
                    const char  *member,
                    gboolean     nullable,
                    char       **out_value,
                    GError     **error)
{
  JsonNode *node = get_member (object, member, error);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out_value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be a string%s",
                   member, nullable ? " or null" : "");
      return FALSE;
    }
  *out_value = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
td_json_get_int_or_null (JsonObject  *object,
                         const char  *member,
                         gint64       min,
                         gint64       max,
                         gint64       null_value,
                         gint64      *out_value,
                         GError     **error)
{
  JsonNode *node = get_member (object, member, error);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out_value = null_value;
      return TRUE;
    }
  return td_json_get_int (object, member, min, max, out_value, error);
}

gboolean
td_json_get_int (JsonObject  *object,
                 const char  *member,
                 gint64       min,
                 gint64       max,
                 gint64      *out_value,
                 GError     **error)
{
  JsonNode *node = get_member (object, member, error);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be an integer", member);
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “%s” is %" G_GINT64_FORMAT ", outside %" G_GINT64_FORMAT
                   "…%" G_GINT64_FORMAT, member, value, min, max);
      return FALSE;
    }
  *out_value = value;
  return TRUE;
}

gboolean
td_json_get_bool (JsonObject  *object,
                  const char  *member,
                  gboolean    *out_value,
                  GError     **error)
{
  JsonNode *node = get_member (object, member, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be true or false", member);
      return FALSE;
    }
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
td_json_get_object (JsonObject  *object,
                    const char  *member,
                    gboolean     nullable,
                    JsonObject **out_value,
                    GError     **error)
{
  JsonNode *node = get_member (object, member, error);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out_value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be an object%s",
                   member, nullable ? " or null" : "");
      return FALSE;
    }
  *out_value = json_node_get_object (node);
  return TRUE;
}

gboolean
td_json_get_array (JsonObject  *object,
                   const char  *member,
                   JsonArray  **out_value,
                   GError     **error)
{
  JsonNode *node = get_member (object, member, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be an array", member);
      return FALSE;
    }
  *out_value = json_node_get_array (node);
  return TRUE;
}

void
td_json_add_string_or_null (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
td_json_add_int_or_null (JsonBuilder *builder,
                         const char  *member,
                         gboolean     is_set,
                         gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (is_set)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

gboolean
td_json_lookup_enum (const char * const *names,
                     guint               n_names,
                     const char         *text,
                     guint              *out_value)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && g_str_equal (names[i], text))
      {
        *out_value = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
td_json_get_enum (JsonObject         *object,
                  const char         *member,
                  const char * const *names,
                  guint               n_names,
                  gboolean            nullable,
                  guint              *out_value,
                  GError            **error)
{
  g_autofree char *text = NULL;

  if (!td_json_get_string (object, member, nullable, &text, error))
    return FALSE;
  if (text == NULL)
    {
      *out_value = 0;
      return TRUE;
    }
  if (!td_json_lookup_enum (names, n_names, text, out_value))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” has an unknown value “%s”",
                   member, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
td_json_get_tristate (JsonObject  *object,
                      const char  *member,
                      TdTristate  *out_value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gboolean value;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *out_value = TD_TRISTATE_UNSET;
      return TRUE;
    }
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                       json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be true, false or null",
                   member);
      return FALSE;
    }
  if (!td_json_get_bool (object, member, &value, error))
    return FALSE;
  *out_value = value ? TD_TRISTATE_YES : TD_TRISTATE_NO;
  return TRUE;
}

gboolean
td_json_get_string_array (JsonObject  *object,
                          const char  *member,
                          GPtrArray   *out,
                          GError     **error)
{
  JsonArray *array;

  if (!td_json_get_array (object, member, &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s[%u] must be a string", member, i);
          return FALSE;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (node)));
    }
  return TRUE;
}

void
td_json_add_bool (JsonBuilder *builder,
                  const char  *member,
                  gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
td_json_add_tristate (JsonBuilder *builder,
                      const char  *member,
                      TdTristate   value)
{
  json_builder_set_member_name (builder, member);
  if (value == TD_TRISTATE_UNSET)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, value == TD_TRISTATE_YES);
}

void
td_json_add_string_array (JsonBuilder     *builder,
                          const char      *member,
                          const GPtrArray *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

void
td_json_add_strv (JsonBuilder        *builder,
                  const char * const *strv)
{
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}
