/* td-address.c — IPv4/IPv6 text forms and the single notion of "global"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
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

/* The text forms of IPv6 addresses are read and written here rather than
 * by inet_pton()/inet_ntop(), which Windows has in another header and
 * with its own formatting: the language is the one of RFC 4291 §2.2 as
 * glibc accepts it (groups of 1–4 hex digits, one "::", a dotted quad in
 * the last 32 bits), and the output that of glibc's inet_ntop (RFC 5952
 * compression, lower case, IPv4-compatible and -mapped addresses with a
 * dotted quad). */
gboolean
td_ipv6_parse (const char *text,
               guint8      out_addr[16])
{
  guint16 words[8] = { 0 };
  int n_words = 0;        /* groups read so far */
  int gap = -1;           /* where "::" stood, in groups */
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);

  p = text;
  if (p[0] == ':')
    {
      if (p[1] != ':')
        return FALSE;
      gap = 0;
      p += 2;
      if (*p == '\0')
        goto done;
    }

  for (;;)
    {
      const char *start = p;
      guint value = 0;
      int digits = 0;

      while (g_ascii_isxdigit (*p) && digits < 5)
        {
          value = value * 16 + (guint) g_ascii_xdigit_value (*p++);
          digits++;
        }
      if (*p == '.')
        {
          guint32 v4;

          /* A dotted quad: the last two groups, at a group's start. */
          if (n_words > 6 || !td_ipv4_parse (start, &v4))
            return FALSE;
          words[n_words++] = (guint16) (v4 >> 16);
          words[n_words++] = (guint16) (v4 & 0xffff);
          break;
        }
      if (digits == 0 || digits > 4 || n_words == 8)
        return FALSE;
      words[n_words++] = (guint16) value;
      if (*p == '\0')
        break;
      if (*p != ':')
        return FALSE;
      p++;
      if (*p == ':')
        {
          if (gap >= 0)
            return FALSE;
          gap = n_words;
          p++;
          if (*p == '\0')
            break;
        }
      else if (*p == '\0')
        return FALSE;   /* a single trailing colon */
    }

done:
  if (gap >= 0)
    {
      int tail = n_words - gap;

      /* "::" stands for at least one group of zeros. */
      if (n_words >= 8)
        return FALSE;
      memmove (words + 8 - tail, words + gap, (gsize) tail * sizeof words[0]);
      for (int i = gap; i < 8 - tail; i++)
        words[i] = 0;
    }
  else if (n_words != 8)
    return FALSE;

  if (out_addr != NULL)
    for (int i = 0; i < 8; i++)
      {
        out_addr[2 * i] = (guint8) (words[i] >> 8);
        out_addr[2 * i + 1] = (guint8) (words[i] & 0xff);
      }
  return TRUE;
}

char *
td_ipv6_to_string (const guint8 addr[16])
{
  GString *out = g_string_sized_new (46);
  guint16 words[8];
  int best = -1, best_length = 0;

  g_return_val_if_fail (addr != NULL, NULL);

  for (int i = 0; i < 8; i++)
    words[i] = (guint16) (addr[2 * i] << 8 | addr[2 * i + 1]);
  /* The first longest run of two or more zero groups becomes "::". */
  for (int i = 0; i < 8; )
    {
      int j = i;

      while (j < 8 && words[j] == 0)
        j++;
      if (j - i > best_length)
        {
          best = i;
          best_length = j - i;
        }
      i = j > i ? j : i + 1;
    }
  if (best_length < 2)
    best = -1;

  for (int i = 0; i < 8; i++)
    {
      if (best >= 0 && i >= best && i < best + best_length)
        {
          if (i == best)
            g_string_append_c (out, ':');
          continue;
        }
      if (i > 0)
        g_string_append_c (out, ':');
      /* ::a.b.c.d and ::ffff:a.b.c.d keep their IPv4 address readable. */
      if (i == 6 && best == 0 && (best_length == 6 || (best_length == 5 && words[5] == 0xffff)))
        {
          g_string_append_printf (out, "%u.%u.%u.%u", addr[12], addr[13], addr[14], addr[15]);
          break;
        }
      g_string_append_printf (out, "%x", words[i]);
    }
  if (best >= 0 && best + best_length == 8)
    g_string_append_c (out, ':');
  return g_string_free (out, FALSE);
}
