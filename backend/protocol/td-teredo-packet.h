/* td-teredo-packet.h — Router Solicitation builder and Router Advertisement
 * validator for Teredo qualification (RFC 4380 §5.1, §5.2; RFC 6081 trailers)
 *
 * Pure functions over byte buffers; every length is checked before it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TD_TEREDO_NONCE_LENGTH 8
#define TD_TEREDO_RS_LENGTH    61   /* 13 auth + 40 IPv6 + 8 ICMPv6 */

/* RS source addresses: non-cone fe80::ffff:ffff:ffff (miredo, pteredor) and
 * cone fe80::8000:ffff:ffff:ffff (pteredor's cone RS). */
extern const guint8 td_teredo_rs_source_restricted[16];
extern const guint8 td_teredo_rs_source_cone[16];
extern const guint8 td_teredo_all_routers[16];   /* ff02::2 */

/* Fills @nonce from the operating system's CSPRNG (td-random.h). */
gboolean td_teredo_nonce_generate (guint8        nonce[TD_TEREDO_NONCE_LENGTH],
                                   GError      **error);

/* ICMPv6 checksum over the IPv6 pseudo-header and @icmp (whose checksum
 * field must be zero, or the result verifies to 0 when it is filled in). */
guint16  td_icmpv6_checksum       (const guint8  src[16],
                                   const guint8  dst[16],
                                   const guint8 *icmp,
                                   gsize         icmp_len);

/* Writes the 61-byte UDP payload of an RS: auth header with @nonce,
 * IPv6 header from @source to ff02::2, RS with a correct checksum. */
void     td_teredo_rs_build       (guint8        out[TD_TEREDO_RS_LENGTH],
                                   const guint8  nonce[TD_TEREDO_NONCE_LENGTH],
                                   const guint8  source[16]);

/* Why an RA was refused.  td_teredo_ra_status_to_string() gives a stable
 * kebab-case id for logs and evidence; only ever append. */
typedef enum {
  TD_RA_OK = 0,
  TD_RA_EMPTY,
  TD_RA_NOT_TEREDO,            /* first bytes are not 00 01 / 00 00 / 6x */
  TD_RA_NO_AUTH,               /* authentication header missing */
  TD_RA_TRUNCATED_AUTH,        /* auth header or ID/AU lengths overrun */
  TD_RA_BAD_NONCE,
  TD_RA_CONFIRMATION,          /* server asks for a new key: not qualified */
  TD_RA_NO_ORIGIN,
  TD_RA_TRUNCATED_ORIGIN,
  TD_RA_TRUNCATED_IPV6,
  TD_RA_BAD_VERSION,
  TD_RA_BAD_PAYLOAD_LENGTH,    /* 40 + payload length > remaining bytes */
  TD_RA_BAD_NEXT_HEADER,
  TD_RA_BAD_HOP_LIMIT,
  TD_RA_BAD_SOURCE,            /* RA source not link-local */
  TD_RA_BAD_DESTINATION,       /* not our RS source */
  TD_RA_TRUNCATED_ICMPV6,      /* ICMPv6 message shorter than 16 bytes */
  TD_RA_BAD_ICMPV6_TYPE,
  TD_RA_BAD_ICMPV6_CODE,
  TD_RA_BAD_CHECKSUM,
  TD_RA_BAD_OPTION_LENGTH,     /* zero length or overruns the message */
  TD_RA_NO_PREFIX,
  TD_RA_MULTIPLE_PREFIXES,
  TD_RA_BAD_PREFIX_LENGTH,     /* PIO length != 4 or prefix length != 64 */
  TD_RA_BAD_PREFIX,            /* not 2001:0000 (nor the allowed 3ffe:831f) */
  TD_RA_BAD_PREFIX_SERVER,     /* prefix does not embed the primary server */
  TD_RA_BAD_MTU,               /* MTU option outside 1280..65535 */
  TD_RA_N_STATUS
} TdRaStatus;

typedef struct {
  const guint8 *nonce;                 /* the outstanding RS's nonce */
  const guint8 *rs_source;             /* the outstanding RS's IPv6 source */
  guint32       primary;               /* primary server IPv4, host order */
  gboolean      allow_obsolete_prefix; /* accept 3ffe:831f and rewrite it */
} TdRaExpect;

typedef struct {
  guint32  mapped_addr;        /* from the origin indication, host order */
  guint16  mapped_port;
  guint32  mtu;                /* 0 when the RA has no MTU option */
  guint32  prefix_server;      /* IPv4 embedded in the prefix, host order */
  gboolean obsolete_prefix;    /* the RA said 3ffe:831f (rewritten) */
  gboolean mapped_is_global;   /* rule 8: FALSE = report, don't build */
  guint8   ra_source[16];
  gsize    trailer_length;     /* RFC 6081 bytes after the IPv6 packet */
} TdRaInfo;

/* Applies every rule of the validation checklist (protocol note §3.4,
 * rules 2–8; rule 1, the datagram's source, is the caller's job).  @info is
 * filled only when TD_RA_OK is returned. */
TdRaStatus  td_teredo_ra_parse            (const guint8     *data,
                                           gsize             len,
                                           const TdRaExpect *expect,
                                           TdRaInfo         *info);
const char *td_teredo_ra_status_to_string (TdRaStatus        status);

G_END_DECLS
