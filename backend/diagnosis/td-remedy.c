/* td-remedy.c — one fix step: what to do, and the exact command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-error.h"
#include "td-json.h"
#include "td-remedy.h"

/* Bounds for remedies read from a file: far above anything the knowledge
 * base writes, low enough that a hostile report cannot make us build huge
 * command lines. */
#define MAX_ARGS 64

static const char * const platforms[] = { "windows", "linux", "macos", "any" };

static gboolean
platform_is_known (const char *platform)
{
  for (gsize i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (g_strcmp0 (platform, platforms[i]) == 0)
      return TRUE;
  return FALSE;
}

TdRemedy *
td_remedy_new (const char         *platform,
               const char         *title,
               const char         *description,
               const char * const *argv,
               gboolean            needs_admin,
               gboolean            needs_reboot)
{
  TdRemedy *self;

  g_return_val_if_fail (platform_is_known (platform), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (argv == NULL || argv[0] != NULL, NULL);

  self = g_new0 (TdRemedy, 1);
  self->platform = g_strdup (platform);
  self->title = g_strdup (title);
  self->description = g_strdup (description);
  self->argv = g_strdupv ((char **) argv);
  self->needs_admin = needs_admin;
  self->needs_reboot = needs_reboot;
  return self;
}

TdRemedy *
td_remedy_copy (const TdRemedy *self)
{
  TdRemedy *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = td_remedy_new (self->platform, self->title, self->description,
                        (const char * const *) self->argv,
                        self->needs_admin, self->needs_reboot);
  td_remedy_set_fix (copy, self->fix_action, (const char * const *) self->fix_args);
  td_remedy_set_origin (copy, self->id, self->source);
  return copy;
}

void
td_remedy_free (TdRemedy *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->source);
  g_free (self->title);
  g_free (self->description);
  g_free (self->platform);
  g_strfreev (self->argv);
  g_free (self->fix_action);
  g_strfreev (self->fix_args);
  g_free (self);
}

void
td_remedy_set_fix (TdRemedy           *self,
                   const char         *action,
                   const char * const *args)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->fix_action, g_free);
  g_clear_pointer (&self->fix_args, g_strfreev);
  if (action == NULL)
    return;
  self->fix_action = g_strdup (action);
  self->fix_args = args != NULL ? g_strdupv ((char **) args)
                                : g_new0 (char *, 1);
}

void
td_remedy_set_origin (TdRemedy   *self,
                      const char *id,
                      const char *source)
{
  g_return_if_fail (self != NULL);

  g_free (self->id);
  self->id = g_strdup (id);
  g_free (self->source);
  self->source = g_strdup (source);
}

/* Characters that never need quoting in a POSIX shell. */
static gboolean
posix_safe (const char *arg)
{
  if (*arg == '\0')
    return FALSE;
  for (const char *p = arg; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_@%+=:,./-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* cmd.exe and PowerShell both take a plain word as is; anything with
 * blanks or shell metacharacters goes in double quotes, with embedded
 * quotes escaped the way CommandLineToArgvW reads them. */
static void
append_windows_arg (GString    *out,
                    const char *arg)
{
  gboolean needs_quotes = *arg == '\0';

  for (const char *p = arg; *p != '\0' && !needs_quotes; p++)
    if (g_ascii_isspace (*p) || strchr ("\"&|<>^%;,()'`$", *p) != NULL)
      needs_quotes = TRUE;
  if (!needs_quotes)
    {
      g_string_append (out, arg);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
td_remedy_command_line (const TdRemedy *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->argv == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; self->argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      if (g_strcmp0 (self->platform, "windows") == 0)
        append_windows_arg (out, self->argv[i]);
      else if (posix_safe (self->argv[i]))
        g_string_append (out, self->argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (self->argv[i]);
          g_string_append (out, quoted);
        }
    }
  return g_string_free (out, FALSE);
}

void
td_remedy_to_json (const TdRemedy *self,
                   JsonBuilder    *builder)
{
  g_autofree char *command_line = NULL;

  g_return_if_fail (self != NULL);

  command_line = td_remedy_command_line (self);
  json_builder_begin_object (builder);
  td_json_add_string_or_null (builder, "id", self->id);
  td_json_add_string_or_null (builder, "source", self->source);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  td_json_add_string_or_null (builder, "description", self->description);
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, self->platform);
  json_builder_set_member_name (builder, "command");
  if (self->argv != NULL)
    td_json_add_strv (builder, (const char * const *) self->argv);
  else
    json_builder_add_null_value (builder);
  td_json_add_string_or_null (builder, "command_line", command_line);
  json_builder_set_member_name (builder, "needs_admin");
  json_builder_add_boolean_value (builder, self->needs_admin);
  json_builder_set_member_name (builder, "needs_reboot");
  json_builder_add_boolean_value (builder, self->needs_reboot);
  json_builder_set_member_name (builder, "fix");
  if (self->fix_action != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, self->fix_action);
      json_builder_set_member_name (builder, "args");
      td_json_add_strv (builder, (const char * const *) self->fix_args);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* A JSON array of strings as a NULL-terminated vector; @allow_empty FALSE
 * refuses [] (a command needs a program). */
static char **
read_strv (JsonArray   *array,
           const char  *member,
           gboolean     allow_empty,
           GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint length = json_array_get_length (array);

  if (length == 0 && !allow_empty)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must not be empty", member);
      return NULL;
    }
  if (length > MAX_ARGS)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” has %u items, at most %d allowed",
                   member, length, MAX_ARGS);
      return NULL;
    }
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” item %u must be a string",
                       member, i);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

TdRemedy *
td_remedy_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autofree char *title = NULL, *description = NULL, *platform = NULL, *command_line = NULL;
  g_autofree char *id = NULL, *source = NULL;
  g_auto(GStrv) argv = NULL;
  gboolean needs_admin, needs_reboot;
  JsonObject *object, *fix;
  JsonNode *command;
  TdRemedy *self;

  if ((object = td_json_require_object (node, "remedy", error)) == NULL)
    return NULL;
  if ((json_object_has_member (object, "id") &&
       !td_json_get_string (object, "id", TRUE, &id, error)) ||
      (json_object_has_member (object, "source") &&
       !td_json_get_string (object, "source", TRUE, &source, error)) ||
      !td_json_get_string (object, "title", FALSE, &title, error) ||
      !td_json_get_string (object, "description", TRUE, &description, error) ||
      !td_json_get_string (object, "platform", FALSE, &platform, error))
    return NULL;
  if (!platform_is_known (platform))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “platform” has an unknown value “%s”", platform);
      return NULL;
    }

  command = json_object_get_member (object, "command");
  if (command == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “command” is missing");
      return NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (command))
    {
      if ((argv = read_strv (json_node_get_array (command), "command", FALSE, error)) == NULL)
        return NULL;
    }
  else if (!JSON_NODE_HOLDS_NULL (command))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “command” must be an array of strings or null");
      return NULL;
    }
  /* command_line is derived from command; it is only type-checked here and
   * written again from argv, so a file cannot show one command and hold
   * another. */
  if (!td_json_get_string (object, "command_line", TRUE, &command_line, error) ||
      !td_json_get_bool (object, "needs_admin", &needs_admin, error) ||
      !td_json_get_bool (object, "needs_reboot", &needs_reboot, error) ||
      !td_json_get_object (object, "fix", TRUE, &fix, error))
    return NULL;
  if ((command_line == NULL) != (argv == NULL))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “command_line” must be null exactly when “command” is null");
      return NULL;
    }

  self = td_remedy_new (platform, title, description, (const char * const *) argv,
                        needs_admin, needs_reboot);
  td_remedy_set_origin (self, id, source);
  if (fix != NULL)
    {
      g_autofree char *action = NULL;
      g_auto(GStrv) args = NULL;
      JsonArray *array;

      if (!td_json_get_string (fix, "action", FALSE, &action, error) ||
          !td_json_get_array (fix, "args", &array, error) ||
          (args = read_strv (array, "args", TRUE, error)) == NULL)
        {
          g_prefix_error (error, "fix: ");
          td_remedy_free (self);
          return NULL;
        }
      td_remedy_set_fix (self, action, (const char * const *) args);
    }
  return self;
}
