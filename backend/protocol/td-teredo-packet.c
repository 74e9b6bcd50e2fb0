/* td-teredo-packet.c — RS builder and RA validator (RFC 4380 §5.1, §5.2)
 *
 * Everything here reads only bytes it has proved to be inside the buffer:
 * each step checks "remaining ≥ what I am about to read" first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-random.h"
#include "td-teredo-address.h"
#include "td-teredo-packet.h"

#define AUTH_FIXED_LENGTH    4    /* 00 01 | ID-len | AU-len */
#define ORIGIN_LENGTH        8
#define IPV6_HEADER_LENGTH   40
#define ICMPV6_RS            133
#define ICMPV6_RA            134
#define RA_HEADER_LENGTH     16
#define ND_OPT_PREFIX_INFO   3
#define ND_OPT_MTU           5
#define IPPROTO_ICMPV6_      58
#define TEREDO_MIN_MTU       1280

const guint8 td_teredo_rs_source_restricted[16] = {
  0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};
const guint8 td_teredo_rs_source_cone[16] = {
  0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x80, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};
const guint8 td_teredo_all_routers[16] = {
  0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02
};

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) get16 (p) << 16 | get16 (p + 2);
}

gboolean
td_teredo_nonce_generate (guint8   nonce[TD_TEREDO_NONCE_LENGTH],
                          GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (nonce != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!td_random_bytes (nonce, TD_TEREDO_NONCE_LENGTH, &local_error))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_FAILED,
                   _("Could not draw a random nonce: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* 64-bit accumulator: no carry is lost whatever the message length. */
static guint64
sum16 (guint64 sum, const guint8 *p, gsize len)
{
  for (; len >= 2; p += 2, len -= 2)
    sum += get16 (p);
  if (len == 1)
    sum += (guint64) p[0] << 8;
  return sum;
}

guint16
td_icmpv6_checksum (const guint8  src[16],
                    const guint8  dst[16],
                    const guint8 *icmp,
                    gsize         icmp_len)
{
  guint8 tail[8] = { 0 };
  guint64 sum;

  g_return_val_if_fail (src != NULL && dst != NULL, 0);
  g_return_val_if_fail (icmp != NULL || icmp_len == 0, 0);

  /* Upper-layer length (32 bits), 3 zero bytes, next header 58. */
  tail[0] = (guint8) (icmp_len >> 24);
  tail[1] = (guint8) (icmp_len >> 16);
  tail[2] = (guint8) (icmp_len >> 8);
  tail[3] = (guint8) icmp_len;
  tail[7] = IPPROTO_ICMPV6_;

  sum = sum16 (0, src, 16);
  sum = sum16 (sum, dst, 16);
  sum = sum16 (sum, tail, sizeof tail);
  sum = sum16 (sum, icmp, icmp_len);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

void
td_teredo_rs_build (guint8       out[TD_TEREDO_RS_LENGTH],
                    const guint8 nonce[TD_TEREDO_NONCE_LENGTH],
                    const guint8 source[16])
{
  static const guint8 ipv6_head[8] = { 0x60, 0, 0, 0, 0, 8, IPPROTO_ICMPV6_, 255 };
  guint8 *auth = out, *ip = out + 13, *icmp = out + 13 + IPV6_HEADER_LENGTH;
  guint16 cksum;

  g_return_if_fail (out != NULL && nonce != NULL && source != NULL);

  /* Authentication header without identifier or authenticator: 13 bytes,
   * confirmation byte 0.  Always sent: without it miredo-server echoes a
   * stale nonce (protocol note §4.4). */
  auth[0] = 0x00;
  auth[1] = 0x01;
  auth[2] = 0;
  auth[3] = 0;
  memcpy (auth + 4, nonce, TD_TEREDO_NONCE_LENGTH);
  auth[12] = 0;

  memcpy (ip, ipv6_head, sizeof ipv6_head);
  memcpy (ip + 8, source, 16);
  memcpy (ip + 24, td_teredo_all_routers, 16);

  memset (icmp, 0, 8);
  icmp[0] = ICMPV6_RS;
  cksum = td_icmpv6_checksum (source, td_teredo_all_routers, icmp, 8);
  icmp[2] = cksum >> 8;
  icmp[3] = cksum & 0xff;
}

/* Rule 7 for one Prefix Information option of @opt_len bytes at @opt. */
static TdRaStatus
check_prefix_option (const guint8     *opt,
                     gsize             opt_len,
                     const TdRaExpect *expect,
                     TdRaInfo         *info)
{
  static const guint8 obsolete[4] = { 0x3f, 0xfe, 0x83, 0x1f };
  const guint8 *prefix = opt + 16;

  if (opt_len != 32 || opt[2] != 64)
    return TD_RA_BAD_PREFIX_LENGTH;

  if (prefix[0] == 0x20 && prefix[1] == 0x01 && prefix[2] == 0 && prefix[3] == 0)
    info->obsolete_prefix = FALSE;
  else if (expect->allow_obsolete_prefix && memcmp (prefix, obsolete, 4) == 0)
    info->obsolete_prefix = TRUE;   /* pre-2006 Microsoft servers; miredo rewrites it */
  else
    return TD_RA_BAD_PREFIX;

  info->prefix_server = get32 (prefix + 4);
  if (info->prefix_server != expect->primary)
    return TD_RA_BAD_PREFIX_SERVER;
  return TD_RA_OK;
}

/* Rule 7 over the options of the RA (ICMPv6 bytes 16 … end). */
static TdRaStatus
check_options (const guint8     *opts,
               gsize             len,
               const TdRaExpect *expect,
               TdRaInfo         *info)
{
  guint n_prefixes = 0;
  gboolean have_mtu = FALSE;

  while (len > 0)
    {
      gsize opt_len;
      TdRaStatus status;

      /* A length of 0 would loop forever (RFC 4861 §4.6: invalid). */
      if (len < 2 || opts[1] == 0 || (gsize) opts[1] * 8 > len)
        return TD_RA_BAD_OPTION_LENGTH;
      opt_len = (gsize) opts[1] * 8;

      switch (opts[0])
        {
        case ND_OPT_PREFIX_INFO:
          if (++n_prefixes > 1)
            return TD_RA_MULTIPLE_PREFIXES;
          status = check_prefix_option (opts, opt_len, expect, info);
          if (status != TD_RA_OK)
            return status;
          break;

        case ND_OPT_MTU:
          if (opt_len != 8)
            return TD_RA_BAD_OPTION_LENGTH;
          /* Two MTU options would make the value ambiguous; refuse them. */
          if (have_mtu)
            return TD_RA_BAD_MTU;
          info->mtu = get32 (opts + 4);
          if (info->mtu < TEREDO_MIN_MTU || info->mtu > G_MAXUINT16)
            return TD_RA_BAD_MTU;
          have_mtu = TRUE;
          break;

        default:
          /* Never act on anything but the mapping (protocol note §4.1). */
          break;
        }
      opts += opt_len;
      len -= opt_len;
    }

  return n_prefixes == 0 ? TD_RA_NO_PREFIX : TD_RA_OK;
}

TdRaStatus
td_teredo_ra_parse (const guint8     *data,
                    gsize             len,
                    const TdRaExpect *expect,
                    TdRaInfo         *info)
{
  TdRaInfo found = { 0 };
  const guint8 *p = data, *nonce, *ip, *icmp;
  gsize rest = len, auth_len, plen;
  TdRaStatus status;

  g_return_val_if_fail (data != NULL || len == 0, TD_RA_EMPTY);
  g_return_val_if_fail (expect != NULL, TD_RA_EMPTY);
  g_return_val_if_fail (expect->nonce != NULL && expect->rs_source != NULL, TD_RA_EMPTY);

  /* Rule 2: the authentication header comes first (RFC 4380 §5.1.1); a
   * datagram that opens with an origin indication or a bare IPv6 packet
   * has none, whatever follows. */
  if (rest == 0)
    return TD_RA_EMPTY;
  if ((p[0] >> 4) == 6)
    return TD_RA_NO_AUTH;
  if (p[0] != 0)
    return TD_RA_NOT_TEREDO;
  if (rest < 2)
    return TD_RA_TRUNCATED_AUTH;
  if (p[1] == 0)
    return TD_RA_NO_AUTH;
  if (p[1] != 1)
    return TD_RA_NOT_TEREDO;
  if (rest < AUTH_FIXED_LENGTH)
    return TD_RA_TRUNCATED_AUTH;
  auth_len = AUTH_FIXED_LENGTH + p[2] + p[3] + TD_TEREDO_NONCE_LENGTH + 1;
  if (rest < auth_len)
    return TD_RA_TRUNCATED_AUTH;

  /* Rule 3 before the confirmation byte of rule 2: a re-key request means
   * something only from whoever holds our nonce. */
  nonce = p + auth_len - 1 - TD_TEREDO_NONCE_LENGTH;
  if (memcmp (nonce, expect->nonce, TD_TEREDO_NONCE_LENGTH) != 0)
    return TD_RA_BAD_NONCE;
  if (p[auth_len - 1] != 0)
    return TD_RA_CONFIRMATION;
  p += auth_len;
  rest -= auth_len;

  /* Rule 4: origin indication right after the authentication header. */
  if (rest < 2)
    return TD_RA_TRUNCATED_ORIGIN;
  if (p[0] != 0 || p[1] != 0)
    return TD_RA_NO_ORIGIN;
  if (!td_teredo_origin_decode (p, rest, &found.mapped_addr, &found.mapped_port))
    return TD_RA_TRUNCATED_ORIGIN;
  p += ORIGIN_LENGTH;
  rest -= ORIGIN_LENGTH;

  /* Rule 5: the IPv6 header.  Bytes after 40 + payload length are RFC 6081
   * trailers and are tolerated. */
  ip = p;
  if (rest < IPV6_HEADER_LENGTH)
    return TD_RA_TRUNCATED_IPV6;
  if ((ip[0] >> 4) != 6)
    return TD_RA_BAD_VERSION;
  plen = get16 (ip + 4);
  if (IPV6_HEADER_LENGTH + plen > rest)
    return TD_RA_BAD_PAYLOAD_LENGTH;
  if (ip[6] != IPPROTO_ICMPV6_)
    return TD_RA_BAD_NEXT_HEADER;
  if (ip[7] != 255)
    return TD_RA_BAD_HOP_LIMIT;
  if (ip[8] != 0xfe || (ip[9] & 0xc0) != 0x80)
    return TD_RA_BAD_SOURCE;
  if (memcmp (ip + 24, expect->rs_source, 16) != 0)
    return TD_RA_BAD_DESTINATION;
  memcpy (found.ra_source, ip + 8, 16);
  found.trailer_length = rest - IPV6_HEADER_LENGTH - plen;

  /* Rule 6: the ICMPv6 Router Advertisement (RFC 4861 §6.1.2). */
  icmp = ip + IPV6_HEADER_LENGTH;
  if (plen < RA_HEADER_LENGTH)
    return TD_RA_TRUNCATED_ICMPV6;
  if (icmp[0] != ICMPV6_RA)
    return TD_RA_BAD_ICMPV6_TYPE;
  if (icmp[1] != 0)
    return TD_RA_BAD_ICMPV6_CODE;
  if (td_icmpv6_checksum (ip + 8, ip + 24, icmp, plen) != 0)
    return TD_RA_BAD_CHECKSUM;

  /* Rule 7: options. */
  status = check_options (icmp + RA_HEADER_LENGTH, plen - RA_HEADER_LENGTH, expect, &found);
  if (status != TD_RA_OK)
    return status;

  /* Rule 8: a non-global mapping is reported, not refused: it is a fact
   * about the path (e.g. a server inside the same private network). */
  found.mapped_is_global = td_ipv4_is_global (found.mapped_addr);

  if (info != NULL)
    *info = found;
  return TD_RA_OK;
}

const char *
td_teredo_ra_status_to_string (TdRaStatus status)
{
  static const char * const ids[] = {
    [TD_RA_OK] = "ok",
    [TD_RA_EMPTY] = "empty",
    [TD_RA_NOT_TEREDO] = "not-teredo",
    [TD_RA_NO_AUTH] = "no-auth",
    [TD_RA_TRUNCATED_AUTH] = "truncated-auth",
    [TD_RA_BAD_NONCE] = "bad-nonce",
    [TD_RA_CONFIRMATION] = "confirmation",
    [TD_RA_NO_ORIGIN] = "no-origin",
    [TD_RA_TRUNCATED_ORIGIN] = "truncated-origin",
    [TD_RA_TRUNCATED_IPV6] = "truncated-ipv6",
    [TD_RA_BAD_VERSION] = "bad-version",
    [TD_RA_BAD_PAYLOAD_LENGTH] = "bad-payload-length",
    [TD_RA_BAD_NEXT_HEADER] = "bad-next-header",
    [TD_RA_BAD_HOP_LIMIT] = "bad-hop-limit",
    [TD_RA_BAD_SOURCE] = "bad-source",
    [TD_RA_BAD_DESTINATION] = "bad-destination",
    [TD_RA_TRUNCATED_ICMPV6] = "truncated-icmpv6",
    [TD_RA_BAD_ICMPV6_TYPE] = "bad-icmpv6-type",
    [TD_RA_BAD_ICMPV6_CODE] = "bad-icmpv6-code",
    [TD_RA_BAD_CHECKSUM] = "bad-checksum",
    [TD_RA_BAD_OPTION_LENGTH] = "bad-option-length",
    [TD_RA_NO_PREFIX] = "no-prefix",
    [TD_RA_MULTIPLE_PREFIXES] = "multiple-prefixes",
    [TD_RA_BAD_PREFIX_LENGTH] = "bad-prefix-length",
    [TD_RA_BAD_PREFIX] = "bad-prefix",
    [TD_RA_BAD_PREFIX_SERVER] = "bad-prefix-server",
    [TD_RA_BAD_MTU] = "bad-mtu",
  };

  /* Fails the build when a status is appended without its id. */
  G_STATIC_ASSERT (G_N_ELEMENTS (ids) == TD_RA_N_STATUS);

  if ((guint) status >= G_N_ELEMENTS (ids))
    return "unknown";
  return ids[status];
}
