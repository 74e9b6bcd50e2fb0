/* td-advfirewall.c — parser for `netsh advfirewall show allprofiles state`
 *
 *   Domain Profile Settings:
 *   ----------------------------------------------------------------------
 *   State                                 ON
 *
 * A profile section is a heading ending in ':' followed by a rule; its
 * first row is State (in any language).  Headings are matched by keyword
 * (English, zh-CN and a few best-effort translations); headings in an
 * unknown language fall back to the fixed Domain, Private, Public order of
 * `show allprofiles`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-advfirewall.h"
#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"

static const char * const domain_words[] = {
  "Domain", "域", "Domäne", "domaine", "dominio", "ドメイン", "도메인", "домен", NULL
};
static const char * const private_words[] = {
  "Private", "专用", "私人", "Privat", "privé", "privado", "privato", "プライベート",
  "개인", "частн", NULL
};
static const char * const public_words[] = {
  "Public", "公用", "Öffentlich", "público", "pubblico", "パブリック", "공용", "общ", NULL
};

static const char * const state_labels[] = {
  "State", "状态", "狀態", "Status", "État", "Estado", "Stato", "状態", "상태", "Состояние", NULL
};
static const char * const on_words[] = {
  "ON", "启用", "開啟", "EIN", "ACTIVÉ", "ACTIVADO", "ATTIVATO", "有効", "사용", "ВКЛ", NULL
};
static const char * const off_words[] = {
  "OFF", "关闭", "關閉", "AUS", "DÉSACTIVÉ", "DESACTIVADO", "DISATTIVATO", "無効",
  "사용 안 함", "ВЫКЛ", NULL
};

static gboolean
contains_any (const char         *s,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (td_console_contains_ci (s, words[i]))
      return TRUE;
  return FALSE;
}

static gboolean
equals_any (const char         *s,
            const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (s, words[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
profile_free (TdFirewallProfile *p)
{
  if (p == NULL)
    return;
  g_free (p->heading);
  g_free (p->state_raw);
  g_free (p->policy);
  g_free (p);
}

void
td_advfirewall_free (TdAdvfirewall *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->profiles);
  g_free (self);
}

/* "Domain Profile Settings:" followed by a rule line. */
static char *
profile_heading (GPtrArray *lines,
                 guint      i)
{
  const char *line = g_ptr_array_index (lines, i);
  gsize len = strlen (line);
  gsize colon = 0;

  if (td_console_indent (line) > 0)
    return NULL;
  if (len >= 3 && strcmp (line + len - 3, "\xef\xbc\x9a") == 0)
    colon = 3;
  else if (len >= 1 && line[len - 1] == ':')
    colon = 1;
  if (colon == 0 || len == colon)
    return NULL;
  for (guint j = i + 1; j < lines->len; j++)
    {
      const char *next = g_ptr_array_index (lines, j);

      if (td_console_is_blank (next))
        continue;
      if (!td_console_is_rule (next))
        return NULL;
      return g_strstrip (g_strndup (line, len - colon));
    }
  return NULL;
}

/* "State                                 ON" → ("State", "ON"): the label
 * ends at the first run of two or more blanks. */
static gboolean
split_row (const char  *line,
           char       **out_label,
           char       **out_value)
{
  const char *gap = strstr (line, "  ");
  const char *value;

  if (gap == NULL)
    return FALSE;
  value = gap;
  while (*value == ' ')
    value++;
  if (*value == '\0')
    return FALSE;
  *out_label = g_strstrip (g_strndup (line, (gsize) (gap - line)));
  *out_value = g_strstrip (g_strdup (value));
  return TRUE;
}

static gboolean
looks_like_policy (const char *value)
{
  return (td_console_contains_ci (value, "Inbound") && td_console_contains_ci (value, "Outbound"));
}

TdAdvfirewall *
td_advfirewall_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  TdFirewallProfile *current = NULL;
  gboolean service_unavailable = FALSE;
  guint n_headings = 0;
  guint ordinal = 0;
  guint rows = 0;
  TdAdvfirewall *self;

  lines = td_console_text_lines (text, "netsh advfirewall", error);
  if (lines == NULL)
    return NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *h = profile_heading (lines, i);

      if (h != NULL)
        n_headings++;
    }

  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) profile_free);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *heading = NULL;
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;

      if (td_console_contains_ci (line, "Firewall service")
          || strstr (line, "防火墙服务") != NULL)
        service_unavailable = TRUE;

      if (td_console_is_blank (line) || td_console_is_rule (line))
        continue;

      heading = profile_heading (lines, i);
      if (heading != NULL)
        {
          TdFirewallProfileKind kind = TD_FIREWALL_PROFILE_UNKNOWN;

          if (contains_any (heading, domain_words))
            kind = TD_FIREWALL_PROFILE_DOMAIN;
          else if (contains_any (heading, private_words))
            kind = TD_FIREWALL_PROFILE_PRIVATE;
          else if (contains_any (heading, public_words))
            kind = TD_FIREWALL_PROFILE_PUBLIC;
          else if (n_headings >= 2)
            kind = TD_FIREWALL_PROFILE_DOMAIN + (ordinal % 3);
          ordinal++;

          /* A profile printed again (two outputs): the later one wins. */
          for (guint j = 0; kind != TD_FIREWALL_PROFILE_UNKNOWN && j < profiles->len; j++)
            {
              TdFirewallProfile *old = g_ptr_array_index (profiles, j);

              if (old->kind == kind)
                {
                  g_ptr_array_remove_index (profiles, j);
                  break;
                }
            }

          current = g_new0 (TdFirewallProfile, 1);
          current->kind = kind;
          current->heading = g_steal_pointer (&heading);
          g_ptr_array_add (profiles, current);
          rows = 0;
          continue;
        }

      if (current == NULL)
        continue;

      /* "Logging:" and other sub-headings end the profile's own rows. */
      if (td_console_indent (line) == 0 && g_str_has_suffix (line, ":"))
        {
          current = NULL;
          continue;
        }

      if (!split_row (line, &label, &value))
        continue;

      if (rows == 0 || equals_any (label, state_labels))
        {
          if (current->state_raw == NULL || equals_any (label, state_labels))
            {
              g_free (current->state_raw);
              current->state_raw = g_strdup (value);
              if (equals_any (value, on_words))
                current->enabled = TD_TRISTATE_YES;
              else if (equals_any (value, off_words))
                current->enabled = TD_TRISTATE_NO;
              else
                current->enabled = TD_TRISTATE_UNSET;
            }
        }
      else if (current->policy == NULL && looks_like_policy (value))
        current->policy = g_strdup (value);
      rows++;
    }

  if (profiles->len == 0 && !service_unavailable)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("No firewall profile found in the netsh advfirewall output"));
      return NULL;
    }

  self = g_new0 (TdAdvfirewall, 1);
  self->service_unavailable = service_unavailable;
  self->profiles = g_steal_pointer (&profiles);
  return self;
}

const TdFirewallProfile *
td_advfirewall_get_profile (const TdAdvfirewall   *self,
                            TdFirewallProfileKind  kind)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      const TdFirewallProfile *p = g_ptr_array_index (self->profiles, i);

      if (p->kind == kind)
        return p;
    }
  return NULL;
}

gboolean
td_advfirewall_any_off (const TdAdvfirewall *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      const TdFirewallProfile *p = g_ptr_array_index (self->profiles, i);

      if (p->enabled == TD_TRISTATE_NO)
        return TRUE;
    }
  return FALSE;
}

const char *
td_firewall_profile_kind_to_string (TdFirewallProfileKind kind)
{
  switch (kind)
    {
    case TD_FIREWALL_PROFILE_DOMAIN:
      return "domain";
    case TD_FIREWALL_PROFILE_PRIVATE:
      return "private";
    case TD_FIREWALL_PROFILE_PUBLIC:
      return "public";
    case TD_FIREWALL_PROFILE_UNKNOWN:
    default:
      return "unknown";
    }
}

void
td_advfirewall_to_json (const TdAdvfirewall *self,
                        JsonBuilder         *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service_unavailable");
  json_builder_add_boolean_value (builder, self->service_unavailable);
  json_builder_set_member_name (builder, "profiles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->profiles->len; i++)
    {
      const TdFirewallProfile *p = g_ptr_array_index (self->profiles, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "profile", td_firewall_profile_kind_to_string (p->kind));
      td_json_add_string_or_null (builder, "heading", p->heading);
      json_builder_set_member_name (builder, "enabled");
      if (p->enabled == TD_TRISTATE_UNSET)
        json_builder_add_null_value (builder);
      else
        json_builder_add_boolean_value (builder, p->enabled == TD_TRISTATE_YES);
      td_json_add_string_or_null (builder, "state_raw", p->state_raw);
      td_json_add_string_or_null (builder, "policy", p->policy);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
