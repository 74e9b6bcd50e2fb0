/* td-netsh-teredo.c — parser for `netsh interface teredo show state`
 *
 * The output is a fixed sequence of "label : value" lines:
 *
 *   Type, Server Name, Client Refresh Interval, Client Port,   (always)
 *   State,                                                      (elevated)
 *   Error [, Error Code]                                        (offline)
 *   or Client Type, Network, NAT, NAT Special Behaviour,
 *      Local Mapping, External NAT Mapping                      (running)
 *
 * Labels are translated (类型, 服务器名称 …) but values are not, and no
 * sample exists for most UI languages.  So a block starts at any line whose
 * value is a Teredo type keyword ("enterpriseclient (Group Policy)"), the
 * next three lines are taken by position, the fifth is the state, and the
 * rest is recognised by its value ("teredo client", "managed", "cone",
 * "UPNP: …").  English and zh-CN labels are only used where values are
 * ambiguous (Error vs. the rest; the two mappings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"
#include "td-netsh-teredo.h"

static const struct
{
  const char   *keyword;
  TdTeredoType  type;
} type_keywords[] = {
  { "default", TD_TEREDO_TYPE_DEFAULT },
  { "client", TD_TEREDO_TYPE_CLIENT },
  { "enterpriseclient", TD_TEREDO_TYPE_ENTERPRISECLIENT },
  { "natawareclient", TD_TEREDO_TYPE_NATAWARECLIENT },
  { "server", TD_TEREDO_TYPE_SERVER },
  { "relay", TD_TEREDO_TYPE_RELAY },
  { "automatic", TD_TEREDO_TYPE_AUTOMATIC },
  { "disabled", TD_TEREDO_TYPE_DISABLED },
};

/* Only labels seen in real output (English, zh-CN). */
static const char * const error_labels[] = { "Error", "错误", NULL };
static const char * const error_code_labels[] = { "Error Code", "错误代码", NULL };
static const char * const local_mapping_labels[] = { "Local Mapping", "本地映射", NULL };
static const char * const external_mapping_labels[] = {
  "External NAT Mapping", "外部 NAT 映射", NULL
};

static gboolean
label_in (const char         *label,
          const char * const *table)
{
  for (guint i = 0; table[i] != NULL; i++)
    if (g_ascii_strcasecmp (label, table[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Splits "value (Group Policy)" — or a clipped "value (Gro", or a
 * translated suffix — into the first word and whether a parenthesised
 * suffix followed.  netsh only ever appends the policy marker there. */
static char *
first_word (const char *value,
            gboolean   *out_has_suffix)
{
  const char *end = value;
  const char *rest;

  while (*end != '\0' && *end != ' ' && *end != '(')
    end++;
  rest = end;
  while (*rest == ' ')
    rest++;
  if (out_has_suffix != NULL)
    *out_has_suffix = (*rest == '(');
  return g_strndup (value, (gsize) (end - value));
}

static gboolean
parse_type (const char   *value,
            TdTeredoType *out_type,
            gboolean     *out_policy)
{
  g_autofree char *word = NULL;
  gboolean suffix = FALSE;
  const char *rest;

  word = first_word (value, &suffix);
  rest = value + strlen (word);
  while (*rest == ' ')
    rest++;
  /* "teredo client" (XP's second Type line) must not match "client". */
  if (*rest != '\0' && *rest != '(')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (type_keywords); i++)
    {
      if (g_ascii_strcasecmp (word, type_keywords[i].keyword) == 0)
        {
          if (out_type != NULL)
            *out_type = type_keywords[i].type;
          if (out_policy != NULL)
            *out_policy = suffix;
          return TRUE;
        }
    }
  return FALSE;
}

static void
parse_server (TdTeredoClient *client,
              const char     *value)
{
  gboolean suffix = FALSE;
  char *word = first_word (value, &suffix);
  gsize len = strlen (word);

  /* netsh prints the resolver's absolute form "win10.ipv6.microsoft.com.". */
  while (len > 0 && word[len - 1] == '.')
    word[--len] = '\0';
  g_free (client->server_name);
  client->server_name = NULL;
  if (len > 0)
    client->server_name = word;
  else
    g_free (word);
  client->server_from_policy = suffix;
}

/* "30 seconds", "30 秒  (Group Policy)", XP "default". */
static void
parse_refresh (TdTeredoClient *client,
               const char     *value)
{
  guint64 n = 0;
  const char *p = value;

  while (g_ascii_isdigit (*p))
    p++;
  if (p > value && p - value <= 9)
    {
      g_autofree char *digits = g_strndup (value, (gsize) (p - value));

      if (td_console_parse_uint (digits, &n))
        client->refresh_interval_s = (int) n;
    }
  client->refresh_from_policy = (strchr (value, '(') != NULL);
}

/* "unspecified", "34567", XP "default". */
static void
parse_port (TdTeredoClient *client,
            const char     *value)
{
  g_autofree char *word = first_word (value, NULL);
  guint64 n = 0;

  if (td_console_parse_uint (word, &n) && n <= 65535 && word[0] != '0')
    client->client_port = (int) n;
  else
    client->client_port = -1;
}

/* "qualified", "probe (primary server)", XP "probe(cone)". */
static void
parse_state (TdTeredoClient *client,
             const char     *value)
{
  g_autofree char *word = first_word (value, NULL);
  const char *open;

  if (g_ascii_strcasecmp (word, "offline") == 0)
    client->state = TD_TEREDO_STATE_OFFLINE;
  else if (g_ascii_strcasecmp (word, "qualified") == 0)
    client->state = TD_TEREDO_STATE_QUALIFIED;
  else if (g_ascii_strcasecmp (word, "dormant") == 0)
    client->state = TD_TEREDO_STATE_DORMANT;
  else if (g_ascii_strcasecmp (word, "probe") == 0)
    client->state = TD_TEREDO_STATE_PROBE;
  else
    client->state = TD_TEREDO_STATE_UNKNOWN;

  g_clear_pointer (&client->probe_phase, g_free);
  open = strchr (value, '(');
  if (client->state == TD_TEREDO_STATE_PROBE && open != NULL)
    {
      const char *close = strchr (open, ')');
      /* A clipped line has no ')': keep what is there. */
      g_autofree char *phase = close != NULL
        ? g_strndup (open + 1, (gsize) (close - open - 1))
        : g_strdup (open + 1);

      g_strstrip (phase);
      if (phase[0] != '\0')
        client->probe_phase = g_steal_pointer (&phase);
    }
}

TdTeredoErrorCode
td_netsh_teredo_classify_error (const char *text)
{
  g_autofree char *t = NULL;

  if (text == NULL)
    return TD_TEREDO_ERROR_UNKNOWN;
  t = g_strstrip (g_strdup (text));

  if (g_ascii_strcasecmp (t, "none") == 0 || strcmp (t, "无") == 0)
    return TD_TEREDO_ERROR_NONE;
  if (td_console_contains_ci (t, "managed network") || strstr (t, "托管网络") != NULL)
    return TD_TEREDO_ERROR_MANAGED_NETWORK;
  /* Secondary before primary: both name the server and UDP. */
  if ((td_console_contains_ci (t, "secondary") && td_console_contains_ci (t, "server"))
      || strstr (t, "辅助 teredo 服务器") != NULL || strstr (t, "辅助") != NULL)
    return TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE;
  if ((td_console_contains_ci (t, "primary") && td_console_contains_ci (t, "server"))
      || td_console_contains_ci (t, "unreachable over udp")
      || strstr (t, "无法通过 UDP 访问") != NULL)
    return TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE;
  if (td_console_contains_ci (t, "resolve") || strstr (t, "解析服务器名") != NULL)
    return TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED;
  if (td_console_contains_ci (t, "tunnel adapter") || strstr (t, "隧道适配器") != NULL)
    return TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED;
  if (td_console_contains_ci (t, "general failure")
      || td_console_contains_ci (t, "general system failure")
      || strstr (t, "一般系统故障") != NULL)
    return TD_TEREDO_ERROR_GENERAL_FAILURE;
  return TD_TEREDO_ERROR_UNKNOWN;
}

static TdTeredoNat
parse_nat (const char *value,
           gboolean    strict)
{
  g_autofree char *word = first_word (value, NULL);
  const char *open = strchr (value, '(');
  gboolean port = open != NULL && td_console_contains_ci (open, "port");
  gboolean address = open != NULL && td_console_contains_ci (open, "address");

  if (g_ascii_strcasecmp (word, "none") == 0)
    return TD_TEREDO_NAT_NONE;
  if (g_ascii_strcasecmp (word, "cone") == 0)
    return TD_TEREDO_NAT_CONE;
  if (g_ascii_strcasecmp (word, "restricted") == 0)
    return port ? TD_TEREDO_NAT_PORT_RESTRICTED : TD_TEREDO_NAT_RESTRICTED;
  if (g_ascii_strcasecmp (word, "symmetric") == 0)
    {
      if (port)
        return TD_TEREDO_NAT_PORT_SYMMETRIC;
      if (address)
        return TD_TEREDO_NAT_ADDRESS_SYMMETRIC;
      return TD_TEREDO_NAT_SYMMETRIC;
    }
  if (g_ascii_strcasecmp (word, "unknown") == 0)
    return TD_TEREDO_NAT_UNKNOWN;
  return strict ? TD_TEREDO_NAT_UNSET : TD_TEREDO_NAT_UNKNOWN;
}

static const char * const yes_words[] = {
  "yes", "是", "ja", "oui", "sí", "si", "sim", "да", "はい", "예", "true", NULL
};
static const char * const no_words[] = {
  "no", "否", "nein", "non", "não", "nao", "нет", "いいえ", "아니요", "false", NULL
};

/* The word after "KEY:" in "UPNP: 否，PortPreserving: 是". */
static TdTristate
parse_flag (const char *value,
            const char *key)
{
  const char *p = NULL;
  const char *end;
  g_autofree char *word = NULL;
  gsize n = strlen (key);

  for (const char *q = value; *q != '\0'; q++)
    if (g_ascii_strncasecmp (q, key, n) == 0)
      {
        p = q + n;
        break;
      }
  if (p == NULL)
    return TD_TRISTATE_UNSET;
  while (*p == ' ')
    p++;
  if (*p == ':')
    p++;
  else if (g_str_has_prefix (p, "\xef\xbc\x9a"))
    p += 3;
  while (*p == ' ')
    p++;
  end = p;
  while (*end != '\0' && *end != ' ' && *end != ',' && *end != ';'
         && !g_str_has_prefix (end, "\xef\xbc\x8c")   /* ， */
         && !g_str_has_prefix (end, "\xe3\x80\x81"))  /* 、 */
    end = g_utf8_next_char (end);
  word = g_strndup (p, (gsize) (end - p));

  for (guint i = 0; yes_words[i] != NULL; i++)
    if (g_ascii_strcasecmp (word, yes_words[i]) == 0)
      return TD_TRISTATE_YES;
  for (guint i = 0; no_words[i] != NULL; i++)
    if (g_ascii_strcasecmp (word, no_words[i]) == 0)
      return TD_TRISTATE_NO;
  return TD_TRISTATE_UNSET;
}

/* "192.168.1.5:58833"; posters mask digits ("183.230.xxx.xxx:41xx5"), which
 * is kept as printed, but filler such as "啥啥啥" is not a mapping. */
static char *
parse_mapping (const char *value)
{
  const char *colon = strrchr (value, ':');

  if (colon == NULL || colon == value || colon[1] == '\0' || strlen (value) > 80)
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    if (*p == ' ' || (guchar) *p >= 0x80)
      return NULL;
  return g_strdup (value);
}

/* The parse position inside one output block. */
enum {
  POS_NONE = -1,        /* outside a block */
  POS_SERVER = 1,
  POS_REFRESH = 2,
  POS_PORT = 3,
  POS_STATE = 4,
  POS_TAIL = 5,
};

typedef struct
{
  TdTeredoClient *client;
  int             pos;
  gboolean        seen_tail;       /* any tail line after State */
  gboolean        seen_nat;
  gboolean        seen_special;
  gboolean        local_done;
  gboolean        external_done;
} Block;

static void
parse_tail (Block      *b,
            const char *label,
            const char *value)
{
  TdTeredoClient *c = b->client;
  gboolean first = !b->seen_tail;
  g_autofree char *word = first_word (value, NULL);
  guint64 n;

  b->seen_tail = TRUE;

  if (label_in (label, error_code_labels)
      || (c->error != TD_TEREDO_ERROR_UNSET && c->error_number < 0
          && td_console_parse_uint (value, &n)))
    {
      if (td_console_parse_uint (value, &n) && n <= G_MAXINT64)
        c->error_number = (gint64) n;
      return;
    }

  if (label_in (label, error_labels)
      || (first && c->state == TD_TEREDO_STATE_OFFLINE))
    {
      c->error = td_netsh_teredo_classify_error (value);
      g_free (c->error_raw);
      c->error_raw = g_strdup (value);
      return;
    }

  if (g_ascii_strncasecmp (value, "teredo ", 7) == 0)
    {
      if (td_console_contains_ci (value, "relay"))
        c->client_type = TD_TEREDO_CLIENT_TYPE_HOST_SPECIFIC_RELAY;
      else
        c->client_type = TD_TEREDO_CLIENT_TYPE_TEREDO_CLIENT;
      return;
    }

  if (g_ascii_strcasecmp (word, "managed") == 0)
    {
      c->network = TD_TEREDO_NETWORK_MANAGED;
      return;
    }
  if (g_ascii_strcasecmp (word, "unmanaged") == 0)
    {
      c->network = TD_TEREDO_NETWORK_UNMANAGED;
      return;
    }

  if (!b->seen_nat)
    {
      TdTeredoNat nat = parse_nat (value, g_ascii_strcasecmp (label, "NAT") != 0);

      if (nat != TD_TEREDO_NAT_UNSET)
        {
          c->nat = nat;
          b->seen_nat = TRUE;
          return;
        }
    }

  if (td_console_contains_ci (value, "upnp") || td_console_contains_ci (value, "portpreserving"))
    {
      c->upnp = parse_flag (value, "upnp");
      c->port_preserving = parse_flag (value, "portpreserving");
      b->seen_special = TRUE;
      return;
    }

  if (label_in (label, local_mapping_labels)
      || (!label_in (label, external_mapping_labels) && (b->seen_special || b->seen_nat)
          && !b->local_done))
    {
      g_free (c->local_mapping);
      c->local_mapping = parse_mapping (value);
      b->local_done = TRUE;
      return;
    }
  if (label_in (label, external_mapping_labels)
      || ((b->seen_special || b->seen_nat) && !b->external_done))
    {
      g_free (c->external_mapping);
      c->external_mapping = parse_mapping (value);
      b->external_done = TRUE;
      return;
    }
  /* Anything else (a future line) is ignored. */
}

/* Forum quoting (">"), pastebin list rendering ("- ") and bullets. */
static const char *
strip_quoting (const char *line)
{
  const char *p = line;

  for (;;)
    {
      while (*p == ' ')
        p++;
      if (*p == '>')
        p++;
      else if ((*p == '-' || *p == '*') && p[1] == ' ')
        p += 2;
      else
        return p;
    }
}

TdTeredoClient *
td_netsh_teredo_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(TdTeredoClient) last = NULL;
  Block b = { NULL, POS_NONE, FALSE, FALSE, FALSE, FALSE, FALSE };
  gboolean unknown_command = FALSE;

  lines = td_console_text_lines (text, "netsh teredo", error);
  if (lines == NULL)
    return NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = strip_quoting (g_ptr_array_index (lines, i));
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      TdTeredoType type;
      gboolean policy = FALSE;

      if (td_console_contains_ci (line, "command was not found")
          || strstr (line, "找不到下列命令") != NULL)
        unknown_command = TRUE;

      if (td_console_is_blank (line))
        continue;

      if (!td_console_split_kv (line, &label, &value))
        {
          /* A prompt, a heading or a table: the block (if any) is over. */
          b.pos = POS_NONE;
          continue;
        }

      if (b.pos >= POS_SERVER && b.pos <= POS_PORT)
        {
          if (b.pos == POS_SERVER)
            parse_server (b.client, value);
          else if (b.pos == POS_REFRESH)
            parse_refresh (b.client, value);
          else
            parse_port (b.client, value);
          b.pos++;
          continue;
        }

      if (parse_type (value, &type, &policy))
        {
          /* A new output: the last one wins. */
          g_clear_pointer (&last, td_teredo_client_free);
          last = td_teredo_client_new ();
          last->implementation = TD_CLIENT_IMPL_WINDOWS;
          last->type = type;
          last->type_from_policy = policy;
          b = (Block) { last, POS_SERVER, FALSE, FALSE, FALSE, FALSE, FALSE };
          continue;
        }

      if (b.pos == POS_STATE)
        {
          parse_state (b.client, value);
          b.pos = POS_TAIL;
          continue;
        }

      if (b.pos == POS_TAIL)
        parse_tail (&b, label, value);
    }

  if (last == NULL)
    {
      if (unknown_command)
        g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                     _("netsh does not know the Teredo command on this system "
                       "(“The following command was not found”)"));
      else
        g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                     _("No Teredo parameters found in the netsh output"));
      return NULL;
    }

  last->raw = g_strdup (text);
  return g_steal_pointer (&last);
}
