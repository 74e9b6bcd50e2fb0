/* td-reg-query.c — parser for `reg query` and the Teredo registry helpers
 *
 *   HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\iphlpsvc\Teredo
 *       Type    REG_DWORD    0x4
 *
 * A value line is found by its REG_* type token, so names with spaces and
 * tab-separated copies work too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-reg-query.h"

static void
value_free (TdRegValue *v)
{
  if (v == NULL)
    return;
  g_free (v->key);
  g_free (v->name);
  g_free (v->type);
  g_free (v->string);
  g_strfreev (v->strings);
  g_free (v);
}

void
td_reg_query_free (TdRegQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->message);
  g_ptr_array_unref (self->keys);
  g_ptr_array_unref (self->values);
  g_free (self);
}

static gboolean
is_type_token (const char *start,
               gsize       len)
{
  if (len < 5 || strncmp (start, "REG_", 4) != 0)
    return FALSE;
  for (gsize i = 4; i < len; i++)
    if (!g_ascii_isupper (start[i]) && start[i] != '_')
      return FALSE;
  return TRUE;
}

/* "    Name With Spaces    REG_SZ    some data" */
static TdRegValue *
parse_value_line (const char *line,
                  const char *key)
{
  const char *p = line;
  const char *name_start;

  while (*p == ' ')
    p++;
  if (*p == '\0')
    return NULL;
  name_start = p;

  /* The first blank-delimited REG_* token after at least one name
   * character. */
  for (const char *q = p; *q != '\0'; q++)
    {
      const char *end;

      if (*q != ' ')
        continue;
      while (*q == ' ')
        q++;
      end = q;
      while (*end != '\0' && *end != ' ')
        end++;
      if (is_type_token (q, (gsize) (end - q)))
        {
          TdRegValue *v = g_new0 (TdRegValue, 1);
          g_autofree char *data = g_strstrip (g_strdup (end));

          v->key = g_strdup (key);
          v->name = g_strstrip (g_strndup (name_start, (gsize) (q - name_start)));
          v->type = g_strndup (q, (gsize) (end - q));

          if (strcmp (v->type, "REG_DWORD") == 0 || strcmp (v->type, "REG_QWORD") == 0
              || strcmp (v->type, "REG_DWORD_BIG_ENDIAN") == 0)
            {
              v->has_integer = td_console_parse_uint (data, &v->integer);
              if (!v->has_integer)
                v->string = g_steal_pointer (&data);
            }
          else if (strcmp (v->type, "REG_MULTI_SZ") == 0)
            {
              g_auto(GStrv) parts = g_strsplit (data, "\\0", -1);
              guint n = g_strv_length (parts);
              g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

              /* reg ends the list with "\0\0" or nothing. */
              while (n > 0 && parts[n - 1][0] == '\0')
                n--;
              for (guint i = 0; i < n; i++)
                g_strv_builder_add (b, parts[i]);
              v->strings = g_strv_builder_end (b);
            }
          else
            v->string = g_steal_pointer (&data);
          return v;
        }
      if (*q == '\0')
        break;
    }
  return NULL;
}

static const char * const error_prefixes[] = {
  "ERROR:", "错误:", "错误：", "錯誤:", "FEHLER:", "ERREUR:", "ERRORE:", "エラー:", "오류:",
  "ОШИБКА:", "ERRO:", NULL
};

static gboolean
is_error_line (const char *t)
{
  for (guint j = 0; error_prefixes[j] != NULL; j++)
    if (td_console_has_prefix_ci (t, error_prefixes[j]))
      return TRUE;
  return FALSE;
}

TdRegQuery *
td_reg_query_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *message = NULL;
  g_autofree char *candidate = NULL;
  const char *key = NULL;
  TdRegQuery *self;

  lines = td_console_text_lines (text, "reg query", error);
  if (lines == NULL)
    return NULL;

  keys = g_ptr_array_new_with_free_func (g_free);
  values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *t = line + td_console_indent (line);
      TdRegValue *v;

      if (*t == '\0')
        continue;

      if (g_str_has_prefix (t, "HKEY_"))
        {
          g_ptr_array_add (keys, g_strdup (t));
          key = g_ptr_array_index (keys, keys->len - 1);
          continue;
        }

      if (is_error_line (t))
        {
          g_free (message);
          message = g_strdup (t);
          continue;
        }
      if (candidate == NULL && t == line && td_console_split_kv (t, NULL, NULL))
        candidate = g_strdup (t);

      v = parse_value_line (line, key);
      if (v != NULL)
        g_ptr_array_add (values, v);
    }

  /* An error in a language we do not know: reg prints nothing else. */
  if (message == NULL && keys->len == 0 && values->len == 0 && candidate != NULL)
    message = g_steal_pointer (&candidate);

  if (message != NULL && keys->len == 0 && values->len == 0)
    {
      if (td_console_contains_ci (message, "access is denied") || strstr (message, "拒绝访问") != NULL)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PERMISSION, "reg query: %s", message);
          return NULL;
        }
      if (td_console_contains_ci (message, "invalid syntax") || strstr (message, "语法无效") != NULL
          || strstr (message, "无效语法") != NULL)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "reg query: %s", message);
          return NULL;
        }
    }

  if (message == NULL && keys->len == 0 && values->len == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No registry key or value found in the reg output"));
      return NULL;
    }

  self = g_new0 (TdRegQuery, 1);
  self->found = (keys->len > 0 || values->len > 0);
  self->message = g_steal_pointer (&message);
  self->keys = g_steal_pointer (&keys);
  self->values = g_steal_pointer (&values);
  return self;
}

const TdRegValue *
td_reg_query_lookup (const TdRegQuery *self,
                     const char       *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->values->len; i++)
    {
      const TdRegValue *v = g_ptr_array_index (self->values, i);

      if (g_ascii_strcasecmp (v->name, name) == 0)
        return v;
    }
  return NULL;
}

void
td_reg_query_to_json (const TdRegQuery *self,
                      JsonBuilder      *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "found");
  json_builder_add_boolean_value (builder, self->found);
  td_json_add_string_or_null (builder, "message", self->message);
  json_builder_set_member_name (builder, "keys");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->keys->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->keys, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->values->len; i++)
    {
      const TdRegValue *v = g_ptr_array_index (self->values, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "key", v->key);
      td_json_add_string_or_null (builder, "name", v->name);
      td_json_add_string_or_null (builder, "type", v->type);
      /* JSON integers are signed 64-bit; a QWORD above that stays text. */
      td_json_add_int_or_null (builder, "integer", v->has_integer && v->integer <= G_MAXINT64,
                               (gint64) v->integer);
      td_json_add_string_or_null (builder, "string", v->string);
      json_builder_set_member_name (builder, "strings");
      if (v->strings == NULL)
        json_builder_add_null_value (builder);
      else
        {
          json_builder_begin_array (builder);
          for (guint j = 0; v->strings[j] != NULL; j++)
            json_builder_add_string_value (builder, v->strings[j]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

gboolean
td_disabled_components_kills_teredo (guint32 value)
{
  return (value & (TD_DISABLED_TUNNELS | TD_DISABLED_TEREDO)) != 0;
}

gboolean
td_disabled_components_all_off (guint32 value)
{
  return (value & 0xff) == 0xff;
}

char *
td_disabled_components_describe (guint32 value)
{
  static const struct
  {
    guint32     bit;
    const char *what;
  } bits[] = {
    { TD_DISABLED_TUNNELS, N_("all tunnel interfaces") },
    { TD_DISABLED_6TO4, "6to4" },
    { TD_DISABLED_ISATAP, "ISATAP" },
    { TD_DISABLED_TEREDO, "Teredo" },
    { TD_DISABLED_NATIVE, N_("native (non-tunnel) interfaces") },
    { TD_DISABLED_PREFER_IPV4, N_("IPv6 preference (IPv4 preferred)") },
    { 0x40, "CP (0x40)" },
    { 0x80, "IP-TLS (0x80)" },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  if (td_disabled_components_all_off (value))
    return g_strdup (_("IPv6 on every interface except loopback"));
  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    {
      if ((value & bits[i].bit) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, C_("list separator", ", "));
      /* Only the descriptions are marked: 6to4, ISATAP, Teredo, CP and IP-TLS are names. */
      g_string_append (out, _(bits[i].what));
    }
  if ((value & ~0xffu) != 0)
    {
      if (out->len > 0)
        g_string_append (out, C_("list separator", ", "));
      g_string_append_printf (out, _("unknown bits 0x%x"), value & ~0xffu);
    }
  if (out->len == 0)
    return g_strdup (C_("DisabledComponents turns off", "nothing"));
  return g_strdup (out->str);
}

gboolean
td_iphlpsvc_teredo_type_is_disabled (guint64 value)
{
  return value == TD_IPHLPSVC_TEREDO_TYPE_DISABLED;
}

gboolean
td_teredo_policy_state_parse (const char          *value,
                              TdTeredoPolicyState *out)
{
  static const struct
  {
    const char          *text;
    TdTeredoPolicyState  state;
  } names[] = {
    { "Default", TD_TEREDO_POLICY_DEFAULT },
    { "Default State", TD_TEREDO_POLICY_DEFAULT },
    { "Disabled", TD_TEREDO_POLICY_DISABLED },
    { "Disabled State", TD_TEREDO_POLICY_DISABLED },
    { "Client", TD_TEREDO_POLICY_CLIENT },
    { "Enterprise Client", TD_TEREDO_POLICY_ENTERPRISE_CLIENT },
  };
  g_autofree char *v = NULL;

  if (value == NULL)
    return FALSE;
  v = g_strstrip (g_strdup (value));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (v, names[i].text) == 0)
        {
          if (out != NULL)
            *out = names[i].state;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
td_policy_enabled_parse (const char *value,
                         gboolean   *out_enabled)
{
  g_autofree char *v = NULL;

  if (value == NULL)
    return FALSE;
  v = g_strstrip (g_strdup (value));
  if (g_ascii_strcasecmp (v, "Enabled") == 0 || g_ascii_strcasecmp (v, "Enabled State") == 0)
    {
      if (out_enabled != NULL)
        *out_enabled = TRUE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (v, "Disabled") == 0 || g_ascii_strcasecmp (v, "Disabled State") == 0)
    {
      if (out_enabled != NULL)
        *out_enabled = FALSE;
      return TRUE;
    }
  return FALSE;
}
