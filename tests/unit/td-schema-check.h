/* td-schema-check.h — a JSON Schema validator for the subset our schemas use
 *
 * There is no JSON Schema package for C in Debian, and the report schema
 * needs only: type (one or a list), enum, const, properties, required,
 * additionalProperties (boolean or schema), items, minItems, maxItems,
 * minimum, maximum, minLength, maxLength, pattern, oneOf, anyOf and local
 * "$ref": "#/$defs/name".  Annotations ($schema, $id, $comment, $defs,
 * title, description, default, examples) are ignored.  Any other keyword
 * makes validation fail, so that a schema can never silently rely on
 * something this checker does not check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* FALSE with a message naming the JSON pointer of the first problem:
 * "/checks/3/status: “maybe” is not one of the allowed values". */
gboolean td_schema_check (JsonNode  *schema,
                          JsonNode  *instance,
                          GError   **error);

G_END_DECLS
