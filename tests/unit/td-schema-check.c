/* td-schema-check.c — a JSON Schema validator for the subset our schemas use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-schema-check.h"

#define SCHEMA_ERROR (g_quark_from_static_string ("td-schema-check"))

typedef struct {
  JsonObject *root;
} Checker;

static const char * const annotations[] = {
  "$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples", NULL
};
static const char * const keywords[] = {
  "type", "enum", "const", "properties", "required", "additionalProperties", "items",
  "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern",
  "oneOf", "anyOf", "$ref", NULL
};

static gboolean check (Checker *checker, JsonNode *schema, JsonNode *instance,
                       const char *path, GError **error);

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SCHEMA_ERROR, 0, "%s: %s", *path != '\0' ? path : "/", message);
  return FALSE;
}

static const char *
type_of (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "string";
        case G_TYPE_BOOLEAN:
          return "boolean";
        case G_TYPE_INT64:
          return "integer";
        default:
          return "number";
        }
    }
}

static gboolean
has_type (JsonNode   *node,
          const char *type)
{
  const char *actual = type_of (node);

  return g_str_equal (actual, type) ||
         (g_str_equal (type, "number") && g_str_equal (actual, "integer"));
}

static double
number_of (JsonNode *node)
{
  return json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                         : json_node_get_double (node);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  return json_node_equal (a, b);
}

static char *
child_path (const char *path,
            const char *name)
{
  g_autofree char *escaped = NULL;
  GString *out = g_string_new (NULL);

  /* JSON pointer escaping: ~ → ~0, / → ~1. */
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '~')
      g_string_append (out, "~0");
    else if (*p == '/')
      g_string_append (out, "~1");
    else
      g_string_append_c (out, *p);
  escaped = g_string_free (out, FALSE);
  return g_strdup_printf ("%s/%s", path, escaped);
}

static JsonNode *
resolve_ref (Checker     *checker,
             const char  *ref,
             const char  *path,
             GError     **error)
{
  JsonNode *defs = json_object_get_member (checker->root, "$defs");

  if (!g_str_has_prefix (ref, "#/$defs/") || defs == NULL || !JSON_NODE_HOLDS_OBJECT (defs) ||
      !json_object_has_member (json_node_get_object (defs), ref + strlen ("#/$defs/")))
    {
      fail (error, path, "schema error: cannot resolve $ref “%s”", ref);
      return NULL;
    }
  return json_object_get_member (json_node_get_object (defs), ref + strlen ("#/$defs/"));
}

static gboolean
check_type (JsonNode    *type,
            JsonNode    *instance,
            const char  *path,
            GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (type))
    {
      if (has_type (instance, json_node_get_string (type)))
        return TRUE;
      return fail (error, path, "%s where %s is required", type_of (instance),
                   json_node_get_string (type));
    }
  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *types = json_node_get_array (type);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (types); i++)
        {
          const char *name = json_array_get_string_element (types, i);

          if (has_type (instance, name))
            return TRUE;
          g_string_append_printf (names, "%s%s", i > 0 ? " or " : "", name);
        }
      return fail (error, path, "%s where %s is required", type_of (instance), names->str);
    }
  return fail (error, path, "schema error: bad “type”");
}

static gboolean
check_object (Checker     *checker,
              JsonObject  *schema,
              JsonObject  *instance,
              const char  *path,
              GError     **error)
{
  JsonNode *properties = json_object_get_member (schema, "properties");
  JsonNode *required = json_object_get_member (schema, "required");
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  JsonObject *props = properties != NULL ? json_node_get_object (properties) : NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (required != NULL)
    {
      JsonArray *names = json_node_get_array (required);

      for (guint i = 0; i < json_array_get_length (names); i++)
        if (!json_object_has_member (instance, json_array_get_string_element (names, i)))
          return fail (error, path, "required member “%s” is missing",
                       json_array_get_string_element (names, i));
    }

  json_object_iter_init (&iter, instance);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *member_path = child_path (path, name);

      if (props != NULL && json_object_has_member (props, name))
        {
          if (!check (checker, json_object_get_member (props, name), value, member_path, error))
            return FALSE;
        }
      else if (additional != NULL)
        {
          if (JSON_NODE_HOLDS_VALUE (additional) &&
              json_node_get_value_type (additional) == G_TYPE_BOOLEAN)
            {
              if (!json_node_get_boolean (additional))
                return fail (error, path, "member “%s” is not allowed", name);
            }
          else if (!check (checker, additional, value, member_path, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check (Checker     *checker,
       JsonNode    *schema_node,
       JsonNode    *instance,
       const char  *path,
       GError     **error)
{
  JsonObject *schema;
  JsonObjectIter iter;
  const char *keyword;
  JsonNode *value;

  if (JSON_NODE_HOLDS_VALUE (schema_node) &&
      json_node_get_value_type (schema_node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (schema_node) ? TRUE : fail (error, path, "nothing is allowed here");
  if (!JSON_NODE_HOLDS_OBJECT (schema_node))
    return fail (error, path, "schema error: a schema must be an object or a boolean");
  schema = json_node_get_object (schema_node);

  json_object_iter_init (&iter, schema);
  while (json_object_iter_next (&iter, &keyword, &value))
    {
      if (g_strv_contains (annotations, keyword))
        continue;
      if (!g_strv_contains (keywords, keyword))
        return fail (error, path, "schema error: unsupported keyword “%s”", keyword);

      if (g_str_equal (keyword, "type"))
        {
          if (!check_type (value, instance, path, error))
            return FALSE;
        }
      else if (g_str_equal (keyword, "$ref"))
        {
          JsonNode *target = resolve_ref (checker, json_node_get_string (value), path, error);

          if (target == NULL || !check (checker, target, instance, path, error))
            return FALSE;
        }
      else if (g_str_equal (keyword, "enum"))
        {
          JsonArray *choices = json_node_get_array (value);
          gboolean found = FALSE;

          for (guint i = 0; i < json_array_get_length (choices) && !found; i++)
            found = nodes_equal (json_array_get_element (choices, i), instance);
          if (!found)
            {
              if (JSON_NODE_HOLDS_VALUE (instance) &&
                  json_node_get_value_type (instance) == G_TYPE_STRING)
                return fail (error, path, "“%s” is not one of the allowed values",
                             json_node_get_string (instance));
              return fail (error, path, "the value is not one of the allowed values");
            }
        }
      else if (g_str_equal (keyword, "const"))
        {
          if (!nodes_equal (value, instance))
            return fail (error, path, "the value is not the required constant");
        }
      else if (g_str_equal (keyword, "properties") || g_str_equal (keyword, "required") ||
               g_str_equal (keyword, "additionalProperties"))
        {
          /* Checked together, once, below. */
        }
      else if (g_str_equal (keyword, "items"))
        {
          if (JSON_NODE_HOLDS_ARRAY (instance))
            {
              JsonArray *array = json_node_get_array (instance);

              for (guint i = 0; i < json_array_get_length (array); i++)
                {
                  g_autofree char *index = g_strdup_printf ("%u", i);
                  g_autofree char *item_path = child_path (path, index);

                  if (!check (checker, value, json_array_get_element (array, i), item_path, error))
                    return FALSE;
                }
            }
        }
      else if (g_str_equal (keyword, "minItems") || g_str_equal (keyword, "maxItems"))
        {
          if (JSON_NODE_HOLDS_ARRAY (instance))
            {
              gint64 length = json_array_get_length (json_node_get_array (instance));
              gint64 limit = json_node_get_int (value);

              if (g_str_equal (keyword, "minItems") ? length < limit : length > limit)
                return fail (error, path, "%" G_GINT64_FORMAT " items, %s is %" G_GINT64_FORMAT,
                             length, keyword, limit);
            }
        }
      else if (g_str_equal (keyword, "minimum") || g_str_equal (keyword, "maximum"))
        {
          if (JSON_NODE_HOLDS_VALUE (instance) && has_type (instance, "number"))
            {
              double number = number_of (instance);
              double limit = number_of (value);

              if (g_str_equal (keyword, "minimum") ? number < limit : number > limit)
                return fail (error, path, "%g is outside the %s %g", number, keyword, limit);
            }
        }
      else if (g_str_equal (keyword, "minLength") || g_str_equal (keyword, "maxLength"))
        {
          if (JSON_NODE_HOLDS_VALUE (instance) && has_type (instance, "string"))
            {
              gint64 length = g_utf8_strlen (json_node_get_string (instance), -1);
              gint64 limit = json_node_get_int (value);

              if (g_str_equal (keyword, "minLength") ? length < limit : length > limit)
                return fail (error, path, "string of %" G_GINT64_FORMAT " characters, %s is %"
                             G_GINT64_FORMAT, length, keyword, limit);
            }
        }
      else if (g_str_equal (keyword, "pattern"))
        {
          if (JSON_NODE_HOLDS_VALUE (instance) && has_type (instance, "string"))
            {
              g_autoptr(GError) regex_error = NULL;
              g_autoptr(GRegex) regex = g_regex_new (json_node_get_string (value), 0, 0,
                                                     &regex_error);

              if (regex == NULL)
                return fail (error, path, "schema error: bad pattern: %s", regex_error->message);
              if (!g_regex_match (regex, json_node_get_string (instance), 0, NULL))
                return fail (error, path, "“%s” does not match the pattern %s",
                             json_node_get_string (instance), json_node_get_string (value));
            }
        }
      else if (g_str_equal (keyword, "oneOf") || g_str_equal (keyword, "anyOf"))
        {
          JsonArray *options = json_node_get_array (value);
          guint matches = 0;
          g_autoptr(GString) reasons = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (options); i++)
            {
              g_autoptr(GError) option_error = NULL;

              if (check (checker, json_array_get_element (options, i), instance, path,
                         &option_error))
                matches++;
              else
                g_string_append_printf (reasons, "%s(%s)", reasons->len > 0 ? ", " : "",
                                        option_error->message);
            }
          if (g_str_equal (keyword, "oneOf") && matches != 1)
            return fail (error, path, "matches %u of the oneOf schemas, not exactly one%s%s",
                         matches, matches == 0 ? ": " : "", matches == 0 ? reasons->str : "");
          if (g_str_equal (keyword, "anyOf") && matches == 0)
            return fail (error, path, "matches none of the anyOf schemas: %s", reasons->str);
        }
    }

  if (JSON_NODE_HOLDS_OBJECT (instance) &&
      (json_object_has_member (schema, "properties") || json_object_has_member (schema, "required") ||
       json_object_has_member (schema, "additionalProperties")))
    return check_object (checker, schema, json_node_get_object (instance), path, error);
  return TRUE;
}

gboolean
td_schema_check (JsonNode  *schema,
                 JsonNode  *instance,
                 GError   **error)
{
  Checker checker;

  g_return_val_if_fail (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema), FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);

  checker.root = json_node_get_object (schema);
  return check (&checker, schema, instance, "", error);
}
