/* td-pnrp.c — parser for `netsh p2p pnrp cloud show list`
 *
 *   Scope  Id     Addr   State         Name
 *   -----  -----  -----  ------------  -----
 *       3      8      1  Active        LinkLocal_2001:4898:28:2::/64
 *       1      0      2  Active        Global_
 *
 * Rows are recognised by shape (three numbers, a state word, a name), not
 * by the translated header; a table rule starts a new listing, so the last
 * listing in a pasted text wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-pnrp.h"

static void
cloud_free (TdPnrpCloud *c)
{
  if (c == NULL)
    return;
  g_free (c->state_raw);
  g_free (c->name);
  g_free (c);
}

void
td_pnrp_clouds_free (TdPnrpClouds *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->clouds);
  g_free (self);
}

/* PNRP_CLOUD_STATE (pnrpdef.h).  netsh was only ever seen printing
 * "Active"; the other spellings are guesses from the enum names. */
static TdPnrpCloudState
parse_state (const char *word)
{
  g_autoptr(GString) w = g_string_new (NULL);

  for (const char *p = word; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (w, g_ascii_tolower (*p));

  if (strcmp (w->str, "virtual") == 0)
    return TD_PNRP_CLOUD_STATE_VIRTUAL;
  if (strcmp (w->str, "synchronising") == 0 || strcmp (w->str, "synchronizing") == 0)
    return TD_PNRP_CLOUD_STATE_SYNCHRONISING;
  if (strcmp (w->str, "active") == 0)
    return TD_PNRP_CLOUD_STATE_ACTIVE;
  if (strcmp (w->str, "dead") == 0)
    return TD_PNRP_CLOUD_STATE_DEAD;
  if (strcmp (w->str, "disabled") == 0)
    return TD_PNRP_CLOUD_STATE_DISABLED;
  if (strcmp (w->str, "nonet") == 0)
    return TD_PNRP_CLOUD_STATE_NO_NET;
  if (strcmp (w->str, "alone") == 0)
    return TD_PNRP_CLOUD_STATE_ALONE;
  return TD_PNRP_CLOUD_STATE_UNKNOWN;
}

static gboolean
parse_small_uint (const char *text,
                  guint      *out)
{
  guint64 v;

  if (!td_console_parse_uint (text, &v) || v > G_MAXUINT || !g_ascii_isdigit (text[0])
      || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

TdPnrpClouds *
td_pnrp_parse (const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) clouds = NULL;
  gboolean removed = FALSE;
  gboolean table_seen = FALSE;
  TdPnrpClouds *self;

  lines = td_console_text_lines (text, "netsh p2p pnrp", error);
  if (lines == NULL)
    return NULL;

  clouds = g_ptr_array_new_with_free_func ((GDestroyNotify) cloud_free);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_auto(GStrv) cols = NULL;
      TdPnrpCloud cloud = { 0, };

      if (td_console_contains_ci (line, "command was not found")
          || td_console_contains_ci (line, "context not found")
          || strstr (line, "找不到下列命令") != NULL)
        {
          removed = TRUE;
          continue;
        }

      if (td_console_is_rule (line))
        {
          /* A new listing starts: the last one wins. */
          g_ptr_array_set_size (clouds, 0);
          table_seen = TRUE;
          continue;
        }

      if (td_console_contains_ci (line, "Scope") && td_console_contains_ci (line, "Name"))
        table_seen = TRUE;

      cols = td_console_split_columns (line, 5);
      if (g_strv_length (cols) != 5
          || !parse_small_uint (cols[0], &cloud.scope)
          || !parse_small_uint (cols[1], &cloud.id)
          || !parse_small_uint (cols[2], &cloud.addresses)
          || g_ascii_isdigit (cols[3][0]))
        continue;

      {
        TdPnrpCloud *c = g_new0 (TdPnrpCloud, 1);

        *c = cloud;
        c->state = parse_state (cols[3]);
        c->state_raw = g_strdup (cols[3]);
        c->name = g_strdup (cols[4]);
        g_ptr_array_add (clouds, c);
        table_seen = TRUE;
      }
    }

  if (!removed && !table_seen)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No PNRP cloud listing found in the netsh output"));
      return NULL;
    }

  self = g_new0 (TdPnrpClouds, 1);
  self->removed = removed;
  self->clouds = g_steal_pointer (&clouds);
  for (guint i = 0; i < self->clouds->len; i++)
    {
      const TdPnrpCloud *c = g_ptr_array_index (self->clouds, i);

      if (strcmp (c->name, "Global_") == 0)
        self->has_global = TRUE;
    }
  return self;
}

const char *
td_pnrp_scope_to_string (guint scope)
{
  switch (scope)
    {
    case 1:
      return "global";
    case 2:
      return "site-local";
    case 3:
      return "link-local";
    default:
      return "unknown";
    }
}

const char *
td_pnrp_cloud_state_to_string (TdPnrpCloudState state)
{
  switch (state)
    {
    case TD_PNRP_CLOUD_STATE_VIRTUAL:
      return "virtual";
    case TD_PNRP_CLOUD_STATE_SYNCHRONISING:
      return "synchronising";
    case TD_PNRP_CLOUD_STATE_ACTIVE:
      return "active";
    case TD_PNRP_CLOUD_STATE_DEAD:
      return "dead";
    case TD_PNRP_CLOUD_STATE_DISABLED:
      return "disabled";
    case TD_PNRP_CLOUD_STATE_NO_NET:
      return "no-net";
    case TD_PNRP_CLOUD_STATE_ALONE:
      return "alone";
    case TD_PNRP_CLOUD_STATE_UNKNOWN:
    default:
      return "unknown";
    }
}

void
td_pnrp_clouds_to_json (const TdPnrpClouds *self,
                        JsonBuilder        *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "removed");
  json_builder_add_boolean_value (builder, self->removed);
  json_builder_set_member_name (builder, "has_global");
  json_builder_add_boolean_value (builder, self->has_global);
  json_builder_set_member_name (builder, "clouds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->clouds->len; i++)
    {
      const TdPnrpCloud *c = g_ptr_array_index (self->clouds, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_int_value (builder, c->scope);
      td_json_add_string_or_null (builder, "scope_name", td_pnrp_scope_to_string (c->scope));
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, c->id);
      json_builder_set_member_name (builder, "addresses");
      json_builder_add_int_value (builder, c->addresses);
      td_json_add_string_or_null (builder, "state", td_pnrp_cloud_state_to_string (c->state));
      td_json_add_string_or_null (builder, "state_raw", c->state_raw);
      td_json_add_string_or_null (builder, "name", c->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
