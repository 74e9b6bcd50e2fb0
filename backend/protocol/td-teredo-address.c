/* td-teredo-address.c — Teredo address encode/decode (RFC 4380 §4, RFC 5991)
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

static const guint8 teredo_prefix[4] = { 0x20, 0x01, 0x00, 0x00 };

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put32 (guint8 *p, guint32 v)
{
  put16 (p, v >> 16);
  put16 (p + 2, v & 0xffff);
}

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

void
td_teredo_address_to_bytes (const TdTeredoAddress *self,
                            guint8                 out[16])
{
  g_return_if_fail (self != NULL && out != NULL);

  memcpy (out, teredo_prefix, 4);
  put32 (out + 4, self->server);
  put16 (out + 8, self->flags);
  put16 (out + 10, self->mapped_port ^ 0xffff);
  put32 (out + 12, ~self->mapped_addr);
}

gboolean
td_teredo_address_from_bytes (TdTeredoAddress *self,
                              const guint8     in[16])
{
  g_return_val_if_fail (self != NULL && in != NULL, FALSE);

  if (memcmp (in, teredo_prefix, 4) != 0)
    return FALSE;
  self->server = get32 (in + 4);
  self->flags = get16 (in + 8);
  self->mapped_port = get16 (in + 10) ^ 0xffff;
  self->mapped_addr = ~get32 (in + 12);
  return TRUE;
}

char *
td_teredo_address_to_string (const TdTeredoAddress *self)
{
  guint8 bytes[16];

  g_return_val_if_fail (self != NULL, NULL);

  td_teredo_address_to_bytes (self, bytes);
  return td_ipv6_to_string (bytes);
}

gboolean
td_teredo_address_parse (const char       *text,
                         TdTeredoAddress  *out,
                         GError          **error)
{
  guint8 bytes[16];
  TdTeredoAddress addr;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!td_ipv6_parse (text, bytes))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("“%s” is not an IPv6 address"), text);
      return FALSE;
    }
  if (!td_teredo_address_from_bytes (&addr, bytes))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("“%s” is not a Teredo address: it is outside 2001:0::/32"), text);
      return FALSE;
    }
  if (out != NULL)
    *out = addr;
  return TRUE;
}

gboolean
td_teredo_address_validate (const TdTeredoAddress  *self,
                            GError                **error)
{
  const char *reason;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((reason = td_ipv4_non_global_reason (self->server)) != NULL)
    {
      g_autofree char *text = td_ipv4_to_string (self->server);
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("The embedded Teredo server address %s is not global: %s"),
                   text, _(reason));
      return FALSE;
    }
  if ((reason = td_ipv4_non_global_reason (self->mapped_addr)) != NULL)
    {
      g_autofree char *text = td_ipv4_to_string (self->mapped_addr);
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("The embedded mapped address %s is not global: %s"),
                   text, _(reason));
      return FALSE;
    }
  /* U and G sit on the Modified EUI-64 universal/group bits (RFC 4380 §4),
   * so an interface identifier with either set is not a valid one. */
  if (self->flags & (TD_TEREDO_FLAG_U | TD_TEREDO_FLAG_G))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("The flags 0x%04x set the U or G bit, which must be 0"),
                   self->flags);
      return FALSE;
    }
  return TRUE;
}

/* The random bits exist to make the address hard to guess (RFC 5991), so
 * they come from the system's CSPRNG; GLib's generator is only a fallback for
 * the practically impossible failure of that. */
guint16
td_teredo_random_flags (void)
{
  guint16 bits;

  if (!td_random_bytes ((guint8 *) &bits, sizeof bits, NULL))
    bits = (guint16) g_random_int ();
  return bits & TD_TEREDO_FLAG_RANDOM_MASK;
}

void
td_teredo_origin_encode (guint32 addr,
                         guint16 port,
                         guint8  out[8])
{
  g_return_if_fail (out != NULL);

  put16 (out, 0);
  put16 (out + 2, port ^ 0xffff);
  put32 (out + 4, ~addr);
}

gboolean
td_teredo_origin_decode (const guint8 *in,
                         gsize         len,
                         guint32      *out_addr,
                         guint16      *out_port)
{
  if (in == NULL || len < 8 || in[0] != 0 || in[1] != 0)
    return FALSE;
  if (out_port != NULL)
    *out_port = get16 (in + 2) ^ 0xffff;
  if (out_addr != NULL)
    *out_addr = ~get32 (in + 4);
  return TRUE;
}

void
td_teredo_server_link_local (guint32 server,
                             guint8  out[16])
{
  g_return_if_fail (out != NULL);

  memset (out, 0, 16);
  out[0] = 0xfe;
  out[1] = 0x80;
  put16 (out + 8, TD_TEREDO_FLAG_CONE);
  put16 (out + 10, TD_TEREDO_PORT ^ 0xffff);
  put32 (out + 12, ~server);
}
