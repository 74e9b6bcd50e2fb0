/* td-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "td-error.h"

G_DEFINE_QUARK (td-error-quark, td_error)

/**
 * td_error_code_to_string:
 * @error: (nullable): an error
 *
 * Returns: the stable, machine-readable code of @error, as used in the
 *   JSON output ("dns-failed", "cancelled", …), or %NULL for no error.
 */
const char *
td_error_code_to_string (const GError *error)
{
  static const char * const codes[] = {
    [TD_ERROR_FAILED] = "failed",
    [TD_ERROR_INVALID_ARGUMENT] = "invalid-argument",
    [TD_ERROR_DNS_FAILED] = "dns-failed",
    [TD_ERROR_NOT_GLOBAL] = "not-global",
    [TD_ERROR_UNREACHABLE] = "unreachable",
    [TD_ERROR_PORT_UNREACHABLE] = "port-unreachable",
    [TD_ERROR_HOST_UNREACHABLE] = "host-unreachable",
    [TD_ERROR_NETWORK] = "network",
    [TD_ERROR_PARSE] = "parse",
    [TD_ERROR_TIMEOUT] = "timeout",
    [TD_ERROR_NOT_FOUND] = "not-found",
    [TD_ERROR_PERMISSION] = "permission",
    [TD_ERROR_NOT_SUPPORTED] = "not-supported",
    [TD_ERROR_TOO_LARGE] = "too-large",
    [TD_ERROR_DNS_UNAVAILABLE] = "dns-unavailable",
    [TD_ERROR_LOCAL_FIREWALL] = "local-firewall",
  };

  if (error == NULL)
    return NULL;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain == G_RESOLVER_ERROR)
    return "dns-failed";
  if (error->domain == TD_ERROR && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (codes))
    return codes[error->code];
  return "failed";
}
