/* td-host-json.h — the host model as JSON, written and read back
 *
 * td_host_to_json() gives the `teredo-doctor-cli host --json` contract:
 *   { "platform": "linux|windows|macos",
 *     "ipv6": { "enabled": bool|null, "reasons": [string] },
 *     "addresses": [ { "address", "prefix_length": int|null, "interface",
 *                      "scope": "global|link-local|site-local|host|other",
 *                      "origin": "native|teredo|6to4|ula|link-local|site-local|loopback|other",
 *                      "flags": ["temporary","deprecated","tentative",…] } ],
 *     "default_route": bool|null, "default_route_interface": string|null,
 *     "pnrp": "available|removed|not-applicable|unknown",
 *     "pnrp_clouds": [ { "name", "scope", "id": int|null, "addresses": int|null,
 *                        "state": string|null } ],
 *     "clouds": [ { "name", "scope", "interface": string|null, "addresses": [string] } ],
 *     "client": td_teredo_client_to_json object | null,
 *     "firewall": { "present", "active", "covers_ipv6": bool|null, "name": string|null,
 *                   "reason": string|null, "how_to_check": string|null,
 *                   "sources": [ { "name", "present", "active", "covers_ipv6", "detail" } ] } | null,
 *     "windows": { "disabled_components": int|null, "teredo_type": int|null,
 *                  "policy": { name: string }, "services": [ { "name", "state", "start_type" } ],
 *                  "vpn_adapters": [ { "name", "description", "kind" } ],
 *                  "domain_member": bool|null, "domain": string|null,
 *                  "off_switches": [ { "id", "detail" } ] } | null,
 *     "errors": { fact: { "code", "message" } },
 *     "evidence": [ … ]   (only with TD_HOST_JSON_EVIDENCE) }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "td-host.h"

G_BEGIN_DECLS

typedef enum {
  TD_HOST_JSON_DEFAULT  = 0,
  TD_HOST_JSON_EVIDENCE = 1 << 0,
} TdHostJsonFlags;

JsonNode *td_host_to_json   (TdHost          *self,
                             TdHostJsonFlags  flags);
/* Strict: wrong types, unknown enum strings and missing members are
 * TD_ERROR_PARSE naming the member; "evidence" is optional. */
TdHost   *td_host_from_json (JsonNode        *node,
                             GError         **error);

/* Pieces of the host JSON, for the CLI's smaller sub-commands. */
void      td_host_build_addresses_json (TdHost *self, JsonBuilder *builder);
void      td_host_build_clouds_json    (TdHost *self, JsonBuilder *builder);
void      td_host_build_firewall_json  (TdHost *self, JsonBuilder *builder);
/* Adds "errors": {…} holding only the facts whose names start with one of
 * @prefixes (NULL-terminated; NULL = all). */
void      td_host_build_errors_json    (TdHost *self, JsonBuilder *builder,
                                        const char * const *prefixes);

G_END_DECLS
