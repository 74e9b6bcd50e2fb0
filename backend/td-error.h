/* td-error.h — the error domain shared by the whole backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TD_ERROR (td_error_quark ())

/* Stable codes: their string form (td_error_code_to_string) is part of the
 * CLI's JSON contract, so only ever append. Cancellation is reported with
 * G_IO_ERROR_CANCELLED, as everywhere in GIO. */
typedef enum {
  TD_ERROR_FAILED,            /* "failed" */
  TD_ERROR_INVALID_ARGUMENT,  /* "invalid-argument" */
  TD_ERROR_DNS_FAILED,        /* "dns-failed" */
  TD_ERROR_NOT_GLOBAL,        /* "not-global" */
  TD_ERROR_UNREACHABLE,       /* "unreachable": no answer before the deadline */
  TD_ERROR_PORT_UNREACHABLE,  /* "port-unreachable": ICMP said nobody listens */
  TD_ERROR_HOST_UNREACHABLE,  /* "host-unreachable": ICMP host/net unreachable */
  TD_ERROR_NETWORK,           /* "network": no route, IPv4 down, socket failure */
  TD_ERROR_PARSE,             /* "parse": malformed input */
  TD_ERROR_TIMEOUT,           /* "timeout": a command or step ran out of time */
  TD_ERROR_NOT_FOUND,         /* "not-found": a command, file or fact is missing */
  TD_ERROR_PERMISSION,        /* "permission": needs administrator rights */
  TD_ERROR_NOT_SUPPORTED,     /* "not-supported": not on this platform */
  TD_ERROR_TOO_LARGE,         /* "too-large": input over a size limit */
  TD_ERROR_DNS_UNAVAILABLE,   /* "dns-unavailable": no resolver answered (DNS or network
                               * down), as opposed to "this name does not exist" */
  TD_ERROR_LOCAL_FIREWALL,    /* "local-firewall": this computer refused to send (EPERM) */
} TdError;

GQuark      td_error_quark          (void);
const char *td_error_code_to_string (const GError *error);

G_END_DECLS
