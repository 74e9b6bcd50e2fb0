/* td-address.c — IPv4/IPv6 text forms and the single notion of "global"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <arpa/inet.h>
#include <string.h>

#include "td-address.h"

/* Strict dotted quad: exactly four decimal parts of 1–3 digits, each ≤ 255,
 * no leading zeros (inet_aton would read "010" as octal 8), no spaces, no
 * signs.  Network input and user input go through the same door. */
gboolean
td_ipv4_parse (const char *text,
               guint32    *out_addr)
{
  const char *p = text;
  guint32 addr = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (int part = 0; part < 4; part++)
    {
      guint value = 0;
      int digits = 0;

      if (part > 0 && *p++ != '.')
        return FALSE;
      while (g_ascii_isdigit (*p) && digits < 4)
        {
          value = value * 10 + (guint) (*p++ - '0');
          digits++;
        }
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      if (digits > 1 && p[-digits] == '0')
        return FALSE;
      addr = (addr << 8) | value;
    }
  if (*p != '\0')
    return FALSE;

  if (out_addr != NULL)
    *out_addr = addr;
  return TRUE;
}

char *
td_ipv4_to_string (guint32 addr)
{
  return g_strdup_printf ("%u.%u.%u.%u",
                          addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff);
}

/* The miredo 1.2.6 / RFC 4380 §5.2.4 list, and nothing else: miredo-server
 * answers exactly the sources that pass this test, so a stricter list (e.g.
 * one excluding 100.64/10 or 198.18/15) would make the lab disagree with the
 * probe. */
static const struct
{
  guint32     network;
  guint32     mask;
  const char *reason;
} non_global[] = {
  { 0x00000000, 0xff000000, N_("“this network” (0.0.0.0/8)") },
  { 0x0a000000, 0xff000000, N_("private (RFC 1918)") },
  { 0x7f000000, 0xff000000, N_("loopback") },
  { 0xa9fe0000, 0xffff0000, N_("link-local") },
  { 0xac100000, 0xfff00000, N_("private (RFC 1918)") },
  { 0xc0a80000, 0xffff0000, N_("private (RFC 1918)") },
  { 0xc0586300, 0xffffff00, N_("6to4 relay anycast") },
  { 0xe0000000, 0xf0000000, N_("multicast") },
  { 0xffffffff, 0xffffffff, N_("broadcast") },
};

const char *
td_ipv4_non_global_reason (guint32 addr)
{
  for (gsize i = 0; i < G_N_ELEMENTS (non_global); i++)
    if ((addr & non_global[i].mask) == non_global[i].network)
      return non_global[i].reason;
  return NULL;
}

gboolean
td_ipv4_is_global (guint32 addr)
{
  return td_ipv4_non_global_reason (addr) == NULL;
}

/* 2000::/3 is the only global unicast block; every special-purpose range the
 * header lists (fe80::/10, fec0::/10, fc00::/7, ff00::/8, ::1, ::,
 * ::ffff:0:0/96) lies outside it. */
gboolean
td_ipv6_is_global (const guint8 addr[16])
{
  g_return_val_if_fail (addr != NULL, FALSE);

  return (addr[0] & 0xe0) == 0x20;
}

gboolean
td_ipv6_parse (const char *text,
               guint8      out_addr[16])
{
  struct in6_addr in6;

  g_return_val_if_fail (text != NULL, FALSE);

  if (inet_pton (AF_INET6, text, &in6) != 1)
    return FALSE;
  if (out_addr != NULL)
    memcpy (out_addr, in6.s6_addr, 16);
  return TRUE;
}

char *
td_ipv6_to_string (const guint8 addr[16])
{
  char buf[INET6_ADDRSTRLEN];

  g_return_val_if_fail (addr != NULL, NULL);

  /* Cannot fail: the family is right and the buffer is big enough. */
  inet_ntop (AF_INET6, addr, buf, sizeof buf);
  return g_strdup (buf);
}
