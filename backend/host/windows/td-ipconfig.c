/* td-ipconfig.c — parser for Windows `ipconfig /all` (and plain `ipconfig`)
 *
 * Layout: "<kind> adapter <name>:" headings, then indented
 * "Label . . . . : value" fields, continuation lines for extra DNS servers
 * and gateways.  Labels are translated, so the parser leans on what is not:
 * headings end with a colon that no dot leader precedes, address labels all
 * contain "IPv4"/"IPv6"/"IP" in Latin letters in every language, values are
 * addresses, and the description comes right before the physical address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-console-text.h"
#include "td-error.h"
#include "td-ipconfig.h"
#include "td-json.h"

/* Heading prefixes, longest first where they overlap.  Only English and
 * zh-CN are confirmed by samples; the others are best effort and only
 * improve the name split: an unknown heading still makes an adapter. */
static const struct
{
  const char            *prefix;
  TdIpconfigAdapterKind  kind;
} heading_prefixes[] = {
  { "Ethernet adapter ", TD_IPCONFIG_KIND_ETHERNET },
  { "Wireless LAN adapter ", TD_IPCONFIG_KIND_WIRELESS },
  { "Tunnel adapter ", TD_IPCONFIG_KIND_TUNNEL },
  { "PPP adapter ", TD_IPCONFIG_KIND_PPP },
  { "Unknown adapter ", TD_IPCONFIG_KIND_UNKNOWN },
  { "Mobile Broadband adapter ", TD_IPCONFIG_KIND_WIRELESS },
  { "以太网适配器 ", TD_IPCONFIG_KIND_ETHERNET },
  { "无线局域网适配器 ", TD_IPCONFIG_KIND_WIRELESS },
  { "隧道适配器 ", TD_IPCONFIG_KIND_TUNNEL },
  { "PPP 适配器 ", TD_IPCONFIG_KIND_PPP },
  { "未知适配器 ", TD_IPCONFIG_KIND_UNKNOWN },
  { "Ethernet-Adapter ", TD_IPCONFIG_KIND_ETHERNET },
  { "Drahtlos-LAN-Adapter ", TD_IPCONFIG_KIND_WIRELESS },
  { "Tunneladapter ", TD_IPCONFIG_KIND_TUNNEL },
  { "PPP-Adapter ", TD_IPCONFIG_KIND_PPP },
  { "Unbekannter Adapter ", TD_IPCONFIG_KIND_UNKNOWN },
  { "Carte Ethernet ", TD_IPCONFIG_KIND_ETHERNET },
  { "Carte réseau sans fil ", TD_IPCONFIG_KIND_WIRELESS },
  { "Carte Tunnel ", TD_IPCONFIG_KIND_TUNNEL },
  { "Carte PPP ", TD_IPCONFIG_KIND_PPP },
  { "Carte inconnue ", TD_IPCONFIG_KIND_UNKNOWN },
  { "Adaptador de Ethernet ", TD_IPCONFIG_KIND_ETHERNET },
  { "Adaptador de LAN inalámbrica ", TD_IPCONFIG_KIND_WIRELESS },
  { "Adaptador de túnel ", TD_IPCONFIG_KIND_TUNNEL },
  { "Adaptador PPP ", TD_IPCONFIG_KIND_PPP },
  { "Adaptador desconocido ", TD_IPCONFIG_KIND_UNKNOWN },
  { "イーサネット アダプター ", TD_IPCONFIG_KIND_ETHERNET },
  { "Wireless LAN アダプター ", TD_IPCONFIG_KIND_WIRELESS },
  { "トンネル アダプター ", TD_IPCONFIG_KIND_TUNNEL },
  { "不明なアダプター ", TD_IPCONFIG_KIND_UNKNOWN },
  { "이더넷 어댑터 ", TD_IPCONFIG_KIND_ETHERNET },
  { "무선 LAN 어댑터 ", TD_IPCONFIG_KIND_WIRELESS },
  { "터널 어댑터 ", TD_IPCONFIG_KIND_TUNNEL },
  { "알 수 없는 어댑터 ", TD_IPCONFIG_KIND_UNKNOWN },
  { "Адаптер Ethernet ", TD_IPCONFIG_KIND_ETHERNET },
  { "Адаптер беспроводной локальной сети ", TD_IPCONFIG_KIND_WIRELESS },
  { "Туннельный адаптер ", TD_IPCONFIG_KIND_TUNNEL },
  { "Адаптер PPP ", TD_IPCONFIG_KIND_PPP },
  { "Неизвестный адаптер ", TD_IPCONFIG_KIND_UNKNOWN },
};

/* Fallback when the heading is in none of the forms above. */
static const char * const adapter_words[] = {
  "adapter ", "适配器 ", "介面卡 ", "어댑터 ", "アダプター ", "адаптер ", NULL
};

static const char * const description_labels[] = {
  "Description", "描述", "Beschreibung", "Descripción", "Descrizione", "Descrição",
  "説明", "설명", "Описание", NULL
};

static const char * const media_labels[] = {
  "Media State", "媒体状态", "媒體狀態", "Medienstatus", "État du média",
  "Estado de los medios", "Stato supporto", "メディアの状態", "미디어 상태",
  "Состояние среды", NULL
};

static const char * const disconnected_words[] = {
  "disconnected", "断开", "中斷", "getrennt", "déconnecté", "desconectado",
  "disconnesso", "切断", "연결 끊김", NULL
};

static const char * const gateway_labels[] = {
  "Default Gateway", "默认网关", "預設閘道", "Standardgateway", "Passerelle par défaut",
  "Puerta de enlace predeterminada", "Gateway predefinito", "デフォルト ゲートウェイ",
  "기본 게이트웨이", "Основной шлюз", NULL
};

/* Descriptions (or names) of adapters installed by VPN clients and
 * tunnelling proxies; the Xbox support article names TAP-Windows. */
static const char * const vpn_words[] = {
  "TAP-Windows", "TAP-Win32", "TAP-NordVPN", "TAP-ProtonVPN", "TAP-Surfshark", "tap0901",
  "WireGuard", "Wintun", "OpenVPN", "NordLynx", "Mullvad", "ProtonVPN", "ExpressVPN",
  "Surfshark", "Cloudflare WARP", "ZeroTier", "Tailscale", "Hamachi", "Radmin VPN",
  "AnyConnect", "PANGP", "GlobalProtect", "Fortinet", "FortiClient", "Juniper",
  "Pulse Secure", "SonicWall", "Check Point", "Meta Tunnel", "Clash", "sing-tun",
  "Virtual Private", "VPN", NULL
};

static gboolean
in_table (const char         *s,
          const char * const *table)
{
  for (guint i = 0; table[i] != NULL; i++)
    if (g_ascii_strcasecmp (s, table[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
contains_any_ci (const char         *s,
                 const char * const *table)
{
  if (s == NULL)
    return FALSE;
  for (guint i = 0; table[i] != NULL; i++)
    if (td_console_contains_ci (s, table[i]))
      return TRUE;
  return FALSE;
}

static void
ipv6_free (TdIpconfigIpv6 *a)
{
  if (a == NULL)
    return;
  g_free (a->address);
  g_free (a->zone);
  g_free (a);
}

static void
adapter_free (TdIpconfigAdapter *a)
{
  if (a == NULL)
    return;
  g_free (a->name);
  g_free (a->description);
  g_ptr_array_unref (a->ipv4);
  g_ptr_array_unref (a->ipv6);
  g_ptr_array_unref (a->gateways);
  g_free (a);
}

void
td_ipconfig_free (TdIpconfig *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->adapters);
  g_free (self);
}

static TdIpconfigAdapter *
adapter_new (char                  *name,
             TdIpconfigAdapterKind  kind)
{
  TdIpconfigAdapter *a = g_new0 (TdIpconfigAdapter, 1);

  a->name = name;
  a->kind = kind;
  a->ipv4 = g_ptr_array_new_with_free_func (g_free);
  a->ipv6 = g_ptr_array_new_with_free_func ((GDestroyNotify) ipv6_free);
  a->gateways = g_ptr_array_new_with_free_func (g_free);
  return a;
}

/* "Tunnel adapter Teredo Tunneling Pseudo-Interface:" → heading without
 * the colon, or NULL when the line is not a heading.  Field lines have a dot
 * leader before their colon ("Suffix  . :"), headings do not. */
static char *
heading_text (const char *line)
{
  gsize len = strlen (line);
  gsize colon_len;
  g_autofree char *head = NULL;

  if (len >= 3 && strcmp (line + len - 3, "\xef\xbc\x9a") == 0)
    colon_len = 3;
  else if (len >= 1 && line[len - 1] == ':')
    colon_len = 1;
  else
    return NULL;

  head = g_strndup (line, len - colon_len);
  g_strstrip (head);
  if (head[0] == '\0' || head[strlen (head) - 1] == '.')
    return NULL;
  /* "Label : value:" — a field whose value ends with a colon. */
  if (td_console_split_kv (head, NULL, NULL))
    return NULL;
  return g_steal_pointer (&head);
}

static TdIpconfigAdapter *
adapter_from_heading (const char *head)
{
  for (guint i = 0; i < G_N_ELEMENTS (heading_prefixes); i++)
    {
      const char *prefix = heading_prefixes[i].prefix;

      if (td_console_has_prefix_ci (head, prefix) && head[strlen (prefix)] != '\0')
        return adapter_new (g_strdup (head + strlen (prefix)), heading_prefixes[i].kind);
    }

  for (guint i = 0; adapter_words[i] != NULL; i++)
    {
      const char *w = adapter_words[i];
      gsize n = strlen (w);

      for (const char *p = head; *p != '\0'; p++)
        {
          if (g_ascii_strncasecmp (p, w, n) == 0 && p[n] != '\0')
            {
              TdIpconfigAdapterKind kind = TD_IPCONFIG_KIND_OTHER;
              g_autofree char *before = g_strndup (head, (gsize) (p - head));

              if (td_console_contains_ci (before, "tunnel") || strstr (before, "隧道") != NULL
                  || strstr (before, "通道") != NULL || strstr (before, "터널") != NULL
                  || strstr (before, "トンネル") != NULL || strstr (before, "Туннел") != NULL)
                kind = TD_IPCONFIG_KIND_TUNNEL;
              else if (td_console_contains_ci (before, "ethernet") || strstr (before, "以太网") != NULL)
                kind = TD_IPCONFIG_KIND_ETHERNET;
              else if (td_console_contains_ci (before, "wireless") || td_console_contains_ci (before, "WLAN")
                       || strstr (before, "无线") != NULL)
                kind = TD_IPCONFIG_KIND_WIRELESS;
              else if (td_console_contains_ci (before, "PPP"))
                kind = TD_IPCONFIG_KIND_PPP;
              return adapter_new (g_strdup (p + n), kind);
            }
        }
    }

  return adapter_new (g_strdup (head), TD_IPCONFIG_KIND_OTHER);
}

/* "00-00-00-00-00-00-00-E0", "52-54-00-12-34-56". */
static gboolean
is_physical_address (const char *v)
{
  guint groups = 0;
  const char *p = v;

  for (;;)
    {
      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]))
        return FALSE;
      groups++;
      p += 2;
      if (*p == '\0')
        break;
      if (*p != '-')
        return FALSE;
      p++;
    }
  return groups >= 6;
}

typedef enum {
  IP_NONE,
  IP_V4,
  IP_V6,
} IpFamily;

/* "fe80::14c4:51a:b355:1da%6(Preferred)" → address, zone; also a value
 * clipped by the console ("…5a3c(Prefe").  The address is normalized. */
static IpFamily
parse_ip (const char  *value,
          char       **out_address,
          char       **out_zone,
          guint8       out_v6[16])
{
  g_autofree char *text = g_strdup (value);
  char *paren = strchr (text, '(');
  char *percent;
  guint8 v6[16];
  guint32 v4;

  if (paren != NULL)
    *paren = '\0';
  g_strstrip (text);
  percent = strchr (text, '%');
  if (percent != NULL)
    *percent = '\0';

  if (td_ipv4_parse (text, &v4))
    {
      if (out_address != NULL)
        *out_address = td_ipv4_to_string (v4);
      if (out_zone != NULL)
        *out_zone = NULL;
      return IP_V4;
    }
  if (strchr (text, ':') != NULL && td_ipv6_parse (text, v6))
    {
      if (out_address != NULL)
        *out_address = td_ipv6_to_string (v6);
      if (out_zone != NULL)
        *out_zone = (percent != NULL && percent[1] != '\0') ? g_strdup (percent + 1) : NULL;
      if (out_v6 != NULL)
        memcpy (out_v6, v6, 16);
      return IP_V6;
    }
  return IP_NONE;
}

/* 255.255.255.0 and friends: contiguous ones from the top. */
static gboolean
is_netmask (const char *value)
{
  guint32 v;

  if (!td_ipv4_parse (value, &v) || v == 0)
    return FALSE;
  return ((~v) & ((~v) + 1)) == 0 && (v >> 24) == 0xff;
}

typedef enum {
  LAST_OTHER,
  LAST_ADDRESS,
  LAST_GATEWAY,
} LastField;

static void
add_address (TdIpconfigAdapter *a,
             const char        *value)
{
  char *address = NULL;
  char *zone = NULL;
  guint8 v6[16];
  IpFamily family = parse_ip (value, &address, &zone, v6);

  if (family == IP_V4)
    g_ptr_array_add (a->ipv4, address);
  else if (family == IP_V6)
    {
      TdIpconfigIpv6 *e = g_new0 (TdIpconfigIpv6, 1);

      e->address = address;
      e->zone = zone;
      e->link_local = (v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80);
      e->teredo = (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0);
      g_ptr_array_add (a->ipv6, e);
    }
}

static void
add_gateway (TdIpconfigAdapter *a,
             const char        *value)
{
  char *address = NULL;
  char *zone = NULL;

  if (parse_ip (value, &address, &zone, NULL) == IP_NONE)
    return;
  if (zone != NULL)
    {
      g_ptr_array_add (a->gateways, g_strdup_printf ("%s%%%s", address, zone));
      g_free (address);
      g_free (zone);
    }
  else
    g_ptr_array_add (a->gateways, address);
}

static void
classify (TdIpconfigAdapter *a)
{
  a->is_teredo = td_console_contains_ci (a->name, "teredo")
                 || td_console_contains_ci (a->description, "teredo");
  for (guint i = 0; i < a->ipv6->len && !a->is_teredo; i++)
    a->is_teredo = ((TdIpconfigIpv6 *) g_ptr_array_index (a->ipv6, i))->teredo;

  a->is_6to4_or_isatap = td_console_contains_ci (a->name, "6to4")
                         || td_console_contains_ci (a->name, "isatap")
                         || td_console_contains_ci (a->description, "6to4")
                         || td_console_contains_ci (a->description, "isatap");

  /* "Teredo Tunneling" must not count as a VPN. */
  a->is_vpn = !a->is_teredo && !a->is_6to4_or_isatap
              && (contains_any_ci (a->description, vpn_words)
                  || contains_any_ci (a->name, vpn_words));
}

/* Two pasted outputs: the later block of an adapter replaces the earlier
 * one, which keeps its place in the list.  Linear, whatever the input. */
static void
drop_repeated_adapters (GPtrArray *adapters)
{
  g_autoptr(GHashTable) winner = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) placed = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; i < adapters->len; i++)
    {
      TdIpconfigAdapter *a = g_ptr_array_index (adapters, i);

      g_hash_table_replace (winner, a->name, a);
    }
  for (guint i = 0; i < adapters->len; i++)
    {
      TdIpconfigAdapter *a = g_ptr_array_index (adapters, i);
      TdIpconfigAdapter *w = g_hash_table_lookup (winner, a->name);

      if (g_hash_table_add (placed, w))
        g_ptr_array_add (kept, w);
    }
  /* Free the losers before the table (whose keys are the winners' names)
   * goes away; the winners move to the array. */
  g_ptr_array_set_free_func (adapters, NULL);
  for (guint i = 0; i < adapters->len; i++)
    {
      TdIpconfigAdapter *a = g_ptr_array_index (adapters, i);

      if (!g_hash_table_contains (placed, a))
        adapter_free (a);
    }
  g_ptr_array_set_size (adapters, 0);
  g_ptr_array_set_free_func (adapters, (GDestroyNotify) adapter_free);
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (adapters, g_ptr_array_index (kept, i));
}

TdIpconfig *
td_ipconfig_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) adapters = NULL;
  g_autofree char *prev_value = NULL;
  TdIpconfigAdapter *current = NULL;
  gboolean description_from_label = FALSE;
  gboolean physical_seen = FALSE;
  LastField last = LAST_OTHER;
  TdIpconfig *self;

  lines = td_console_text_lines (text, "ipconfig", error);
  if (lines == NULL)
    return NULL;

  adapters = g_ptr_array_new_with_free_func ((GDestroyNotify) adapter_free);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *head = NULL;
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;

      if (td_console_is_blank (line))
        continue;

      head = heading_text (line);
      if (head != NULL)
        {
          current = adapter_from_heading (head);
          g_ptr_array_add (adapters, current);
          description_from_label = FALSE;
          physical_seen = FALSE;
          last = LAST_OTHER;
          g_clear_pointer (&prev_value, g_free);
          continue;
        }

      if (current == NULL)
        continue;   /* the "Windows IP Configuration" host section */

      if (!td_console_split_kv (line, &label, &value))
        {
          g_autofree char *cont = g_strstrip (g_strdup (line));

          /* Extra DNS servers / gateways on their own lines. */
          if (last == LAST_GATEWAY)
            add_gateway (current, cont);
          else if (last == LAST_ADDRESS)
            add_address (current, cont);
          continue;
        }

      last = LAST_OTHER;

      if (in_table (label, media_labels) || contains_any_ci (value, disconnected_words))
        current->media_disconnected = TRUE;
      else if (in_table (label, description_labels))
        {
          g_free (current->description);
          current->description = g_strdup (value);
          description_from_label = TRUE;
        }
      else if (is_physical_address (value))
        {
          /* ipconfig /all prints Description right before Physical Address;
           * that holds in every language.  Only the first such value, before
           * any address, counts: the DHCPv6 DUID looks the same. */
          if (!description_from_label && !physical_seen
              && current->ipv4->len == 0 && current->ipv6->len == 0
              && current->gateways->len == 0
              && prev_value != NULL && prev_value[0] != '\0')
            {
              g_free (current->description);
              current->description = g_strdup (prev_value);
            }
          physical_seen = TRUE;
        }
      else if (in_table (label, gateway_labels))
        {
          add_gateway (current, value);
          last = LAST_GATEWAY;
        }
      else if (parse_ip (value, NULL, NULL, NULL) != IP_NONE)
        {
          if (strstr (label, "DNS") != NULL || strstr (label, "DHCP") != NULL
              || strstr (label, "WINS") != NULL)
            ;
          else if (strstr (label, "IP") != NULL)
            {
              add_address (current, value);
              last = LAST_ADDRESS;
            }
          else if (!is_netmask (value))
            {
              add_gateway (current, value);
              last = LAST_GATEWAY;
            }
        }

      g_free (prev_value);
      prev_value = g_steal_pointer (&value);
    }

  if (adapters->len == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No network adapter found in the ipconfig output"));
      return NULL;
    }

  drop_repeated_adapters (adapters);
  for (guint i = 0; i < adapters->len; i++)
    classify (g_ptr_array_index (adapters, i));

  self = g_new0 (TdIpconfig, 1);
  self->adapters = g_steal_pointer (&adapters);
  return self;
}

const TdIpconfigAdapter *
td_ipconfig_find_teredo (const TdIpconfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->adapters->len; i++)
    {
      const TdIpconfigAdapter *a = g_ptr_array_index (self->adapters, i);

      if (a->is_teredo)
        return a;
    }
  return NULL;
}

const char *
td_ipconfig_adapter_kind_to_string (TdIpconfigAdapterKind kind)
{
  switch (kind)
    {
    case TD_IPCONFIG_KIND_ETHERNET:
      return "ethernet";
    case TD_IPCONFIG_KIND_WIRELESS:
      return "wireless";
    case TD_IPCONFIG_KIND_TUNNEL:
      return "tunnel";
    case TD_IPCONFIG_KIND_PPP:
      return "ppp";
    case TD_IPCONFIG_KIND_UNKNOWN:
      return "unknown";
    case TD_IPCONFIG_KIND_OTHER:
    default:
      return "other";
    }
}

void
td_ipconfig_to_json (const TdIpconfig *self,
                     JsonBuilder      *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "adapters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->adapters->len; i++)
    {
      const TdIpconfigAdapter *a = g_ptr_array_index (self->adapters, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "name", a->name);
      td_json_add_string_or_null (builder, "kind", td_ipconfig_adapter_kind_to_string (a->kind));
      td_json_add_string_or_null (builder, "description", a->description);
      td_json_add_bool (builder, "media_disconnected", a->media_disconnected);
      td_json_add_string_array (builder, "ipv4", a->ipv4);
      json_builder_set_member_name (builder, "ipv6");
      json_builder_begin_array (builder);
      for (guint j = 0; j < a->ipv6->len; j++)
        {
          const TdIpconfigIpv6 *e = g_ptr_array_index (a->ipv6, j);

          json_builder_begin_object (builder);
          td_json_add_string_or_null (builder, "address", e->address);
          td_json_add_string_or_null (builder, "zone", e->zone);
          td_json_add_bool (builder, "link_local", e->link_local);
          td_json_add_bool (builder, "teredo", e->teredo);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      td_json_add_string_array (builder, "gateways", a->gateways);
      td_json_add_bool (builder, "is_teredo", a->is_teredo);
      td_json_add_bool (builder, "is_vpn", a->is_vpn);
      td_json_add_bool (builder, "is_6to4_or_isatap", a->is_6to4_or_isatap);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
