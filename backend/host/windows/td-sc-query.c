/* td-sc-query.c — parser for `sc query NAME` and `sc qc NAME`
 *
 *   SERVICE_NAME: iphlpsvc
 *           TYPE               : 20  WIN32_SHARE_PROCESS
 *           STATE              : 4  RUNNING
 *           START_TYPE         : 2   AUTO_START  (DELAYED)
 *   [SC] EnumQueryServicesStatus:OpenService FAILED 1060:
 *
 * The "[SC] … FAILED n:" word is translated ("失败" on zh-CN), so a failure
 * is any "[SC]" line ending in "<number>:".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-sc-query.h"

#define ERROR_ACCESS_DENIED 5
#define ERROR_SERVICE_DOES_NOT_EXIST 1060

void
td_sc_service_free (TdScService *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->display_name);
  g_free (self->binary_path);
  g_free (self);
}

static const char * const state_names[] = {
  NULL, "stopped", "start-pending", "stop-pending", "running",
  "continue-pending", "pause-pending", "paused",
};
static const char * const state_words[] = {
  NULL, "STOPPED", "START_PENDING", "STOP_PENDING", "RUNNING",
  "CONTINUE_PENDING", "PAUSE_PENDING", "PAUSED",
};
static const char * const start_names[] = {
  NULL, "boot", "system", "auto", "demand", "disabled",
};
static const char * const start_words[] = {
  NULL, "BOOT_START", "SYSTEM_START", "AUTO_START", "DEMAND_START", "DISABLED",
};

const char *
td_service_state_to_string (TdServiceState state)
{
  return (guint) state < G_N_ELEMENTS (state_names) ? state_names[state] : NULL;
}

const char *
td_service_start_type_to_string (TdServiceStartType start)
{
  return (guint) start < G_N_ELEMENTS (start_names) ? start_names[start] : NULL;
}

/* "4  RUNNING" → 4, "RUNNING"; a value without the number still works. */
static gboolean
leading_number (const char *value,
                guint64    *out)
{
  g_autofree char *digits = NULL;
  const char *p = value;

  while (g_ascii_isdigit (*p))
    p++;
  if (p == value || p - value > 18)
    return FALSE;
  digits = g_strndup (value, (gsize) (p - value));
  return td_console_parse_uint (digits, out);
}

static guint
lookup_word (const char         *value,
             const char * const *words,
             guint               n)
{
  for (guint i = 1; i < n; i++)
    {
      const char *hit = strstr (value, words[i]);

      /* "AUTO_START" must not match inside "DEMAND_START"'s neighbours. */
      if (hit != NULL && (hit == value || hit[-1] == ' ')
          && !g_ascii_isalnum (hit[strlen (words[i])]) && hit[strlen (words[i])] != '_')
        return i;
    }
  return 0;
}

/* "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:" → 1060. */
static gboolean
sc_failure_code (const char *line,
                 guint64    *out)
{
  const char *p = line;
  gsize len;
  const char *end;
  const char *start;
  g_autofree char *digits = NULL;

  while (*p == ' ')
    p++;
  if (!g_str_has_prefix (p, "[SC]"))
    return FALSE;
  len = strlen (p);
  if (len < 2 || p[len - 1] != ':')
    return FALSE;
  end = p + len - 1;
  start = end;
  while (start > p && g_ascii_isdigit (start[-1]))
    start--;
  if (start == end || end - start > 10 || start[-1] != ' ')
    return FALSE;
  digits = g_strndup (start, (gsize) (end - start));
  return td_console_parse_uint (digits, out);
}

TdScService *
td_sc_query_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(TdScService) self = NULL;
  guint64 failure = 0;
  gboolean failed = FALSE;

  lines = td_console_text_lines (text, "sc", error);
  if (lines == NULL)
    return NULL;

  self = g_new0 (TdScService, 1);
  self->installed = TRUE;
  self->win32_exit_code = -1;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      guint64 n;

      if (sc_failure_code (line, &n))
        {
          failed = TRUE;
          failure = n;
          continue;
        }

      if (!td_console_split_kv (line, &label, &value))
        continue;

      if (strcmp (label, "SERVICE_NAME") == 0)
        {
          g_free (self->name);
          self->name = g_strdup (value);
        }
      else if (strcmp (label, "DISPLAY_NAME") == 0)
        {
          g_free (self->display_name);
          self->display_name = g_strdup (value);
        }
      else if (strcmp (label, "STATE") == 0)
        {
          if (leading_number (value, &n) && n >= 1 && n < G_N_ELEMENTS (state_names))
            self->state = (TdServiceState) n;
          else
            self->state = lookup_word (value, state_words, G_N_ELEMENTS (state_words));
        }
      else if (strcmp (label, "START_TYPE") == 0)
        {
          /* START_TYPE numbers are 0…4; the enum is shifted by one for UNSET. */
          if (leading_number (value, &n) && n < G_N_ELEMENTS (start_names) - 1)
            self->start_type = (TdServiceStartType) (n + 1);
          else
            self->start_type = lookup_word (value, start_words, G_N_ELEMENTS (start_words));
          self->delayed_auto_start = (strstr (value, "DELAYED") != NULL);
        }
      else if (strcmp (label, "WIN32_EXIT_CODE") == 0)
        {
          if (leading_number (value, &n) && n <= G_MAXINT64)
            self->win32_exit_code = (gint64) n;
        }
      else if (strcmp (label, "BINARY_PATH_NAME") == 0)
        {
          g_free (self->binary_path);
          self->binary_path = g_strdup (value);
        }
    }

  if (failed && self->name == NULL)
    {
      if (failure == ERROR_SERVICE_DOES_NOT_EXIST)
        {
          self->installed = FALSE;
          return g_steal_pointer (&self);
        }
      if (failure == ERROR_ACCESS_DENIED)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PERMISSION,
                       _("sc was denied access to the service (error 5)"));
          return NULL;
        }
      g_set_error (error, TD_ERROR, TD_ERROR_FAILED,
                   _("sc failed with Windows error %llu"), (unsigned long long) failure);
      return NULL;
    }

  if (self->name == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No SERVICE_NAME found in the sc output"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
td_sc_service_to_json (const TdScService *self,
                       JsonBuilder       *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  td_json_add_string_or_null (builder, "name", self->name);
  td_json_add_string_or_null (builder, "display_name", self->display_name);
  json_builder_set_member_name (builder, "installed");
  json_builder_add_boolean_value (builder, self->installed);
  td_json_add_string_or_null (builder, "state", td_service_state_to_string (self->state));
  td_json_add_string_or_null (builder, "start_type", td_service_start_type_to_string (self->start_type));
  json_builder_set_member_name (builder, "delayed_auto_start");
  json_builder_add_boolean_value (builder, self->delayed_auto_start);
  td_json_add_int_or_null (builder, "win32_exit_code", self->win32_exit_code >= 0,
                           self->win32_exit_code);
  td_json_add_string_or_null (builder, "binary_path", self->binary_path);
  json_builder_end_object (builder);
}
