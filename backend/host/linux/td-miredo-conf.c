/* td-miredo-conf.c — miredo.conf(5) and miredo's log messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-address.h"
#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-miredo-conf.h"

/* ---- miredo.conf ---------------------------------------------------- */

void
td_miredo_conf_free (TdMiredoConf *self)
{
  if (self == NULL)
    return;
  g_free (self->interface_name);
  g_free (self->server_address);
  g_free (self->server_address2);
  g_free (self->bind_address);
  g_free (self->syslog_facility);
  g_free (self->prefix);
  g_ptr_array_unref (self->unknown);
  g_ptr_array_unref (self->problems);
  g_free (self);
}

static TdMiredoConf *
conf_new (void)
{
  TdMiredoConf *self = g_new0 (TdMiredoConf, 1);

  self->bind_port = -1;
  self->interface_mtu = -1;
  self->unknown = g_ptr_array_new_with_free_func (g_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  return self;
}

const char *
td_miredo_relay_type_to_string (TdMiredoRelayType type)
{
  switch (type)
    {
    case TD_MIREDO_RELAY_CLIENT:
      return "client";
    case TD_MIREDO_RELAY_AUTOCLIENT:
      return "autoclient";
    case TD_MIREDO_RELAY_CONE:
      return "cone";
    case TD_MIREDO_RELAY_RESTRICTED:
      return "restricted";
    case TD_MIREDO_RELAY_UNSET:
    default:
      return NULL;
    }
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
parse_bounded (const char *value,
               guint64     min,
               guint64     max,
               int        *out)
{
  guint64 n;

  if (!g_ascii_isdigit (value[0]) || !td_console_parse_uint (value, &n) || n < min || n > max)
    return FALSE;
  *out = (int) n;
  return TRUE;
}

static gboolean
is_blank_text (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++, n++)
    {
      if (n > TD_CONSOLE_TEXT_MAX_BYTES)
        return FALSE;
      /* A UTF-8 BOM from a Windows editor is no content either. */
      if (g_str_has_prefix (p, "\xef\xbb\xbf"))
        {
          p += 2;
          continue;
        }
      if (!g_ascii_isspace (*p))
        return FALSE;
    }
  return TRUE;
}

TdMiredoConf *
td_miredo_conf_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(TdMiredoConf) self = conf_new ();

  g_return_val_if_fail (text != NULL, NULL);

  /* An empty configuration is valid: miredo then uses its defaults. */
  if (is_blank_text (text))
    return g_steal_pointer (&self);

  lines = td_console_text_lines (text, "miredo.conf", error);
  if (lines == NULL)
    return NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *line = g_strdup (g_ptr_array_index (lines, i));
      g_auto(GStrv) words = NULL;
      char *hash = strchr (line, '#');
      const char *name;
      const char *value;
      guint n_words;
      guint lineno = i + 1;

      if (hash != NULL)
        *hash = '\0';
      g_strstrip (line);
      if (line[0] == '\0')
        continue;

      words = td_console_split_columns (line, 0);
      n_words = g_strv_length (words);
      name = words[0];
      value = n_words > 1 ? words[1] : NULL;

      if (value == NULL)
        {
          g_ptr_array_add (self->problems,
                           g_strdup_printf ("line %u: %s has no value", lineno, name));
          continue;
        }
      if (n_words > 2)
        g_ptr_array_add (self->problems,
                         g_strdup_printf ("line %u: extra text after the %s value", lineno, name));

      if (g_ascii_strcasecmp (name, "RelayType") == 0)
        {
          if (g_ascii_strcasecmp (value, "client") == 0)
            self->relay_type = TD_MIREDO_RELAY_CLIENT;
          else if (g_ascii_strcasecmp (value, "autoclient") == 0)
            self->relay_type = TD_MIREDO_RELAY_AUTOCLIENT;
          else if (g_ascii_strcasecmp (value, "cone") == 0 || g_ascii_strcasecmp (value, "relay") == 0)
            self->relay_type = TD_MIREDO_RELAY_CONE;
          else if (g_ascii_strcasecmp (value, "restricted") == 0)
            self->relay_type = TD_MIREDO_RELAY_RESTRICTED;
          else
            g_ptr_array_add (self->problems,
                             g_strdup_printf ("line %u: unknown RelayType “%s”", lineno, value));
        }
      else if (g_ascii_strcasecmp (name, "InterfaceName") == 0)
        set_string (&self->interface_name, value);
      else if (g_ascii_strcasecmp (name, "ServerAddress") == 0)
        set_string (&self->server_address, value);
      else if (g_ascii_strcasecmp (name, "ServerAddress2") == 0)
        set_string (&self->server_address2, value);
      else if (g_ascii_strcasecmp (name, "BindAddress") == 0)
        {
          set_string (&self->bind_address, value);
          /* A BindAddress the host does not own is the classic cause of
           * "libteredo cannot be initialized". */
          if (!td_ipv4_parse (value, NULL))
            g_ptr_array_add (self->problems,
                             g_strdup_printf ("line %u: BindAddress “%s” is not an IPv4 address",
                                              lineno, value));
        }
      else if (g_ascii_strcasecmp (name, "BindPort") == 0)
        {
          if (!parse_bounded (value, 1, 65535, &self->bind_port))
            g_ptr_array_add (self->problems,
                             g_strdup_printf ("line %u: BindPort “%s” is not a port number",
                                              lineno, value));
        }
      else if (g_ascii_strcasecmp (name, "SyslogFacility") == 0)
        set_string (&self->syslog_facility, value);
      else if (g_ascii_strcasecmp (name, "Prefix") == 0)
        set_string (&self->prefix, value);
      else if (g_ascii_strcasecmp (name, "InterfaceMTU") == 0)
        {
          if (!parse_bounded (value, 1280, 65535, &self->interface_mtu))
            g_ptr_array_add (self->problems,
                             g_strdup_printf ("line %u: InterfaceMTU “%s” is not an MTU of 1280 or more",
                                              lineno, value));
        }
      else
        g_ptr_array_add (self->unknown, g_strdup (name));
    }

  return g_steal_pointer (&self);
}

void
td_miredo_conf_to_json (const TdMiredoConf *self,
                        JsonBuilder        *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  td_json_add_string_or_null (builder, "relay_type", td_miredo_relay_type_to_string (self->relay_type));
  td_json_add_string_or_null (builder, "interface_name", self->interface_name);
  td_json_add_string_or_null (builder, "server_address", self->server_address);
  td_json_add_string_or_null (builder, "server_address2", self->server_address2);
  td_json_add_string_or_null (builder, "bind_address", self->bind_address);
  td_json_add_int_or_null (builder, "bind_port", self->bind_port >= 0, self->bind_port);
  td_json_add_string_or_null (builder, "syslog_facility", self->syslog_facility);
  td_json_add_string_or_null (builder, "prefix", self->prefix);
  td_json_add_int_or_null (builder, "interface_mtu", self->interface_mtu >= 0, self->interface_mtu);
  td_json_add_string_array (builder, "unknown", self->unknown);
  td_json_add_string_array (builder, "problems", self->problems);
  json_builder_end_object (builder);
}

/* ---- miredo log ------------------------------------------------------- */

/* Message catalogue: msgid and the fr / zh_CN translations miredo 1.2.6
 * ships (checked against the installed .mo files). */
static const struct
{
  TdMiredoEventKind  kind;
  const char        *texts[4];
} messages[] = {
  /* Most specific first: a setup failure line also names libteredo. */
  { TD_MIREDO_EVENT_INIT_FAILED,
    { "libteredo cannot be initiali", "Impossible d’initialiser libteredo", "libteredo 无法初始化", NULL } },
  { TD_MIREDO_EVENT_SETUP_FAILURE,
    { "Miredo setup failure", "Échec du démarrage de Miredo", "Miredo 设置失败", NULL } },
  { TD_MIREDO_EVENT_NEW_ADDRESS,
    { "New Teredo address/MTU", "Nouvelle adresse/MTU Teredo", "新 Teredo 地址/MTU", NULL } },
  { TD_MIREDO_EVENT_TUNNEL_STARTED,
    { "Teredo pseudo-tunnel started", "Pseudo-tunnel Teredo démarré", "Teredo 虚假隧道已启动", NULL } },
  { TD_MIREDO_EVENT_TUNNEL_STOPPED,
    { "Teredo pseudo-tunnel stopped", "Pseudo-tunnel Teredo arrêté", "Teredo 虚假隧道已停止", NULL } },
  { TD_MIREDO_EVENT_SERVER_NO_REPLY,
    { "No reply from Teredo server", "Pas de réponse du serveur Teredo", "Teredo 服务器无响应", NULL } },
  { TD_MIREDO_EVENT_CONNECTIVITY_LOST,
    { "Lost Teredo connectivity", "Connectivité Teredo perdue", "Teredo 连接丢失", NULL } },
  { TD_MIREDO_EVENT_SERVER_UNRESOLVED,
    { "Cannot resolve Teredo server address", "Impossible de déterminer l’adresse du serveur Teredo",
      "无法解析 Teredo 服务器地址", NULL } },
  { TD_MIREDO_EVENT_CHILD_EXITED,
    { "exited (code:", "terminé (code de retour", "已退出 (代码", NULL } },
  { TD_MIREDO_EVENT_TERMINATED_WITH_ERRORS,
    { "Terminated with error(s)", "Terminé avec une/des erreur(s)", "有错终止", NULL } },
  { TD_MIREDO_EVENT_STARTING,
    { "Starting...", "Démarrage...", "启动中...", NULL } },
};

static const char * const address_keys[] = { "(address: ", "(adresse : ", "(地址：", NULL };
static const char * const mtu_keys[] = { "MTU: ", "MTU : ", "MTU：", NULL };
static const char * const failure_keys[] = {
  "Miredo setup failure: ", "Échec du démarrage de Miredo : ", "Miredo 设置失败：", NULL
};
static const char * const code_keys[] = { "(code: ", "(code de retour : ", "(代码：", NULL };

void
td_miredo_log_free (TdMiredoLog *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->events);
  g_free (self->address);
  g_free (self->setup_failure);
  g_free (self);
}

static const char *
after_any (const char         *line,
           const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *hit = strstr (line, keys[i]);

      if (hit != NULL)
        return hit + strlen (keys[i]);
    }
  return NULL;
}

static gboolean
leading_int (const char *p,
             guint64     max,
             int        *out)
{
  const char *end = p;
  g_autofree char *digits = NULL;
  guint64 n;

  while (g_ascii_isdigit (*end))
    end++;
  if (end == p || end - p > 9)
    return FALSE;
  digits = g_strndup (p, (gsize) (end - p));
  if (!td_console_parse_uint (digits, &n) || n > max)
    return FALSE;
  *out = (int) n;
  return TRUE;
}

/* " (address: 2001:0:…, MTU: 1280)" — on the "New Teredo address/MTU" line
 * or on a line of its own. */
static void
parse_address (TdMiredoLog *self,
               const char  *line)
{
  const char *a = after_any (line, address_keys);
  const char *end;
  const char *m;
  g_autofree char *text = NULL;
  guint8 v6[16];

  if (a == NULL)
    return;
  end = a;
  while (*end != '\0' && *end != ',' && *end != ' ' && *end != ')'
         && !g_str_has_prefix (end, "，"))
    end++;
  text = g_strndup (a, (gsize) (end - a));
  if (td_ipv6_parse (text, v6))
    {
      g_free (self->address);
      self->address = td_ipv6_to_string (v6);
    }
  m = after_any (end, mtu_keys);
  if (m != NULL)
    leading_int (m, 65535, &self->mtu);
}

TdMiredoLog *
td_miredo_log_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  TdMiredoLog *self;

  lines = td_console_text_lines (text, "miredo log", error);
  if (lines == NULL)
    return NULL;

  self = g_new0 (TdMiredoLog, 1);
  self->events = g_array_new (FALSE, FALSE, sizeof (TdMiredoEventKind));
  self->mtu = -1;
  self->exit_code = -1;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      gboolean matched = FALSE;

      for (guint m = 0; m < G_N_ELEMENTS (messages) && !matched; m++)
        {
          for (guint t = 0; messages[m].texts[t] != NULL && !matched; t++)
            {
              TdMiredoEventKind kind = messages[m].kind;
              const char *p;

              if (strstr (line, messages[m].texts[t]) == NULL)
                continue;
              /* "Starting..." and "Child N exited" are generic words: only
               * from a miredo process. */
              if ((kind == TD_MIREDO_EVENT_STARTING || kind == TD_MIREDO_EVENT_CHILD_EXITED)
                  && !td_console_contains_ci (line, "miredo"))
                continue;
              matched = TRUE;
              g_array_append_val (self->events, kind);

              switch (kind)
                {
                case TD_MIREDO_EVENT_INIT_FAILED:
                case TD_MIREDO_EVENT_SETUP_FAILURE:
                  p = after_any (line, failure_keys);
                  if (p == NULL)
                    p = strstr (line, messages[m].texts[t]);
                  g_free (self->setup_failure);
                  self->setup_failure = g_strstrip (g_strdup (p));
                  self->status = TD_MIREDO_STATUS_FAILED;
                  break;
                case TD_MIREDO_EVENT_SERVER_UNRESOLVED:
                case TD_MIREDO_EVENT_TERMINATED_WITH_ERRORS:
                  self->status = TD_MIREDO_STATUS_FAILED;
                  break;
                case TD_MIREDO_EVENT_NEW_ADDRESS:
                case TD_MIREDO_EVENT_TUNNEL_STARTED:
                  self->status = TD_MIREDO_STATUS_UP;
                  break;
                case TD_MIREDO_EVENT_TUNNEL_STOPPED:
                case TD_MIREDO_EVENT_SERVER_NO_REPLY:
                case TD_MIREDO_EVENT_CONNECTIVITY_LOST:
                  self->status = TD_MIREDO_STATUS_DOWN;
                  break;
                case TD_MIREDO_EVENT_CHILD_EXITED:
                  p = after_any (line, code_keys);
                  if (p != NULL && leading_int (p, G_MAXINT, &self->exit_code)
                      && self->exit_code != 0)
                    self->status = TD_MIREDO_STATUS_FAILED;
                  break;
                case TD_MIREDO_EVENT_STARTING:
                default:
                  break;
                }
            }
        }

      parse_address (self, line);
    }

  return self;
}

const char *
td_miredo_event_kind_to_string (TdMiredoEventKind kind)
{
  switch (kind)
    {
    case TD_MIREDO_EVENT_STARTING:
      return "starting";
    case TD_MIREDO_EVENT_NEW_ADDRESS:
      return "new-address";
    case TD_MIREDO_EVENT_TUNNEL_STARTED:
      return "tunnel-started";
    case TD_MIREDO_EVENT_TUNNEL_STOPPED:
      return "tunnel-stopped";
    case TD_MIREDO_EVENT_SERVER_NO_REPLY:
      return "server-no-reply";
    case TD_MIREDO_EVENT_CONNECTIVITY_LOST:
      return "connectivity-lost";
    case TD_MIREDO_EVENT_SERVER_UNRESOLVED:
      return "server-unresolved";
    case TD_MIREDO_EVENT_INIT_FAILED:
      return "init-failed";
    case TD_MIREDO_EVENT_SETUP_FAILURE:
      return "setup-failure";
    case TD_MIREDO_EVENT_CHILD_EXITED:
      return "child-exited";
    case TD_MIREDO_EVENT_TERMINATED_WITH_ERRORS:
      return "terminated-with-errors";
    default:
      return "unknown";
    }
}

const char *
td_miredo_status_to_string (TdMiredoStatus status)
{
  switch (status)
    {
    case TD_MIREDO_STATUS_UP:
      return "up";
    case TD_MIREDO_STATUS_DOWN:
      return "down";
    case TD_MIREDO_STATUS_FAILED:
      return "failed";
    case TD_MIREDO_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

void
td_miredo_log_to_json (const TdMiredoLog *self,
                       JsonBuilder       *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  td_json_add_string_or_null (builder, "status", td_miredo_status_to_string (self->status));
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->events->len; i++)
    json_builder_add_string_value (builder,
                                   td_miredo_event_kind_to_string (g_array_index (self->events,
                                                                                  TdMiredoEventKind, i)));
  json_builder_end_array (builder);
  td_json_add_string_or_null (builder, "address", self->address);
  td_json_add_int_or_null (builder, "mtu", self->mtu >= 0, self->mtu);
  td_json_add_string_or_null (builder, "setup_failure", self->setup_failure);
  td_json_add_int_or_null (builder, "exit_code", self->exit_code >= 0, self->exit_code);
  json_builder_end_object (builder);
}
