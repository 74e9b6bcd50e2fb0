/* td-server-list.h — the dated table of public Teredo servers (data/)
 *
 * Recommendations come only from servers the table lists as alive; a server
 * known dead is never recommended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_SERVER_STATUS_UNKNOWN,
  TD_SERVER_STATUS_ALIVE,
  TD_SERVER_STATUS_DEAD,
} TdServerStatus;

typedef struct {
  char           *name;
  char           *operator_name;
  TdServerStatus  status;
  char          **ipv4;        /* last known addresses, may be empty */
  char           *last_seen;   /* ISO date */
  char           *default_for; /* "Windows 10" or NULL */
  char           *note;
  gboolean        peers_only;  /* relays between Teredo clients of this server
                                * only, not to the IPv6 Internet */
} TdServerEntry;

/* The table shipped inside the program (parsed once, never freed). */
const GPtrArray     *td_server_list_get_default  (void);
const char          *td_server_list_get_updated  (void);
/* Case-insensitive, ignores a trailing dot; NULL when not listed. */
const TdServerEntry *td_server_list_lookup       (const char *name);
/* NULL-terminated names of the servers listed as alive, table order. */
char               **td_server_list_alive_names  (void);
const char          *td_server_status_to_string  (TdServerStatus status);

/* Parses a table (for tests and for a newer table given by the user). */
GPtrArray           *td_server_list_parse        (const char  *json,
                                                  gsize        length,
                                                  char       **out_updated,
                                                  GError     **error);

G_END_DECLS
