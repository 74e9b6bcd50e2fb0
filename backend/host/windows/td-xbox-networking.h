/* td-xbox-networking.h — text of the Xbox Networking page / Xbox app banner
 *
 * Users paste (or retype) what Settings > Gaming > Xbox Networking shows:
 * "NAT type: Teredo is unable to qualify", "Server connectivity: Blocked".
 * Reading it lets the troubleshooter start from the user's own words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "td-teredo-client.h"   /* TdTristate */

G_BEGIN_DECLS

typedef enum {
  TD_XBOX_NAT_UNSET,        /* null */
  TD_XBOX_NAT_OPEN,         /* "open" */
  TD_XBOX_NAT_MODERATE,     /* "moderate" */
  TD_XBOX_NAT_STRICT,       /* "strict" */
  TD_XBOX_NAT_UNAVAILABLE,  /* "unavailable" (console wording) */
} TdXboxNatType;

typedef enum {
  TD_XBOX_SERVER_UNSET,      /* null */
  TD_XBOX_SERVER_CONNECTED,  /* "connected" */
  TD_XBOX_SERVER_BLOCKED,    /* "blocked" */
} TdXboxServerConnectivity;

typedef struct {
  gboolean                 teredo_unable_to_qualify;  /* any language we know */
  gboolean                 cannot_get_teredo_ip;      /* console: "Can't get a Teredo IP address" */
  TdXboxNatType            nat_type;
  TdXboxServerConnectivity server_connectivity;
  TdTristate               internet_connected;        /* "Internet connection: Connected" */
  TdTristate               xbox_live_up;              /* "Xbox Live services: Up and running" */
} TdXboxNetworking;

/* TD_ERROR_PARSE when none of the page's phrases is found. */
gboolean td_xbox_networking_parse   (const char              *text,
                                     TdXboxNetworking        *out,
                                     GError                 **error);
/* {teredo_unable_to_qualify, cannot_get_teredo_ip, nat_type,
 *  server_connectivity, internet_connected, xbox_live_up} */
void     td_xbox_networking_to_json (const TdXboxNetworking  *self,
                                     JsonBuilder             *builder);

G_END_DECLS
