/* td-host.h — the normalized host model: IPv6 stack, addresses, clouds,
 * Teredo client, firewall and (on Windows) the Teredo off-switches
 *
 * One model for every platform, filled by the collectors in linux/, windows/
 * and macos/ (td-host-collect.h), written and read back by td-host-json.h.  Each fact either has a value or an error
 * ({code, message}, keyed by the fact's name in host->errors); several facts
 * can be partly known (a value *and* an error).  Every command that was run is
 * kept as evidence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "td-command.h"
#include "td-teredo-client.h"

G_BEGIN_DECLS

typedef enum {
  TD_PLATFORM_LINUX,
  TD_PLATFORM_WINDOWS,
  TD_PLATFORM_MACOS,
  TD_PLATFORM_N
} TdPlatform;

TdPlatform  td_platform_native      (void);
const char *td_platform_to_string   (TdPlatform  platform);
gboolean    td_platform_from_string (const char *text,
                                     TdPlatform *out_platform);

typedef enum {
  TD_ADDRESS_SCOPE_GLOBAL,
  TD_ADDRESS_SCOPE_LINK_LOCAL,
  TD_ADDRESS_SCOPE_SITE_LOCAL,
  TD_ADDRESS_SCOPE_HOST,       /* loopback */
  TD_ADDRESS_SCOPE_OTHER,
  TD_ADDRESS_SCOPE_N
} TdAddressScope;

typedef enum {
  TD_ADDRESS_ORIGIN_NATIVE,     /* global unicast that is neither Teredo nor 6to4 */
  TD_ADDRESS_ORIGIN_TEREDO,     /* 2001:0::/32 */
  TD_ADDRESS_ORIGIN_6TO4,       /* 2002::/16 */
  TD_ADDRESS_ORIGIN_ULA,        /* fc00::/7 */
  TD_ADDRESS_ORIGIN_LINK_LOCAL, /* fe80::/10 */
  TD_ADDRESS_ORIGIN_SITE_LOCAL, /* fec0::/10 */
  TD_ADDRESS_ORIGIN_LOOPBACK,
  TD_ADDRESS_ORIGIN_OTHER,
  TD_ADDRESS_ORIGIN_N
} TdAddressOrigin;

/* The Linux IFA_F_* values, used for every platform. */
typedef enum {
  TD_ADDRESS_FLAG_TEMPORARY  = 0x01,
  TD_ADDRESS_FLAG_NODAD      = 0x02,
  TD_ADDRESS_FLAG_OPTIMISTIC = 0x04,
  TD_ADDRESS_FLAG_DADFAILED  = 0x08,
  TD_ADDRESS_FLAG_HOME       = 0x10,
  TD_ADDRESS_FLAG_DEPRECATED = 0x20,
  TD_ADDRESS_FLAG_TENTATIVE  = 0x40,
  TD_ADDRESS_FLAG_PERMANENT  = 0x80,
} TdAddressFlags;
#define TD_ADDRESS_N_FLAGS 8


typedef enum {
  TD_PNRP_UNKNOWN,          /* "unknown": could not tell (see errors["pnrp"]) */
  TD_PNRP_AVAILABLE,        /* "available": netsh p2p pnrp still answers */
  TD_PNRP_REMOVED,          /* "removed": Windows 10 1809+ / Windows 11 24H2 */
  TD_PNRP_NOT_APPLICABLE,   /* "not-applicable": not Windows */
  TD_PNRP_N
} TdPnrpStatus;

/* The names of the enums above in JSON and the CLI, indexed by value. */
typedef struct {
  guint       flag;
  const char *name;
} TdAddressFlagName;

extern const char * const      td_platform_names[TD_PLATFORM_N];
extern const char * const      td_address_scope_names[TD_ADDRESS_SCOPE_N];
extern const char * const      td_address_origin_names[TD_ADDRESS_ORIGIN_N];
extern const char * const      td_pnrp_status_names[TD_PNRP_N];
extern const TdAddressFlagName td_address_flag_names[TD_ADDRESS_N_FLAGS];

typedef struct {
  char            *address;        /* RFC 5952 text */
  int              prefix_length;  /* -1 = unknown */
  char            *interface;
  TdAddressScope   scope;
  TdAddressOrigin  origin;
  guint            flags;          /* TdAddressFlags */
} TdHostAddress;

typedef struct {
  char           *name;            /* "Global_", "LinkLocal_2001:db8:1::/64", … */
  TdAddressScope  scope;           /* global, link-local or site-local */
  char           *interface;       /* NULL for Global_ */
  GPtrArray      *addresses;       /* char * */
} TdHostCloud;

typedef struct {
  char           *name;
  TdAddressScope  scope;
  int             id;              /* -1 = unknown */
  int             n_addresses;     /* -1 = unknown */
  char           *state;           /* "active", … (lower case), NULL */
} TdHostPnrpCloud;

typedef struct {
  char       *name;                /* "nftables", "ip6tables", "firewalld", "ufw",
                                    * "windows-firewall", "application-firewall", "pf" */
  TdTristate  present;
  TdTristate  active;
  TdTristate  covers_ipv6;
  char       *detail;              /* one sentence (translated), NULL */
} TdFirewallSource;

typedef struct {
  TdTristate  present;
  TdTristate  active;
  TdTristate  covers_ipv6;
  char       *name;                /* the source that decided, NULL */
  char       *reason;              /* why, in one sentence (translated) */
  char       *how_to_check;        /* a command to run by hand when unknown */
  GPtrArray  *sources;             /* TdFirewallSource * */
} TdHostFirewall;

typedef struct {
  char *name;                      /* "iphlpsvc", "MpsSvc", "BFE" */
  char *state;                     /* "running", "stopped", "not-installed", … NULL */
  char *start_type;                /* "auto", "demand", "disabled", … NULL */
} TdHostService;

typedef struct {
  char *name;
  char *description;
  char *kind;                      /* "tap", "wireguard", "wintun", "vpn" */
} TdHostAdapter;

typedef struct {
  char *id;                        /* "disabled-components", "teredo-type",
                                    * "group-policy", "netsh-type",
                                    * "service-iphlpsvc", "service-mpssvc", … */
  char *detail;
} TdHostOffSwitch;

typedef struct {
  gint64      disabled_components; /* -1 = value absent */
  gint64      teredo_type;         /* iphlpsvc\Teredo\Type, -1 = absent */
  GPtrArray  *policy_names;        /* char *, v6Transition value names, in order */
  GPtrArray  *policy_values;       /* char *, same order */
  GPtrArray  *policy_keys;         /* char *, same order: the key it was read from
                                    * (WOW6432Node or not), NULL if unknown */
  GPtrArray  *services;            /* TdHostService * */
  GPtrArray  *vpn_adapters;        /* TdHostAdapter * */
  TdTristate  domain_member;
  char       *domain;
  GPtrArray  *off_switches;        /* TdHostOffSwitch * */
} TdHostWindows;

typedef struct {
  char *fact;                      /* "client", "firewall", "windows.services.iphlpsvc" … */
  char *code;                      /* td_error_code_to_string() */
  char *message;
} TdHostError;

typedef struct {
  char       **argv;               /* NULL for a file that was read */
  char        *path;               /* program or file path, NULL */
  int          exit_status;        /* -1 if it did not exit */
  gint64       elapsed_ms;
  char        *stdout_text;
  char        *stderr_text;
  char        *error_code;
  char        *error_message;
} TdHostEvidence;

typedef struct {
  TdPlatform       platform;
  TdTristate       ipv6_enabled;
  GPtrArray       *ipv6_reasons;       /* char * */
  GPtrArray       *addresses;          /* TdHostAddress * */
  TdTristate       default_route;
  char            *default_route_interface;
  TdPnrpStatus     pnrp;
  GPtrArray       *pnrp_clouds;        /* TdHostPnrpCloud * */
  GPtrArray       *clouds;             /* TdHostCloud *, computed */
  TdTeredoClient  *client;             /* NULL if unknown */
  TdHostFirewall  *firewall;           /* NULL if unknown */
  TdHostWindows   *windows;            /* NULL except on Windows */
  GPtrArray       *errors;             /* TdHostError *, in the order they were set */
  GPtrArray       *evidence;           /* TdHostEvidence * */
} TdHost;

#define TD_TYPE_HOST (td_host_get_type ())
GType    td_host_get_type (void) G_GNUC_CONST;
TdHost  *td_host_new      (TdPlatform platform);
TdHost  *td_host_ref      (TdHost    *self);
void     td_host_unref    (TdHost    *self);

TdHostAddress    *td_host_address_new    (const char *address, int prefix_length,
                                          const char *interface, guint flags);
void              td_host_address_free   (TdHostAddress *self);
TdHostCloud      *td_host_cloud_new      (const char *name, TdAddressScope scope,
                                          const char *interface);
void              td_host_cloud_free     (TdHostCloud *self);
TdHostPnrpCloud  *td_host_pnrp_cloud_new (const char *name, TdAddressScope scope,
                                          int id, int n_addresses, const char *state);
void              td_host_pnrp_cloud_free (TdHostPnrpCloud *self);
TdFirewallSource *td_firewall_source_new (const char *name, TdTristate present,
                                          TdTristate active, TdTristate covers_ipv6,
                                          const char *detail);
void              td_firewall_source_free (TdFirewallSource *self);
TdHostFirewall   *td_host_firewall_new   (void);
void              td_host_firewall_free  (TdHostFirewall *self);
TdHostWindows    *td_host_windows_new    (void);
void              td_host_windows_free   (TdHostWindows *self);
void              td_host_windows_add_service    (TdHostWindows *self, const char *name,
                                                  const char *state, const char *start_type);
void              td_host_windows_add_adapter    (TdHostWindows *self, const char *name,
                                                  const char *description, const char *kind);
void              td_host_windows_add_off_switch (TdHostWindows *self, const char *id,
                                                  const char *detail);

/* Classification of one address (text or bytes). */
TdAddressScope  td_address_scope_of   (const guint8 addr[16]);
TdAddressOrigin td_address_origin_of  (const guint8 addr[16]);
const char     *td_address_scope_to_string  (TdAddressScope  scope);
const char     *td_address_origin_to_string (TdAddressOrigin origin);
const char     *td_pnrp_status_to_string    (TdPnrpStatus    status);
/* A global address PNRP would have used: global scope, not tentative,
 * not deprecated, DAD not failed. */
gboolean        td_host_address_is_usable_global (const TdHostAddress *address);

/* Per-fact errors.  Setting an error for a fact replaces the previous one. */
void               td_host_set_error  (TdHost       *self,
                                       const char   *fact,
                                       const GError *error);
const TdHostError *td_host_get_error  (TdHost       *self,
                                       const char   *fact);

/* Evidence: every command run, in the order they completed. */
void     td_host_add_command_evidence (TdHost                *self,
                                       const TdCommandResult *result);
void     td_host_add_file_evidence    (TdHost                *self,
                                       const char            *path,
                                       const char            *contents,
                                       const GError          *error);

/* Recomputes host->clouds from host->addresses, the way PNRP named them:
 * Global_ when a usable global address exists; one LinkLocal_ per interface
 * with a link-local address (named after that interface's global prefix, or
 * after the interface when it has none or its prefix is already taken), and
 * likewise SiteLocal_ for site-local addresses. */
void     td_host_compute_clouds (TdHost *self);

/* Sets an error whose code is already in its string form
 * (td_error_code_to_string), or from a TdError code and a message. */
void     td_host_set_error_strings (TdHost     *self,
                                    const char *fact,
                                    const char *code,
                                    const char *message);
void     td_host_set_error_literal (TdHost     *self,
                                    const char *fact,
                                    int         td_error_code,
                                    const char *message);

/* Combines the firewall sources into the verdict (host->firewall). */
void     td_host_firewall_decide         (TdHostFirewall *firewall);
/* After td_host_firewall_decide(): when the verdict is unknown, sets
 * errors["firewall"] — "needs administrator rights" with the command to run
 * when a tool was refused, else the first source's error. */
void     td_host_firewall_report_unknown (TdHost         *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdHost, td_host_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdHostAddress, td_host_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdHostCloud, td_host_cloud_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdFirewallSource, td_firewall_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdHostFirewall, td_host_firewall_free)

G_END_DECLS
