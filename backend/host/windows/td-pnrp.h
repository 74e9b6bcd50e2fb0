/* td-pnrp.h — parser for `netsh p2p pnrp cloud show list`
 *
 * PNRP (the "global cloud" of Windows P2P) is gone from current Windows:
 * the cloud service since Windows 10 1809, the APIs in Windows 11 24H2.  On
 * such systems netsh has no `p2p` context and says so; that is reported as
 * `removed`, not as an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_PNRP_CLOUD_STATE_UNKNOWN,        /* "unknown": a word we do not know */
  TD_PNRP_CLOUD_STATE_VIRTUAL,        /* "virtual" */
  TD_PNRP_CLOUD_STATE_SYNCHRONISING,  /* "synchronising" */
  TD_PNRP_CLOUD_STATE_ACTIVE,         /* "active" */
  TD_PNRP_CLOUD_STATE_DEAD,           /* "dead" */
  TD_PNRP_CLOUD_STATE_DISABLED,       /* "disabled" */
  TD_PNRP_CLOUD_STATE_NO_NET,         /* "no-net" */
  TD_PNRP_CLOUD_STATE_ALONE,          /* "alone" */
} TdPnrpCloudState;

typedef struct {
  guint             scope;       /* 1 global, 2 site-local, 3 link-local */
  guint             id;
  guint             addresses;   /* the "Addr" column */
  TdPnrpCloudState  state;
  char             *state_raw;   /* as printed, e.g. "Active" */
  char             *name;        /* "Global_", "LinkLocal_2001:db8::/64", … */
} TdPnrpCloud;

typedef struct {
  gboolean   removed;     /* netsh: "The following command was not found" */
  GPtrArray *clouds;      /* of TdPnrpCloud*, of the last listing */
  gboolean   has_global;  /* a cloud named Global_ is listed */
} TdPnrpClouds;

/* TD_ERROR_PARSE when the text is neither a listing nor netsh's unknown
 * command message; TD_ERROR_TOO_LARGE above TD_CONSOLE_TEXT_MAX_BYTES.  A
 * header without rows is a valid, empty listing. */
TdPnrpClouds *td_pnrp_parse          (const char         *text,
                                      GError            **error);
void          td_pnrp_clouds_free    (TdPnrpClouds       *self);

const char   *td_pnrp_scope_to_string       (guint             scope); /* "global", "site-local", "link-local", "unknown" */
const char   *td_pnrp_cloud_state_to_string (TdPnrpCloudState  state);

/* {"removed", "has_global", "clouds": [{scope, scope_name, id, addresses,
 *   state, state_raw, name}]} */
void          td_pnrp_clouds_to_json (const TdPnrpClouds *self,
                                      JsonBuilder        *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdPnrpClouds, td_pnrp_clouds_free)

G_END_DECLS
