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
