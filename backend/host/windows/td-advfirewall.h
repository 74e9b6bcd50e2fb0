/* td-advfirewall.h — parser for `netsh advfirewall show allprofiles state`
 *
 * Also reads `show currentprofile` / `show allprofiles` (more lines per
 * profile).  Windows' Teredo client refuses to qualify when the Windows
 * firewall is off, so the per-profile State is what the troubleshooter
 * needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "td-teredo-client.h"   /* TdTristate */

G_BEGIN_DECLS

typedef enum {
  TD_FIREWALL_PROFILE_UNKNOWN,   /* "unknown": heading in an unknown language */
  TD_FIREWALL_PROFILE_DOMAIN,    /* "domain" */
  TD_FIREWALL_PROFILE_PRIVATE,   /* "private" */
  TD_FIREWALL_PROFILE_PUBLIC,    /* "public" */
} TdFirewallProfileKind;

typedef struct {
  TdFirewallProfileKind  kind;
  char                  *heading;     /* "Domain Profile Settings" as printed */
  TdTristate             enabled;     /* State ON / OFF; unset if unreadable */
  char                  *state_raw;   /* "ON", "OFF", "启用" … */
  char                  *policy;      /* "BlockInbound,AllowOutbound" or NULL */
} TdFirewallProfile;

typedef struct {
  /* netsh could not reach the firewall service (MpsSvc stopped): no
   * profile is listed then. */
  gboolean   service_unavailable;
  GPtrArray *profiles;   /* of TdFirewallProfile*, in output order */
} TdAdvfirewall;

/* TD_ERROR_PARSE when neither a profile nor the service error is found;
 * TD_ERROR_TOO_LARGE above TD_CONSOLE_TEXT_MAX_BYTES.  A profile printed
 * twice (two outputs) keeps its last state. */
TdAdvfirewall *td_advfirewall_parse    (const char           *text,
                                        GError              **error);
void           td_advfirewall_free     (TdAdvfirewall        *self);

/* The profile of @kind, or NULL. */
const TdFirewallProfile *td_advfirewall_get_profile (const TdAdvfirewall  *self,
                                                     TdFirewallProfileKind kind);
/* TRUE if any listed profile is known to be OFF. */
gboolean       td_advfirewall_any_off  (const TdAdvfirewall  *self);

const char    *td_firewall_profile_kind_to_string (TdFirewallProfileKind kind);

/* {"service_unavailable", "profiles": [{profile, heading, enabled,
 *   state_raw, policy}]} */
void           td_advfirewall_to_json  (const TdAdvfirewall  *self,
                                        JsonBuilder          *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdAdvfirewall, td_advfirewall_free)

G_END_DECLS
