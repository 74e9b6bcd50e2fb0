/* fuzz-ra-parse.c — libFuzzer target for the Teredo RA validator and decoders
 *
 * The context is the one of the RAV vectors (nonce 0123456789abcdef, RS
 * source fe80::ffff:ffff:ffff, primary 192.0.2.1), so the seed corpus — every
 * RAV/RA payload — reaches the deepest rules.  Besides memory errors it
 * checks invariants of an accepted RA and aborts when one breaks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "td-address.h"
#include "td-teredo-address.h"
#include "td-teredo-packet.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define PRIMARY 0xc0000201u  /* 192.0.2.1 */

static const guint8 nonce[TD_TEREDO_NONCE_LENGTH] = {
  0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef
};

static void
check (gboolean condition)
{
  if (!condition)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  TdRaExpect strict = { nonce, td_teredo_rs_source_restricted, PRIMARY, FALSE };
  TdRaExpect lax = strict;
  TdRaInfo info = { 0 }, lax_info = { 0 };
  TdRaStatus status, lax_status;
  guint32 addr;
  guint16 port;

  lax.allow_obsolete_prefix = TRUE;
  status = td_teredo_ra_parse (data, size, &strict, &info);
  lax_status = td_teredo_ra_parse (data, size, &lax, &lax_info);

  check (status < TD_RA_N_STATUS && lax_status < TD_RA_N_STATUS);
  check (td_teredo_ra_status_to_string (status) != NULL);
  /* Allowing the obsolete prefix can only turn "bad-prefix" into something
   * else; it never changes any other verdict. */
  check (status == TD_RA_BAD_PREFIX || lax_status == status);
  if (status == TD_RA_OK)
    {
      check (info.mapped_addr == lax_info.mapped_addr && info.mapped_port == lax_info.mapped_port);
      check (info.mtu == lax_info.mtu && info.trailer_length == lax_info.trailer_length);
      check (!info.obsolete_prefix && info.prefix_server == PRIMARY);
      check (info.mtu == 0 || (info.mtu >= 1280 && info.mtu <= 65535));
      check (info.trailer_length < size);
      check (info.mapped_is_global == td_ipv4_is_global (info.mapped_addr));
      check (info.ra_source[0] == 0xfe && (info.ra_source[1] & 0xc0) == 0x80);
    }
  if (lax_status == TD_RA_OK)
    check (lax_info.prefix_server == PRIMARY);

  /* The decoders on the raw bytes: round trips must be exact. */
  if (td_teredo_origin_decode (data, size, &addr, &port))
    {
      guint8 again[8];

      td_teredo_origin_encode (addr, port, again);
      check (memcmp (again, data, 8) == 0);
    }
  if (size >= 16)
    {
      TdTeredoAddress a, b;

      if (td_teredo_address_from_bytes (&a, data))
        {
          g_autofree char *text = td_teredo_address_to_string (&a);
          guint8 again[16];

          td_teredo_address_to_bytes (&a, again);
          check (memcmp (again, data, 16) == 0);
          check (td_teredo_address_parse (text, &b, NULL));
          check (memcmp (&a, &b, sizeof a) == 0);
          td_teredo_address_validate (&a, NULL);
        }
      else
        check (memcmp (data, "\x20\x01\x00\x00", 4) != 0);
    }
  return 0;
}
