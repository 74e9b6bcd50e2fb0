/* test-teredo-packet.c — the RFC 4380 codec (td-teredo-packet, td-teredo-address)
 * against every published and captured vector
 *
 * The vectors live in tests/data/teredo/ (copies of the protocol note's
 * fixtures) and are read at run time, so a new record is tested without a
 * code change — except RAV cases, which must also get an entry in
 * rav_expected[] so that a changed rejection reason is caught.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-teredo-address.h"
#include "td-teredo-packet.h"

#define LAB_PRIMARY       0xc0000201u  /* 192.0.2.1, context of RA/RAV records */
#define LAB_MAPPED        0xc0000264u  /* 192.0.2.100 */
#define LAB_MAPPED_PORT   40001
#define CAPTURE_PRIMARY   0xc612000au  /* 198.18.0.10, captured-exchanges.txt */
#define MAX_UDP_PAYLOAD   65507

static const guint8 lab_nonce[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

/* ---- helpers ---------------------------------------------------------- */

static char *
data_path (const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", "teredo", name, NULL);
  /* tests/meson.build points G_TEST_SRCDIR at tests/. */
  return g_test_build_filename (G_TEST_DIST, "data", "teredo", name, NULL);
}

static char **
read_lines (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (contents, "\n", -1);
}

/* Every record of @type in vectors.txt, each split on single spaces and
 * checked to have exactly @n_fields fields. */
static GPtrArray *
load_records (const char *type,
              guint       n_fields)
{
  g_auto(GStrv) lines = read_lines ("vectors.txt");
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **fields;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], " ", -1);
      if (g_strcmp0 (fields[0], type) != 0)
        {
          g_strfreev (fields);
          continue;
        }
      if (g_strv_length (fields) != n_fields)
        g_error ("vectors.txt line %u: %u fields, %s records have %u",
                 i + 1, g_strv_length (fields), type, n_fields);
      g_ptr_array_add (records, fields);
    }
  return records;
}

/* Exactly @len bytes on the heap (NULL for 0), so that valgrind/ASan see any
 * read past the end. */
static guint8 *
hex_decode (const char *hex,
            gsize      *len)
{
  gsize n = strlen (hex);
  guint8 *out;

  if (g_str_equal (hex, "-"))
    {
      *len = 0;
      return NULL;
    }
  g_assert_cmpuint (n % 2, ==, 0);
  out = g_malloc (n / 2);
  for (gsize i = 0; i < n / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      g_assert_cmpint (hi, >=, 0);
      g_assert_cmpint (lo, >=, 0);
      out[i] = (guint8) (hi << 4 | lo);
    }
  *len = n / 2;
  return out;
}

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  GString *s = g_string_sized_new (2 * len + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

static guint32
v4 (const char *text)
{
  guint32 addr = 0;

  if (!td_ipv4_parse (text, &addr))
    g_error ("test data: “%s” is not an IPv4 address", text);
  return addr;
}

static void
v6 (const char *text,
    guint8      out[16])
{
  if (!td_ipv6_parse (text, out))
    g_error ("test data: “%s” is not an IPv6 address", text);
}

/* "a.b.c.d:port" */
static void
parse_endpoint (const char *text,
                guint32    *addr,
                guint16    *port)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  guint64 value = 0;

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  *addr = v4 (parts[0]);
  g_assert_true (g_ascii_string_to_unsigned (parts[1], 10, 0, 65535, &value, NULL));
  *port = (guint16) value;
}

static TdRaStatus
ra_parse_with (const guint8 *data,
               gsize         len,
               const guint8 *nonce,
               const guint8 *rs_source,
               guint32       primary,
               gboolean      allow_obsolete,
               TdRaInfo     *info)
{
  TdRaExpect expect = { nonce, rs_source, primary, allow_obsolete };
  /* Always an exact-size heap copy: a read one byte past the end is then
   * an error under valgrind/ASan, even when the verdict happens to be right. */
  g_autofree guint8 *copy = g_memdup2 (data, len);

  return td_teredo_ra_parse (copy, len, &expect, info);
}

/* The RAV context: nonce 0123456789abcdef, RS source fe80::ffff:ffff:ffff,
 * primary 192.0.2.1. */
static TdRaStatus
ra_parse_lab (const guint8 *data,
              gsize         len,
              gboolean      allow_obsolete,
              TdRaInfo     *info)
{
  return ra_parse_with (data, len, lab_nonce, td_teredo_rs_source_restricted,
                        LAB_PRIMARY, allow_obsolete, info);
}

static void
assert_status (TdRaStatus got,
               TdRaStatus expected,
               const char *what)
{
  if (got != expected)
    g_error ("%s: got %s, expected %s", what,
             td_teredo_ra_status_to_string (got), td_teredo_ra_status_to_string (expected));
}

static guint8 *
rav_payload (const char *name,
             gsize      *len)
{
  g_autoptr(GPtrArray) records = load_records ("RAV", 4);

  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);

      if (g_str_equal (r[1], name))
        return hex_decode (r[3], len);
    }
  g_error ("no RAV record %s", name);
}

/* ---- RA builder for cases the fixtures do not hold -------------------- */

static void
append_pio (GByteArray   *opts,
            const guint8  prefix32[4],
            guint32       server,
            guint8        units,
            guint8        prefix_length)
{
  guint8 o[64] = { 3, units, prefix_length, 0x40,
                   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  g_assert_cmpuint (units * 8u, <=, sizeof o);
  if (units * 8u >= 24)
    {
      memcpy (o + 16, prefix32, 4);
      o[20] = server >> 24;
      o[21] = server >> 16;
      o[22] = server >> 8;
      o[23] = server;
    }
  g_byte_array_append (opts, o, units * 8u);
}

static const guint8 teredo_prefix[4] = { 0x20, 0x01, 0x00, 0x00 };

static void
append_lab_pio (GByteArray *opts)
{
  append_pio (opts, teredo_prefix, LAB_PRIMARY, 4, 64);
}

static void
append_mtu (GByteArray *opts,
            guint32     mtu)
{
  guint8 o[8] = { 5, 1, 0, 0, mtu >> 24, mtu >> 16, mtu >> 8, mtu };

  g_byte_array_append (opts, o, sizeof o);
}

static void
append_unknown (GByteArray *opts,
                guint8      type,
                guint8      units)
{
  g_autofree guint8 *o = g_malloc0 (units * 8u);

  o[0] = type;
  o[1] = units;
  g_byte_array_append (opts, o, units * 8u);
}

/* auth (lab nonce) | origin | IPv6 from @src to fe80::ffff:ffff:ffff | RA
 * header as miredo-server writes it | @opts, with a correct checksum. */
static GByteArray *
build_ra (const guint8 src[16],
          GByteArray  *opts,
          guint32      mapped_addr,
          guint16      mapped_port)
{
  static const guint8 auth[5] = { 0x00, 0x01, 0x00, 0x00 };
  guint8 origin[8], ip[40] = { 0x60, 0, 0, 0, 0, 0, 58, 255 };
  guint8 ra[16] = { 134, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07, 0xd0 };
  GByteArray *out = g_byte_array_new ();
  gsize plen = sizeof ra + opts->len;
  guint16 cksum;
  guint8 *icmp;

  g_assert_cmpuint (plen, <=, G_MAXUINT16);
  g_byte_array_append (out, auth, 4);
  g_byte_array_append (out, lab_nonce, 8);
  g_byte_array_append (out, auth + 4, 1);
  td_teredo_origin_encode (mapped_addr, mapped_port, origin);
  g_byte_array_append (out, origin, sizeof origin);
  ip[4] = plen >> 8;
  ip[5] = plen & 0xff;
  memcpy (ip + 8, src, 16);
  memcpy (ip + 24, td_teredo_rs_source_restricted, 16);
  g_byte_array_append (out, ip, sizeof ip);
  g_byte_array_append (out, ra, sizeof ra);
  g_byte_array_append (out, opts->data, opts->len);

  icmp = out->data + 13 + 8 + 40;
  cksum = td_icmpv6_checksum (src, td_teredo_rs_source_restricted, icmp, plen);
  icmp[2] = cksum >> 8;
  icmp[3] = cksum & 0xff;
  return out;
}

static GByteArray *
build_lab_ra (GByteArray *opts)
{
  guint8 src[16];

  td_teredo_server_link_local (LAB_PRIMARY, src);
  return build_ra (src, opts, LAB_MAPPED, LAB_MAPPED_PORT);
}

/* After a mutation: recompute the checksum so that the parser gets past
 * rule 6 and the option walk is exercised too. */
static void
fix_checksum (guint8 *data,
              gsize   len)
{
  const gsize ip = 13 + 8;
  gsize plen;

  if (len < ip + 40 + 4)
    return;
  plen = (gsize) data[ip + 4] << 8 | data[ip + 5];
  if (plen < 4 || ip + 40 + plen > len)
    return;
  data[ip + 42] = data[ip + 43] = 0;
  {
    guint16 c = td_icmpv6_checksum (data + ip + 8, data + ip + 24, data + ip + 40, plen);
    data[ip + 42] = c >> 8;
    data[ip + 43] = c & 0xff;
  }
}

/* ---- IPv4 / IPv6 ------------------------------------------------------ */

static void
test_ipv4_parse (void)
{
  static const struct { const char *text; guint32 addr; } good[] = {
    { "0.0.0.0", 0 },
    { "255.255.255.255", 0xffffffff },
    { "192.0.2.1", 0xc0000201 },
    { "198.18.0.10", 0xc612000a },
    { "10.0.100.9", 0x0a006409 },
  };
  static const char * const bad[] = {
    "", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1.2.3.1000",
    " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "01.2.3.4", "1.2.3.04", "0x1.2.3.4",
    "1..2.3", ".1.2.3", "1.2.3.", "a.b.c.d", "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24",
    "1.2.3.4:3544", "::1", "example.org", "4294967295",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint32 addr = 0;
      g_autofree char *text = NULL;

      g_assert_true (td_ipv4_parse (good[i].text, &addr));
      g_assert_cmphex (addr, ==, good[i].addr);
      text = td_ipv4_to_string (addr);
      g_assert_cmpstr (text, ==, good[i].text);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint32 addr = 0x12345678;

      if (td_ipv4_parse (bad[i], &addr))
        g_error ("“%s” was accepted as IPv4", bad[i]);
      g_assert_cmphex (addr, ==, 0x12345678);
    }
}

static void
test_ipv4_global (void)
{
  /* Every edge of the miredo list, plus ranges that look special but are
   * global for miredo (and therefore for us). */
  static const struct { const char *addr; const char *reason_part; } table[] = {
    { "0.0.0.0", "0.0.0.0/8" }, { "0.255.255.255", "0.0.0.0/8" }, { "1.0.0.0", NULL },
    { "9.255.255.255", NULL }, { "10.0.0.0", "RFC 1918" }, { "10.255.255.255", "RFC 1918" },
    { "11.0.0.0", NULL },
    { "126.255.255.255", NULL }, { "127.0.0.0", "loopback" }, { "127.255.255.255", "loopback" },
    { "128.0.0.0", NULL },
    { "169.253.255.255", NULL }, { "169.254.0.0", "link-local" },
    { "169.254.255.255", "link-local" }, { "169.255.0.0", NULL },
    { "172.15.255.255", NULL }, { "172.16.0.0", "RFC 1918" }, { "172.31.255.255", "RFC 1918" },
    { "172.32.0.0", NULL },
    { "192.167.255.255", NULL }, { "192.168.0.0", "RFC 1918" },
    { "192.168.255.255", "RFC 1918" }, { "192.169.0.0", NULL },
    { "192.88.98.255", NULL }, { "192.88.99.0", "6to4" }, { "192.88.99.255", "6to4" },
    { "192.88.100.0", NULL },
    { "223.255.255.255", NULL }, { "224.0.0.0", "multicast" },
    { "239.255.255.255", "multicast" }, { "240.0.0.0", NULL }, { "255.255.255.254", NULL },
    { "255.255.255.255", "broadcast" },
    /* global on purpose */
    { "100.64.0.0", NULL }, { "100.127.255.255", NULL }, { "198.18.0.0", NULL },
    { "198.19.255.255", NULL }, { "192.0.2.1", NULL }, { "198.51.100.1", NULL },
    { "203.0.113.200", NULL }, { "8.8.8.8", NULL }, { "83.170.6.76", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      guint32 addr = v4 (table[i].addr);
      const char *reason = td_ipv4_non_global_reason (addr);

      g_test_message ("%s → %s", table[i].addr, reason ? reason : "global");
      if (table[i].reason_part == NULL)
        {
          g_assert_null (reason);
          g_assert_true (td_ipv4_is_global (addr));
        }
      else
        {
          g_assert_nonnull (reason);
          g_assert_nonnull (strstr (reason, table[i].reason_part));
          g_assert_false (td_ipv4_is_global (addr));
        }
    }
}

static void
test_ipv6 (void)
{
  static const struct { const char *text; const char *canonical; gboolean global; } good[] = {
    { "2001:0:4136:e378:8000:63bf:3fff:fdd2", NULL, TRUE },
    { "2001:0000:4136:E378:8000:63BF:3FFF:FDD2", "2001:0:4136:e378:8000:63bf:3fff:fdd2", TRUE },
    { "2002:c000:201::1", NULL, TRUE },
    { "2001:db8::1", NULL, TRUE },
    { "3fff:ffff::", NULL, TRUE },
    { "1fff::1", NULL, FALSE },
    { "4000::1", NULL, FALSE },
    { "fe80::ffff:ffff:ffff", NULL, FALSE },
    { "fec0::1", NULL, FALSE },
    { "fc00::1", NULL, FALSE },
    { "fd12:3456::1", NULL, FALSE },
    { "ff02::2", NULL, FALSE },
    { "::1", NULL, FALSE },
    { "::", NULL, FALSE },
    { "::ffff:192.0.2.1", NULL, FALSE },
    { "2001:0:0:1::1", "2001:0:0:1::1", TRUE },
  };
  static const char * const bad[] = {
    "", ":", "2001:db8::1::2", "fe80::1%eth0", "192.0.2.1", "gggg::", "2001:db8:0:0:0:0:0:0:1",
    "2001:db8::/32", " ::1", "::1 ", "12345::",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint8 addr[16];
      g_autofree char *text = NULL;

      g_assert_true (td_ipv6_parse (good[i].text, addr));
      text = td_ipv6_to_string (addr);
      g_assert_cmpstr (text, ==, good[i].canonical ? good[i].canonical : good[i].text);
      g_assert_cmpint (td_ipv6_is_global (addr), ==, good[i].global);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (td_ipv6_parse (bad[i], NULL))
      g_error ("“%s” was accepted as IPv6", bad[i]);
}

/* ---- vectors.txt ------------------------------------------------------ */

static void
test_vectors_addr (void)
{
  g_autoptr(GPtrArray) records = load_records ("ADDR", 7);

  g_assert_cmpuint (records->len, ==, 18);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      TdTeredoAddress a = { 0 }, back = { 0 }, from_bytes = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      guint64 port = 0, flags = 0;
      guint8 bytes[16];

      g_test_message ("ADDR %s (%s)", r[5], r[6]);
      a.server = v4 (r[1]);
      a.mapped_addr = v4 (r[2]);
      g_assert_true (g_ascii_string_to_unsigned (r[3], 10, 0, 65535, &port, NULL));
      g_assert_true (g_ascii_string_to_unsigned (r[4], 16, 0, 0xffff, &flags, NULL));
      a.mapped_port = (guint16) port;
      a.flags = (guint16) flags;

      text = td_teredo_address_to_string (&a);
      g_assert_cmpstr (text, ==, r[5]);

      g_assert_true (td_teredo_address_parse (r[5], &back, &error));
      g_assert_no_error (error);
      g_assert_cmphex (back.server, ==, a.server);
      g_assert_cmphex (back.flags, ==, a.flags);
      g_assert_cmpuint (back.mapped_port, ==, a.mapped_port);
      g_assert_cmphex (back.mapped_addr, ==, a.mapped_addr);

      td_teredo_address_to_bytes (&a, bytes);
      g_assert_true (td_teredo_address_from_bytes (&from_bytes, bytes));
      g_assert_cmpmem (&from_bytes, sizeof from_bytes, &a, sizeof a);
    }
}

static void
test_vectors_orig (void)
{
  g_autoptr(GPtrArray) records = load_records ("ORIG", 4);

  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      guint8 out[8];
      g_autofree char *hex = NULL;
      g_autofree guint8 *in = NULL;
      guint32 addr = 0;
      guint16 port = 0;
      guint64 expected_port = 0;
      gsize len;

      g_assert_true (g_ascii_string_to_unsigned (r[2], 10, 0, 65535, &expected_port, NULL));
      td_teredo_origin_encode (v4 (r[1]), (guint16) expected_port, out);
      hex = hex_encode (out, sizeof out);
      g_assert_cmpstr (hex, ==, r[3]);

      in = hex_decode (r[3], &len);
      g_assert_true (td_teredo_origin_decode (in, len, &addr, &port));
      g_assert_cmphex (addr, ==, v4 (r[1]));
      g_assert_cmpuint (port, ==, expected_port);
      /* Every shorter prefix is refused. */
      for (gsize n = 0; n < len; n++)
        g_assert_false (td_teredo_origin_decode (in, n, &addr, &port));
    }

  {
    /* Wrong indicator (an auth header), and NULL out-parameters allowed. */
    static const guint8 auth[8] = { 0x00, 0x01, 0, 0, 1, 2, 3, 4 };
    static const guint8 ok[8] = { 0x00, 0x00, 0xfe, 0xae, 0xfe, 0xfd, 0xfc, 0xfb };

    g_assert_false (td_teredo_origin_decode (auth, sizeof auth, NULL, NULL));
    g_assert_false (td_teredo_origin_decode (NULL, 0, NULL, NULL));
    g_assert_true (td_teredo_origin_decode (ok, sizeof ok, NULL, NULL));
  }
}

static void
test_vectors_srvll (void)
{
  g_autoptr(GPtrArray) records = load_records ("SRVLL", 3);

  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      guint8 ll[16];
      g_autofree char *text = NULL;

      td_teredo_server_link_local (v4 (r[1]), ll);
      text = td_ipv6_to_string (ll);
      g_assert_cmpstr (text, ==, r[2]);
    }
}

static void
test_vectors_cksum (void)
{
  g_autoptr(GPtrArray) records = load_records ("CKSUM", 4);

  g_assert_cmpuint (records->len, ==, 6);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      guint8 src[16], rs[8] = { 133, 0, 0, 0, 0, 0, 0, 0 }, packet[TD_TEREDO_RS_LENGTH];
      guint16 cksum;
      g_autofree char *hex = NULL;

      g_test_message ("CKSUM %s (%s)", r[1], r[3]);
      v6 (r[1], src);
      cksum = td_icmpv6_checksum (src, td_teredo_all_routers, rs, sizeof rs);
      hex = g_strdup_printf ("%04x", cksum);
      g_assert_cmpstr (hex, ==, r[2]);

      /* Receiver side: with the checksum filled in the sum verifies to 0. */
      rs[2] = cksum >> 8;
      rs[3] = cksum & 0xff;
      g_assert_cmphex (td_icmpv6_checksum (src, td_teredo_all_routers, rs, sizeof rs), ==, 0);

      /* And the RS builder puts the same value in place. */
      td_teredo_rs_build (packet, lab_nonce, src);
      g_assert_cmphex (packet[55] << 8 | packet[56], ==, cksum);
    }
}

static void
test_vectors_rs (void)
{
  g_autoptr(GPtrArray) records = load_records ("RS", 5);

  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      guint8 src[16], packet[TD_TEREDO_RS_LENGTH];
      g_autofree guint8 *nonce = NULL;
      g_autofree char *hex = NULL, *cksum = NULL;
      gsize nonce_len;

      v6 (r[1], src);
      nonce = hex_decode (r[2], &nonce_len);
      g_assert_cmpuint (nonce_len, ==, TD_TEREDO_NONCE_LENGTH);
      td_teredo_rs_build (packet, nonce, src);
      hex = hex_encode (packet, sizeof packet);
      g_assert_cmpstr (hex, ==, r[4]);
      cksum = g_strdup_printf ("%02x%02x", packet[55], packet[56]);
      g_assert_cmpstr (cksum, ==, r[3]);
    }
  /* The two exported sources are the ones the records use. */
  {
    g_autofree char *restricted = td_ipv6_to_string (td_teredo_rs_source_restricted);
    g_autofree char *cone = td_ipv6_to_string (td_teredo_rs_source_cone);
    g_autofree char *routers = td_ipv6_to_string (td_teredo_all_routers);

    g_assert_cmpstr (restricted, ==, "fe80::ffff:ffff:ffff");
    g_assert_cmpstr (cone, ==, "fe80::8000:ffff:ffff:ffff");
    g_assert_cmpstr (routers, ==, "ff02::2");
  }
}

static void
test_vectors_ra (void)
{
  g_autoptr(GPtrArray) records = load_records ("RA", 11);

  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      guint8 rs_source[16], other_source[16], prefix[16] = { 0x20, 0x01 }, server_ll[16];
      g_autofree guint8 *nonce = NULL, *data = NULL;
      g_autofree char *prefix_v6 = NULL, *prefix_text = NULL, *ra_source = NULL;
      guint8 wrong_nonce[8];
      gsize nonce_len, len;
      guint32 from_addr;
      guint16 from_port;
      TdRaInfo info = { 0 };

      g_test_message ("RA from %s for an RS to %s from %s", r[1], r[2], r[3]);
      parse_endpoint (r[1], &from_addr, &from_port);
      g_assert_cmpuint (from_port, ==, TD_TEREDO_PORT);  /* rule 1 holds for the data */
      v6 (r[3], rs_source);
      nonce = hex_decode (r[4], &nonce_len);
      g_assert_cmpuint (nonce_len, ==, 8);
      data = hex_decode (r[10], &len);

      assert_status (ra_parse_with (data, len, nonce, rs_source, LAB_PRIMARY, FALSE, &info),
                     TD_RA_OK, r[1]);
      g_assert_cmphex (info.mapped_addr, ==, v4 (r[5]));
      g_assert_cmpuint (info.mapped_port, ==, g_ascii_strtoull (r[6], NULL, 10));
      g_assert_cmpuint (info.mtu, ==, g_ascii_strtoull (r[8], NULL, 10));
      g_assert_cmphex (info.prefix_server, ==, LAB_PRIMARY);
      g_assert_false (info.obsolete_prefix);
      g_assert_true (info.mapped_is_global);
      g_assert_cmpuint (info.trailer_length, ==, 0);

      prefix[4] = info.prefix_server >> 24;
      prefix[5] = info.prefix_server >> 16;
      prefix[6] = info.prefix_server >> 8;
      prefix[7] = info.prefix_server;
      prefix_v6 = td_ipv6_to_string (prefix);
      prefix_text = g_strconcat (prefix_v6, "/64", NULL);
      g_assert_cmpstr (prefix_text, ==, r[7]);
      ra_source = td_ipv6_to_string (info.ra_source);
      g_assert_cmpstr (ra_source, ==, r[9]);
      td_teredo_server_link_local (LAB_PRIMARY, server_ll);
      g_assert_cmpmem (info.ra_source, 16, server_ll, 16);

      /* The same reply in the context of another RS is refused. */
      memcpy (other_source, rs_source, 16);
      other_source[8] ^= 0x80;
      assert_status (ra_parse_with (data, len, nonce, other_source, LAB_PRIMARY, FALSE, NULL),
                     TD_RA_BAD_DESTINATION, "other RS source");
      memcpy (wrong_nonce, nonce, 8);
      wrong_nonce[7] ^= 1;
      assert_status (ra_parse_with (data, len, wrong_nonce, rs_source, LAB_PRIMARY, FALSE, NULL),
                     TD_RA_BAD_NONCE, "old nonce");
      assert_status (ra_parse_with (data, len, nonce, rs_source, LAB_PRIMARY + 1, FALSE, NULL),
                     TD_RA_BAD_PREFIX_SERVER, "secondary as primary");
    }
}

/* What each RAV case must give in the lab context.  A case in the file
 * without an entry here fails the test: decide its reason first. */
static const struct
{
  const char *name;
  TdRaStatus  status;
} rav_expected[] = {
  { "valid", TD_RA_OK },
  { "valid-with-trailing-bytes", TD_RA_OK },
  { "valid-auth-with-client-id", TD_RA_OK },
  { "valid-no-mtu-option", TD_RA_OK },
  { "empty", TD_RA_EMPTY },
  { "one-byte", TD_RA_TRUNCATED_AUTH },
  { "auth-truncated", TD_RA_TRUNCATED_AUTH },
  { "auth-idlen-overruns", TD_RA_TRUNCATED_AUTH },
  { "orig-truncated", TD_RA_TRUNCATED_ORIGIN },
  { "ipv6-truncated", TD_RA_TRUNCATED_IPV6 },
  { "no-auth", TD_RA_NO_AUTH },
  { "nonce-mismatch", TD_RA_BAD_NONCE },
  { "confirmation-nonzero", TD_RA_CONFIRMATION },
  { "no-origin-indication", TD_RA_NO_ORIGIN },
  { "origin-before-auth", TD_RA_NO_AUTH },
  { "not-ipv6", TD_RA_BAD_VERSION },
  { "ipv6-plen-exceeds-datagram", TD_RA_BAD_PAYLOAD_LENGTH },
  { "next-header-not-icmpv6", TD_RA_BAD_NEXT_HEADER },
  { "hop-limit-not-255", TD_RA_BAD_HOP_LIMIT },
  { "dst-not-rs-source", TD_RA_BAD_DESTINATION },
  { "src-not-link-local", TD_RA_BAD_SOURCE },
  { "not-router-advertisement", TD_RA_BAD_ICMPV6_TYPE },
  { "icmp-code-nonzero", TD_RA_BAD_ICMPV6_CODE },
  { "bad-icmpv6-checksum", TD_RA_BAD_CHECKSUM },
  { "ra-truncated", TD_RA_TRUNCATED_ICMPV6 },
  { "no-prefix-option", TD_RA_NO_PREFIX },
  { "multiple-prefix-options", TD_RA_MULTIPLE_PREFIXES },
  { "pio-prefix-len-not-64", TD_RA_BAD_PREFIX_LENGTH },
  { "prefix-not-2001-0000", TD_RA_BAD_PREFIX },
  { "prefix-server-mismatch", TD_RA_BAD_PREFIX_SERVER },
  { "option-length-zero", TD_RA_BAD_OPTION_LENGTH },
  { "option-overruns", TD_RA_BAD_OPTION_LENGTH },
  { "mtu-out-of-range", TD_RA_BAD_MTU },
  /* Policy: refused unless the caller opts in (then accepted, see below). */
  { "policy-obsolete-3ffe831f-prefix", TD_RA_BAD_PREFIX },
};

static void
test_vectors_rav (void)
{
  g_autoptr(GPtrArray) records = load_records ("RAV", 4);
  gboolean seen[G_N_ELEMENTS (rav_expected)] = { FALSE };
  guint n_accept = 0, n_reject = 0, n_policy = 0;

  g_assert_cmpuint (records->len, ==, 34);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      g_autofree guint8 *data = NULL;
      gsize len, k;
      TdRaInfo info = { 0 };
      TdRaStatus status;

      for (k = 0; k < G_N_ELEMENTS (rav_expected); k++)
        if (g_str_equal (rav_expected[k].name, r[1]))
          break;
      if (k == G_N_ELEMENTS (rav_expected))
        g_error ("RAV case %s has no entry in rav_expected[]", r[1]);
      g_assert_false (seen[k]);
      seen[k] = TRUE;

      data = hex_decode (r[3], &len);
      status = ra_parse_lab (data, len, FALSE, &info);
      g_test_message ("RAV %s (%s) → %s", r[1], r[2], td_teredo_ra_status_to_string (status));
      assert_status (status, rav_expected[k].status, r[1]);

      if (g_str_equal (r[2], "accept"))
        {
          n_accept++;
          g_assert_cmphex (info.mapped_addr, ==, LAB_MAPPED);
          g_assert_cmpuint (info.mapped_port, ==, LAB_MAPPED_PORT);
          g_assert_cmpuint (info.mtu, ==, g_str_equal (r[1], "valid-no-mtu-option") ? 0 : 1280);
          g_assert_cmphex (info.prefix_server, ==, LAB_PRIMARY);
          g_assert_true (info.mapped_is_global);
          g_assert_false (info.obsolete_prefix);
          g_assert_cmpuint (info.trailer_length, ==,
                            g_str_equal (r[1], "valid-with-trailing-bytes") ? 6 : 0);
        }
      else if (g_str_equal (r[2], "reject"))
        {
          n_reject++;
          g_assert_cmpint (status, !=, TD_RA_OK);
        }
      else if (g_str_equal (r[2], "policy"))
        {
          n_policy++;
          /* Opting in: accepted, flagged, and the prefix server is intact. */
          memset (&info, 0, sizeof info);
          assert_status (ra_parse_lab (data, len, TRUE, &info), TD_RA_OK, r[1]);
          g_assert_true (info.obsolete_prefix);
          g_assert_cmphex (info.prefix_server, ==, LAB_PRIMARY);
          g_assert_cmphex (info.mapped_addr, ==, LAB_MAPPED);
          g_assert_cmpuint (info.mtu, ==, 1280);
        }
      else
        g_error ("RAV %s: unknown verdict %s", r[1], r[2]);

      /* Opting in to the obsolete prefix changes nothing else. */
      if (!g_str_equal (r[2], "policy"))
        assert_status (ra_parse_lab (data, len, TRUE, NULL), rav_expected[k].status, r[1]);
    }

  g_assert_cmpuint (n_accept, ==, 4);
  g_assert_cmpuint (n_reject, ==, 29);
  g_assert_cmpuint (n_policy, ==, 1);
  for (gsize k = 0; k < G_N_ELEMENTS (rav_expected); k++)
    if (!seen[k])
      g_error ("rav_expected[] entry %s is not in vectors.txt", rav_expected[k].name);
}

static void
test_vectors_bubble (void)
{
  g_autoptr(GPtrArray) records = load_records ("BUBBLE", 3);

  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      g_autofree guint8 *data = NULL;
      const guint8 *ip;
      gsize len;
      TdTeredoAddress src, dst;
      const char *origin = strstr (r[1], "with-origin(");
      const char *src_text = strstr (r[1], "src=");

      data = hex_decode (r[2], &len);
      ip = data;
      /* A bubble is never an RA. */
      g_assert_cmpint (ra_parse_lab (data, len, FALSE, NULL), !=, TD_RA_OK);

      if (origin != NULL)
        {
          g_auto(GStrv) parts = g_strsplit_set (origin + strlen ("with-origin("), ":)", 3);
          guint32 addr;
          guint16 port;

          g_assert_true (td_teredo_origin_decode (data, len, &addr, &port));
          g_assert_cmphex (addr, ==, v4 (parts[0]));
          g_assert_cmpuint (port, ==, g_ascii_strtoull (parts[1], NULL, 10));
          ip += 8;
          len -= 8;
        }
      /* RFC 4380 §2.8: 40-byte IPv6 header, no payload, next header 59. */
      g_assert_cmpuint (len, ==, 40);
      g_assert_cmpuint (ip[0] >> 4, ==, 6);
      g_assert_cmpuint (ip[4] << 8 | ip[5], ==, 0);
      g_assert_cmpuint (ip[6], ==, 59);
      g_assert_true (td_teredo_address_from_bytes (&src, ip + 8));
      g_assert_true (td_teredo_address_from_bytes (&dst, ip + 24));
      g_assert_cmphex (src.server, ==, LAB_PRIMARY);
      g_assert_cmphex (dst.server, ==, LAB_PRIMARY);

      if (src_text != NULL)
        {
          g_auto(GStrv) parts = g_strsplit_set (src_text, "=,)", -1);
          g_autofree char *s = td_ipv6_to_string (ip + 8), *d = td_ipv6_to_string (ip + 24);

          /* src= X , dst= Y , hlim= Z ) */
          g_assert_cmpuint (g_strv_length (parts), >=, 6);
          g_assert_cmpstr (s, ==, parts[1]);
          g_assert_cmpstr (d, ==, parts[3]);
          g_assert_cmpuint (ip[7], ==, g_ascii_strtoull (parts[5], NULL, 10));
        }
    }
}

/* ---- captured-exchanges.txt ------------------------------------------- */

static void
test_captured (void)
{
  g_auto(GStrv) lines = read_lines ("captured-exchanges.txt");
  gboolean server_side = FALSE, have_rs = FALSE, rs_cone = FALSE;
  guint8 rs_nonce[8], rs_source[16];
  guint32 rs_from = 0, rs_to = 0;
  guint16 rs_from_port = 0;
  guint n_rs = 0, n_ra = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_auto(GStrv) parts = NULL, ends = NULL;
      g_autofree guint8 *data = NULL, *nonce = NULL;
      g_autofree char *nonce_hex = NULL;
      const char *nonce_at;
      guint32 from, to;
      guint16 from_port, to_port;
      gsize len, nonce_len;

      if (g_str_has_prefix (line, "## "))
        {
          server_side = strstr (line, "server-side") != NULL;
          have_rs = FALSE;
          continue;
        }
      if (line[0] == '#' || line[0] == '\0')
        continue;

      parts = g_strsplit (line, " | ", -1);
      g_assert_cmpuint (g_strv_length (parts), ==, 3);
      ends = g_strsplit (parts[1], " -> ", -1);
      g_assert_cmpuint (g_strv_length (ends), ==, 2);
      parse_endpoint (ends[0], &from, &from_port);
      parse_endpoint (ends[1], &to, &to_port);
      data = hex_decode (parts[2], &len);
      nonce_at = strstr (parts[0], "nonce=");
      g_assert_nonnull (nonce_at);
      nonce_hex = g_strndup (nonce_at + strlen ("nonce="), 16);
      nonce = hex_decode (nonce_hex, &nonce_len);
      g_assert_cmpuint (nonce_len, ==, 8);
      g_test_message ("captured line %u: %.40s", i + 1, parts[0]);

      if (strstr (parts[0], " RS (src ") != NULL)
        {
          const char *s = strstr (parts[0], "(src ") + strlen ("(src ");
          g_autofree char *src_text = g_strndup (s, strcspn (s, ",)"));
          guint8 built[TD_TEREDO_RS_LENGTH];

          n_rs++;
          v6 (src_text, rs_source);
          td_teredo_rs_build (built, nonce, rs_source);
          g_assert_cmpmem (built, sizeof built, data, len);
          g_assert_cmpuint (to_port, ==, TD_TEREDO_PORT);
          memcpy (rs_nonce, nonce, 8);
          rs_cone = (rs_source[8] & 0x80) != 0;
          rs_from = from;
          rs_from_port = from_port;
          rs_to = to;
          have_rs = TRUE;
        }
      else if (strstr (parts[0], " RA (origin indication ") != NULL)
        {
          const char *o = strstr (parts[0], "indication ") + strlen ("indication ");
          g_autofree char *origin_text = g_strndup (o, strcspn (o, ")"));
          guint32 mapped;
          guint16 mapped_port;
          TdRaInfo info = { 0 };

          n_ra++;
          g_assert_true (have_rs);
          g_assert_cmpmem (nonce, 8, rs_nonce, 8);
          parse_endpoint (origin_text, &mapped, &mapped_port);

          assert_status (ra_parse_with (data, len, rs_nonce, rs_source, CAPTURE_PRIMARY, FALSE,
                                        &info), TD_RA_OK, parts[0]);
          g_assert_cmphex (info.mapped_addr, ==, mapped);
          g_assert_cmpuint (info.mapped_port, ==, mapped_port);
          g_assert_cmpuint (info.mtu, ==, 1280);
          g_assert_cmphex (info.prefix_server, ==, CAPTURE_PRIMARY);
          g_assert_true (info.mapped_is_global);
          /* The server reports what it saw: at the server, the RS source. */
          if (server_side)
            {
              g_assert_cmphex (info.mapped_addr, ==, rs_from);
              g_assert_cmpuint (info.mapped_port, ==, rs_from_port);
            }
          /* Rule 1 facts (the caller's job): port 3544; the cone reply
           * comes from the other server address, the others from the same. */
          g_assert_cmpuint (from_port, ==, TD_TEREDO_PORT);
          if (rs_cone)
            g_assert_cmphex (from, !=, rs_to);
          else
            g_assert_cmphex (from, ==, rs_to);
          have_rs = FALSE;
        }
      else
        g_error ("captured-exchanges.txt line %u: neither RS nor RA", i + 1);
    }
  g_assert_cmpuint (n_rs, ==, 8);
  g_assert_cmpuint (n_ra, ==, 8);
}

/* ---- Teredo address API ---------------------------------------------- */

static void
test_address_parse_errors (void)
{
  static const struct { const char *text; const char *message_part; } bad[] = {
    { "", "not an IPv6 address" },
    { "not an address", "not an IPv6 address" },
    { "192.0.2.1", "not an IPv6 address" },
    { "2001:0:c000:201:0:63be:3fff:fd9b/64", "not an IPv6 address" },
    { "2001:0:c000:201:0:63be:3fff:fd9b%eth0", "not an IPv6 address" },
    { "2001:0:c000:201:0:63be:3fff:fd9b:1", "not an IPv6 address" },
    { "2002:c000:201::1", "outside 2001:0::/32" },
    { "2001:1:c000:201::1", "outside 2001:0::/32" },
    { "3ffe:831f:c000:201::1", "outside 2001:0::/32" },
    { "fe80::8000:f227:3fff:fdfe", "outside 2001:0::/32" },
    { "::", "outside 2001:0::/32" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      TdTeredoAddress a = { 1, 2, 3, 4 };

      g_assert_false (td_teredo_address_parse (bad[i].text, &a, &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
      g_test_message ("%s → %s", bad[i].text, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].message_part));
      if (bad[i].text[0] != '\0')
        g_assert_nonnull (strstr (error->message, bad[i].text));
      /* Untouched on failure. */
      g_assert_cmpuint (a.server, ==, 1);
      g_assert_cmpuint (a.mapped_addr, ==, 4);
    }

  /* NULL output is allowed (validity check only). */
  g_assert_true (td_teredo_address_parse ("2001::", NULL, NULL));
}

static void
test_address_validate (void)
{
  static const struct { const char *text; const char *message_part; } cases[] = {
    { "2001:0:4136:e378:8000:63bf:3fff:fdd2", NULL },   /* C set: fine on receipt */
    { "2001:0:ce49:7601:e866:efff:62c3:fffe", NULL },   /* C and R set: ignored */
    { "2001:0:c000:201:3cff:1:3fff:fd9b", NULL },       /* all RFC 5991 bits */
    { "2001:0:c000:201:0:ffff:ffff:ffff", "mapped address 0.0.0.0" },
    { "2001:0:c000:201:0:63be:f5ff:fffe", "mapped address 10.0.0.1" },
    { "2001:0:c000:201:8000::", "mapped address 255.255.255.255" },
    { "2001:0:a00:1:0:63be:3fff:fd9b", "server address 10.0.0.1" },
    { "2001::1:0:0:ffff:ffff", "server address 0.0.0.1" },   /* server first */
    { "2001:0:c000:201:200:63be:3fff:fd9b", "U or G" },
    { "2001:0:c000:201:100:63be:3fff:fd9b", "U or G" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TdTeredoAddress a;
      gboolean ok;

      g_assert_true (td_teredo_address_parse (cases[i].text, &a, NULL));
      ok = td_teredo_address_validate (&a, &error);
      g_test_message ("%s → %s", cases[i].text, error ? error->message : "valid");
      if (cases[i].message_part == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
          g_assert_nonnull (strstr (error->message, cases[i].message_part));
        }
    }
}

static void
test_random_flags (void)
{
  guint16 seen_or = 0;

  for (int i = 0; i < 2000; i++)
    {
      guint16 flags = td_teredo_random_flags ();

      g_assert_cmphex (flags & ~TD_TEREDO_FLAG_RANDOM_MASK, ==, 0);
      seen_or |= flags;
    }
  /* Each of the 12 bits really varies (chance of a false failure: 12 / 2^2000). */
  g_assert_cmphex (seen_or, ==, TD_TEREDO_FLAG_RANDOM_MASK);
  g_assert_cmphex (TD_TEREDO_FLAG_RANDOM_MASK & (TD_TEREDO_FLAG_CONE | TD_TEREDO_FLAG_RESERVED |
                                                 TD_TEREDO_FLAG_U | TD_TEREDO_FLAG_G), ==, 0);
}

static void
test_nonce (void)
{
  guint8 nonces[64][TD_TEREDO_NONCE_LENGTH];

  for (guint i = 0; i < G_N_ELEMENTS (nonces); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (td_teredo_nonce_generate (nonces[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (nonces); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (nonces); j++)
      g_assert_true (memcmp (nonces[i], nonces[j], TD_TEREDO_NONCE_LENGTH) != 0);
}

static void
test_status_strings (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) kebab = g_regex_new ("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);

  for (int s = 0; s < TD_RA_N_STATUS; s++)
    {
      const char *id = td_teredo_ra_status_to_string (s);

      g_assert_nonnull (id);
      g_assert_true (g_regex_match (kebab, id, 0, NULL));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
  /* The stable ids other code and saved evidence rely on. */
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_OK), ==, "ok");
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_EMPTY), ==, "empty");
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_BAD_NONCE), ==, "bad-nonce");
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_CONFIRMATION), ==, "confirmation");
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_BAD_PREFIX_SERVER), ==,
                   "bad-prefix-server");
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_BAD_MTU), ==, "bad-mtu");
  g_assert_cmpstr (td_teredo_ra_status_to_string (TD_RA_N_STATUS), ==, "unknown");
}

/* ---- RA rules the fixtures do not isolate ---------------------------- */

static void
test_ra_builder_matches_capture (void)
{
  g_autoptr(GByteArray) opts = g_byte_array_new ();
  g_autoptr(GByteArray) ra = NULL;
  g_autofree guint8 *valid = NULL;
  gsize len;

  append_lab_pio (opts);
  append_mtu (opts, 1280);
  ra = build_lab_ra (opts);
  valid = rav_payload ("valid", &len);
  /* So that every builder-made case below differs from the real reply only
   * where it says it does. */
  g_assert_cmpmem (ra->data, ra->len, valid, len);
}

typedef enum { OPTS_UNKNOWN_FIRST, OPTS_UNKNOWN_HUGE, OPTS_MTU_MIN, OPTS_MTU_MAX,
               OPTS_MTU_1279, OPTS_MTU_65536, OPTS_MTU_0, OPTS_MTU_MAXU32, OPTS_TWO_MTU,
               OPTS_MTU_LEN_2, OPTS_PIO_LEN_3, OPTS_PIO_LEN_5, OPTS_PIO_PLEN_128,
               OPTS_ODD_BYTE, OPTS_NONE, OPTS_OBSOLETE_OTHER_SERVER, OPTS_PREFIX_2001_1,
               OPTS_ONLY_MTU_THEN_ZERO } OptsCase;

static void
test_ra_options (void)
{
  static const guint8 obsolete[4] = { 0x3f, 0xfe, 0x83, 0x1f };
  static const guint8 p2001_1[4] = { 0x20, 0x01, 0x00, 0x01 };
  static const struct { OptsCase c; TdRaStatus status; guint32 mtu; } cases[] = {
    { OPTS_UNKNOWN_FIRST, TD_RA_OK, 1280 },
    { OPTS_UNKNOWN_HUGE, TD_RA_OK, 0 },
    { OPTS_MTU_MIN, TD_RA_OK, 1280 },
    { OPTS_MTU_MAX, TD_RA_OK, 65535 },
    { OPTS_MTU_1279, TD_RA_BAD_MTU, 0 },
    { OPTS_MTU_65536, TD_RA_BAD_MTU, 0 },
    { OPTS_MTU_0, TD_RA_BAD_MTU, 0 },
    { OPTS_MTU_MAXU32, TD_RA_BAD_MTU, 0 },
    { OPTS_TWO_MTU, TD_RA_BAD_MTU, 0 },
    { OPTS_MTU_LEN_2, TD_RA_BAD_OPTION_LENGTH, 0 },
    { OPTS_PIO_LEN_3, TD_RA_BAD_PREFIX_LENGTH, 0 },
    { OPTS_PIO_LEN_5, TD_RA_BAD_PREFIX_LENGTH, 0 },
    { OPTS_PIO_PLEN_128, TD_RA_BAD_PREFIX_LENGTH, 0 },
    { OPTS_ODD_BYTE, TD_RA_BAD_OPTION_LENGTH, 0 },
    { OPTS_NONE, TD_RA_NO_PREFIX, 0 },
    { OPTS_OBSOLETE_OTHER_SERVER, TD_RA_BAD_PREFIX_SERVER, 0 },
    { OPTS_PREFIX_2001_1, TD_RA_BAD_PREFIX, 0 },
    { OPTS_ONLY_MTU_THEN_ZERO, TD_RA_BAD_OPTION_LENGTH, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) opts = g_byte_array_new ();
      g_autoptr(GByteArray) ra = NULL;
      TdRaInfo info = { 0 };
      TdRaStatus status;
      static const guint8 zero = 0;

      switch (cases[i].c)
        {
        case OPTS_UNKNOWN_FIRST:
          append_unknown (opts, 0x99, 1);
          append_lab_pio (opts);
          append_unknown (opts, 1, 1);  /* source link-layer address: skipped */
          append_mtu (opts, 1280);
          break;
        case OPTS_UNKNOWN_HUGE:
          append_unknown (opts, 0xfe, 255);
          append_lab_pio (opts);
          append_unknown (opts, 0xfe, 255);
          break;
        case OPTS_MTU_MIN: append_lab_pio (opts); append_mtu (opts, 1280); break;
        case OPTS_MTU_MAX: append_lab_pio (opts); append_mtu (opts, 65535); break;
        case OPTS_MTU_1279: append_lab_pio (opts); append_mtu (opts, 1279); break;
        case OPTS_MTU_65536: append_lab_pio (opts); append_mtu (opts, 65536); break;
        case OPTS_MTU_0: append_lab_pio (opts); append_mtu (opts, 0); break;
        case OPTS_MTU_MAXU32: append_lab_pio (opts); append_mtu (opts, G_MAXUINT32); break;
        case OPTS_TWO_MTU:
          append_mtu (opts, 1280);
          append_lab_pio (opts);
          append_mtu (opts, 1400);
          break;
        case OPTS_MTU_LEN_2:
          append_lab_pio (opts);
          append_mtu (opts, 1280);
          opts->data[opts->len - 7] = 2;
          append_unknown (opts, 0, 1);  /* so that the length fits */
          break;
        case OPTS_PIO_LEN_3:
          append_pio (opts, teredo_prefix, LAB_PRIMARY, 3, 64);
          break;
        case OPTS_PIO_LEN_5:
          append_pio (opts, teredo_prefix, LAB_PRIMARY, 5, 64);
          break;
        case OPTS_PIO_PLEN_128:
          append_pio (opts, teredo_prefix, LAB_PRIMARY, 4, 128);
          break;
        case OPTS_ODD_BYTE:
          append_lab_pio (opts);
          g_byte_array_append (opts, &zero, 1);
          break;
        case OPTS_NONE:
          break;
        case OPTS_OBSOLETE_OTHER_SERVER:
          append_pio (opts, obsolete, LAB_PRIMARY + 1, 4, 64);
          break;
        case OPTS_PREFIX_2001_1:
          append_pio (opts, p2001_1, LAB_PRIMARY, 4, 64);
          break;
        case OPTS_ONLY_MTU_THEN_ZERO:
          append_mtu (opts, 1280);
          append_unknown (opts, 7, 1);
          opts->data[opts->len - 7] = 0;
          break;
        }
      ra = build_lab_ra (opts);
      status = ra_parse_lab (ra->data, ra->len, TRUE, &info);
      g_test_message ("options case %d → %s", cases[i].c, td_teredo_ra_status_to_string (status));
      assert_status (status, cases[i].status, "options case");
      if (status == TD_RA_OK)
        g_assert_cmpuint (info.mtu, ==, cases[i].mtu);
    }
}

static void
test_ra_sources_and_mapping (void)
{
  static const struct { const char *src; TdRaStatus status; } sources[] = {
    { "fe80::8000:f227:3fff:fdfe", TD_RA_OK },
    { "fe80::1", TD_RA_OK },              /* any link-local will do */
    { "febf:ffff::1", TD_RA_OK },         /* still fe80::/10 */
    { "fec0::1", TD_RA_BAD_SOURCE },
    { "ff02::1", TD_RA_BAD_SOURCE },
    { "::", TD_RA_BAD_SOURCE },
    { "2001:0:c000:201::1", TD_RA_BAD_SOURCE },
  };
  static const struct { const char *mapped; gboolean global; } mappings[] = {
    { "192.0.2.100", TRUE }, { "100.64.0.1", TRUE }, { "198.18.1.2", TRUE },
    { "10.0.0.2", FALSE }, { "192.168.1.1", FALSE }, { "127.0.0.1", FALSE },
    { "255.255.255.255", FALSE }, { "0.0.0.0", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(GByteArray) opts = g_byte_array_new ();
      g_autoptr(GByteArray) ra = NULL;
      guint8 src[16];

      append_lab_pio (opts);
      v6 (sources[i].src, src);
      ra = build_ra (src, opts, LAB_MAPPED, LAB_MAPPED_PORT);
      assert_status (ra_parse_lab (ra->data, ra->len, FALSE, NULL), sources[i].status,
                     sources[i].src);
    }

  /* Rule 8: a non-global mapping is still an RA, flagged for the caller. */
  for (gsize i = 0; i < G_N_ELEMENTS (mappings); i++)
    {
      g_autoptr(GByteArray) opts = g_byte_array_new ();
      g_autoptr(GByteArray) ra = NULL;
      TdRaInfo info = { 0 };
      guint8 src[16];

      append_lab_pio (opts);
      td_teredo_server_link_local (LAB_PRIMARY, src);
      ra = build_ra (src, opts, v4 (mappings[i].mapped), 1);
      assert_status (ra_parse_lab (ra->data, ra->len, FALSE, &info), TD_RA_OK,
                     mappings[i].mapped);
      g_assert_cmphex (info.mapped_addr, ==, v4 (mappings[i].mapped));
      g_assert_cmpuint (info.mapped_port, ==, 1);
      g_assert_cmpint (info.mapped_is_global, ==, mappings[i].global);
    }

  /* @info is left alone when the RA is refused. */
  {
    g_autofree guint8 *data = NULL;
    TdRaInfo info;
    gsize len;

    memset (&info, 0xa5, sizeof info);
    data = rav_payload ("prefix-server-mismatch", &len);
    g_assert_cmpint (ra_parse_lab (data, len, FALSE, &info), ==, TD_RA_BAD_PREFIX_SERVER);
    g_assert_cmphex (info.mtu, ==, 0xa5a5a5a5);
    g_assert_cmphex (info.mapped_addr, ==, 0xa5a5a5a5);
  }
}

/* ---- hostile input ---------------------------------------------------- */

static void
test_hostile_truncations (void)
{
  static const char * const bases[] = {
    "valid", "valid-auth-with-client-id", "valid-no-mtu-option", "valid-with-trailing-bytes",
  };

  for (gsize b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      g_autofree guint8 *data = NULL;
      gsize len, ip_end;

      data = rav_payload (bases[b], &len);
      /* The trailer is optional; everything before it is not. */
      ip_end = g_str_equal (bases[b], "valid-with-trailing-bytes") ? len - 6 : len;
      for (gsize n = 0; n < len; n++)
        {
          /* A copy of exactly n bytes: any overread hits valgrind/ASan. */
          g_autofree guint8 *copy = g_memdup2 (data, n);
          TdRaInfo info = { 0 };
          TdRaStatus status = ra_parse_lab (copy, n, FALSE, &info);

          if (n < ip_end)
            {
              if (status == TD_RA_OK)
                g_error ("%s cut to %" G_GSIZE_FORMAT " bytes was accepted", bases[b], n);
            }
          else
            {
              assert_status (status, TD_RA_OK, "shorter trailer");
              g_assert_cmpuint (info.trailer_length, ==, n - ip_end);
            }
        }
    }
}

static void
test_hostile_large (void)
{
  g_autofree guint8 *valid = NULL;
  g_autofree guint8 *big = g_malloc0 (MAX_UDP_PAYLOAD);
  TdRaInfo info = { 0 };
  gsize len;

  /* (a) A real RA followed by 65390 trailer bytes. */
  valid = rav_payload ("valid", &len);
  memcpy (big, valid, len);
  memset (big + len, 0xee, MAX_UDP_PAYLOAD - len);
  assert_status (ra_parse_lab (big, MAX_UDP_PAYLOAD, FALSE, &info), TD_RA_OK, "big trailer");
  g_assert_cmpuint (info.trailer_length, ==, MAX_UDP_PAYLOAD - len);

  /* (b) The IPv6 payload length at its maximum: beyond the datagram. */
  big[13 + 8 + 4] = 0xff;
  big[13 + 8 + 5] = 0xff;
  assert_status (ra_parse_lab (big, MAX_UDP_PAYLOAD, FALSE, NULL), TD_RA_BAD_PAYLOAD_LENGTH,
                 "plen 65535");

  /* (c) All zeros: an origin indication first, so no auth header. */
  memset (big, 0, MAX_UDP_PAYLOAD);
  assert_status (ra_parse_lab (big, MAX_UDP_PAYLOAD, FALSE, NULL), TD_RA_NO_AUTH, "zeros");

  /* (d) A valid RA that fills the datagram: 8173 units of skipped options. */
  {
    g_autoptr(GByteArray) opts = g_byte_array_new ();
    g_autoptr(GByteArray) ra = NULL;
    guint units = (MAX_UDP_PAYLOAD - 13 - 8 - 40 - 16 - 32 - 8) / 8;

    append_lab_pio (opts);
    for (; units > 0; units -= MIN (units, 255))
      append_unknown (opts, 200, MIN (units, 255));
    append_mtu (opts, 1500);
    ra = build_lab_ra (opts);
    g_assert_cmpuint (ra->len, <=, MAX_UDP_PAYLOAD);
    g_assert_cmpuint (ra->len, >, MAX_UDP_PAYLOAD - 8);
    assert_status (ra_parse_lab (ra->data, ra->len, FALSE, &info), TD_RA_OK, "full RA");
    g_assert_cmpuint (info.mtu, ==, 1500);
    g_assert_cmpuint (info.trailer_length, ==, 0);
  }
}

static void
check_invariants (const guint8 *data,
                  gsize         len)
{
  TdRaInfo info = { 0 };
  TdRaStatus strict = ra_parse_lab (data, len, FALSE, &info);
  TdRaStatus lax = ra_parse_lab (data, len, TRUE, NULL);

  g_assert_cmpint (strict, >=, 0);
  g_assert_cmpint (strict, <, TD_RA_N_STATUS);
  if (strict == TD_RA_OK)
    {
      g_assert_cmpint (lax, ==, TD_RA_OK);
      g_assert_false (info.obsolete_prefix);
      g_assert_cmphex (info.prefix_server, ==, LAB_PRIMARY);
      g_assert_true (info.mtu == 0 || (info.mtu >= 1280 && info.mtu <= 65535));
      g_assert_cmpuint (info.trailer_length, <, len);
      g_assert_cmpint (info.mapped_is_global, ==, td_ipv4_is_global (info.mapped_addr));
    }
}

static void
test_hostile_random (void)
{
  g_autofree guint8 *valid = NULL;
  gsize valid_len;

  /* Pure noise, and noise behind a plausible auth header with our nonce. */
  for (int i = 0; i < 20000; i++)
    {
      gsize len = (gsize) g_test_rand_int_range (0, 300);
      g_autofree guint8 *buf = g_malloc (MAX (len, 1));

      for (gsize k = 0; k < len; k++)
        buf[k] = (guint8) g_test_rand_int_range (0, 256);
      if (i % 2 == 1 && len >= 13)
        {
          memcpy (buf, "\x00\x01\x00\x00", 4);
          memcpy (buf + 4, lab_nonce, 8);
          buf[12] = 0;
        }
      check_invariants (buf, len);
    }

  /* Mutations of the real RA, with the checksum repaired half of the time
   * so that the option walk sees them. */
  valid = rav_payload ("valid", &valid_len);
  for (int i = 0; i < 50000; i++)
    {
      g_autofree guint8 *buf = g_memdup2 (valid, valid_len);
      int n = g_test_rand_int_range (1, 5);

      for (int k = 0; k < n; k++)
        {
          /* Mostly past the auth header, so that the deeper rules run. */
          gint32 from = i % 4 == 3 ? 0 : 13;

          buf[g_test_rand_int_range (from, (gint32) valid_len)] =
            (guint8) g_test_rand_int_range (0, 256);
        }
      if (i % 2 == 0)
        fix_checksum (buf, valid_len);
      check_invariants (buf, valid_len);
      /* And a random cut of the mutant. */
      check_invariants (buf, (gsize) g_test_rand_int_range (0, (gint32) valid_len));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codec/ipv4/parse", test_ipv4_parse);
  g_test_add_func ("/codec/ipv4/global", test_ipv4_global);
  g_test_add_func ("/codec/ipv6", test_ipv6);
  g_test_add_func ("/codec/vectors/addr", test_vectors_addr);
  g_test_add_func ("/codec/vectors/orig", test_vectors_orig);
  g_test_add_func ("/codec/vectors/srvll", test_vectors_srvll);
  g_test_add_func ("/codec/vectors/cksum", test_vectors_cksum);
  g_test_add_func ("/codec/vectors/rs", test_vectors_rs);
  g_test_add_func ("/codec/vectors/ra", test_vectors_ra);
  g_test_add_func ("/codec/vectors/rav", test_vectors_rav);
  g_test_add_func ("/codec/vectors/bubble", test_vectors_bubble);
  g_test_add_func ("/codec/captured", test_captured);
  g_test_add_func ("/codec/address/parse-errors", test_address_parse_errors);
  g_test_add_func ("/codec/address/validate", test_address_validate);
  g_test_add_func ("/codec/address/random-flags", test_random_flags);
  g_test_add_func ("/codec/nonce", test_nonce);
  g_test_add_func ("/codec/ra/status-strings", test_status_strings);
  g_test_add_func ("/codec/ra/builder-matches-capture", test_ra_builder_matches_capture);
  g_test_add_func ("/codec/ra/options", test_ra_options);
  g_test_add_func ("/codec/ra/sources-and-mapping", test_ra_sources_and_mapping);
  g_test_add_func ("/codec/hostile/truncations", test_hostile_truncations);
  g_test_add_func ("/codec/hostile/large", test_hostile_large);
  g_test_add_func ("/codec/hostile/random", test_hostile_random);

  return g_test_run ();
}
