/* td-teredo-address.h — Teredo address encode/decode (RFC 4380 §4, RFC 5991)
 *
 * 2001:0000 | server IPv4 | flags | ~mapped port | ~mapped IPv4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TD_TEREDO_PORT               3544
#define TD_TEREDO_FLAG_CONE          0x8000
#define TD_TEREDO_FLAG_RESERVED      0x4000
#define TD_TEREDO_FLAG_U             0x0200
#define TD_TEREDO_FLAG_G             0x0100
#define TD_TEREDO_FLAG_RANDOM_MASK   0x3CFF  /* RFC 5991: 12 random bits */

typedef struct {
  guint32 server;       /* primary server IPv4, host byte order */
  guint16 flags;
  guint16 mapped_port;  /* de-obfuscated */
  guint32 mapped_addr;  /* de-obfuscated, host byte order */
} TdTeredoAddress;

void      td_teredo_address_to_bytes   (const TdTeredoAddress *self,
                                        guint8                 out[16]);
/* FALSE when @in is not inside 2001:0::/32. */
gboolean  td_teredo_address_from_bytes (TdTeredoAddress       *self,
                                        const guint8           in[16]);
char     *td_teredo_address_to_string  (const TdTeredoAddress *self);
/* Parses IPv6 text and decodes it; a clear TD_ERROR_PARSE otherwise. */
gboolean  td_teredo_address_parse      (const char            *text,
                                        TdTeredoAddress       *out,
                                        GError               **error);
/* Structural checks of someone else's address: mapped IPv4 and server
 * global, U/G bits clear.  Returns FALSE with TD_ERROR_PARSE and a message
 * that names the first problem. */
gboolean  td_teredo_address_validate   (const TdTeredoAddress *self,
                                        GError               **error);
/* 16 random bits & TD_TEREDO_FLAG_RANDOM_MASK (C = R = U = G = 0). */
guint16   td_teredo_random_flags       (void);

/* The 8-byte origin indication: 00 00 | ~port | ~IPv4 (RFC 4380 §5.1.1). */
void      td_teredo_origin_encode      (guint32                addr,
                                        guint16                port,
                                        guint8                 out[8]);
gboolean  td_teredo_origin_decode      (const guint8          *in,
                                        gsize                  len,
                                        guint32               *out_addr,
                                        guint16               *out_port);

/* The server's link-local RA source: fe80::8000:f227:<~server IPv4>. */
void      td_teredo_server_link_local  (guint32                server,
                                        guint8                 out[16]);

G_END_DECLS
