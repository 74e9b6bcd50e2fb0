/* td-reg-query.h — parser for `reg query KEY [/v NAME] [/s]` and helpers
 * that interpret the registry values that switch Teredo off
 *
 * The four places a Teredo kill switch hides (facts §7): DisabledComponents
 * under Tcpip6\Parameters, Type under iphlpsvc\Teredo, the Group Policy
 * values under Policies\…\TCPIP\v6Transition, and netsh's own Type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  char     *key;        /* "HKEY_LOCAL_MACHINE\\…" the value belongs to */
  char     *name;       /* "(Default)" for the default value, as printed */
  char     *type;       /* "REG_DWORD", "REG_SZ", … */
  gboolean  has_integer;
  guint64   integer;    /* REG_DWORD / REG_QWORD */
  char     *string;     /* REG_SZ / REG_EXPAND_SZ / REG_BINARY (hex) / other */
  char    **strings;    /* REG_MULTI_SZ split at the printed "\0" */
} TdRegValue;

typedef struct {
  gboolean   found;     /* FALSE: "ERROR: The system was unable to find …" */
  char      *message;   /* that error line, or NULL */
  GPtrArray *keys;      /* of char*: every key heading printed */
  GPtrArray *values;    /* of TdRegValue* */
} TdRegQuery;

/* TD_ERROR_PERMISSION for "Access is denied"; TD_ERROR_PARSE for neither
 * key nor value nor an ERROR line (and for reg's own "Invalid syntax");
 * any other ERROR line means the key or value does not exist (found =
 * FALSE), since that message is translated and has no code. */
TdRegQuery       *td_reg_query_parse      (const char        *text,
                                           GError           **error);
void              td_reg_query_free       (TdRegQuery        *self);
/* Case-insensitive lookup by value name (registry names are). */
const TdRegValue *td_reg_query_lookup     (const TdRegQuery  *self,
                                           const char        *name);

/* {"found", "message", "keys": [], "values": [{key, name, type, integer,
 *   string, strings}]} */
void              td_reg_query_to_json    (const TdRegQuery  *self,
                                           JsonBuilder       *builder);

/* Tcpip6\Parameters\DisabledComponents (KB 929852).  Teredo is off when
 * bit 0x01 (all tunnel interfaces) or bit 0x08 (Teredo) is set.  The Win7
 * Resource Kit text that says 0x10 is "Teredo" is wrong: 0x10 disables the
 * native (non-tunnel) interfaces. */
typedef enum {
  TD_DISABLED_TUNNELS    = 0x01,
  TD_DISABLED_6TO4       = 0x02,
  TD_DISABLED_ISATAP     = 0x04,
  TD_DISABLED_TEREDO     = 0x08,
  TD_DISABLED_NATIVE     = 0x10,
  TD_DISABLED_PREFER_IPV4 = 0x20,   /* prefix policy prefers IPv4; disables nothing */
} TdDisabledComponentsBit;

gboolean td_disabled_components_kills_teredo (guint32 value);
/* 0xFF: IPv6 off on every interface except loopback (0xFFFFFFFF too). */
gboolean td_disabled_components_all_off      (guint32 value);
/* A short list, in the user's language, of what @value turns off, e.g.
 * "all tunnel interfaces, Teredo"; "nothing" for 0.  Free with g_free. */
char    *td_disabled_components_describe     (guint32 value);

/* iphlpsvc\Teredo\Type: 4 is "disabled" (the value the Xbox support article
 * tells users to look for, and what debloat scripts write).  No other value
 * has a documented meaning. */
#define TD_IPHLPSVC_TEREDO_TYPE_DISABLED 4
gboolean td_iphlpsvc_teredo_type_is_disabled (guint64 value);

/* v6Transition\Teredo_State (REG_SZ, Group Policy "Set Teredo State"):
 * "Default", "Disabled", "Client", "Enterprise Client" (the admx option
 * values; "Default State"/"Disabled State" are their display names and are
 * accepted too).  Returns FALSE for anything else. */
typedef enum {
  TD_TEREDO_POLICY_DEFAULT,
  TD_TEREDO_POLICY_DISABLED,
  TD_TEREDO_POLICY_CLIENT,
  TD_TEREDO_POLICY_ENTERPRISE_CLIENT,
} TdTeredoPolicyState;

gboolean td_teredo_policy_state_parse (const char          *value,
                                       TdTeredoPolicyState *out);
/* Teredo_DefaultQualified and the other on/off policy strings:
 * "Enabled" / "Disabled" (case-insensitive). */
gboolean td_policy_enabled_parse      (const char          *value,
                                       gboolean            *out_enabled);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRegQuery, td_reg_query_free)

G_END_DECLS
