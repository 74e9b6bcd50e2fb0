/* td-remedy.h — one fix step: what to do, and the exact command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  char      *id;            /* the rule that offered it ("win-enterpriseclient"), NULL */
  char      *source;        /* where the remedy comes from: a facts-document
                             * section, an RFC, a vendor document; NULL */
  char      *title;         /* "Switch Teredo to the enterprise client" (translated) */
  char      *description;   /* why / what it changes, plain language (translated) */
  char      *platform;      /* "windows", "linux", "macos" or "any" */
  char     **argv;          /* the exact command, NULL-terminated; NULL for manual steps */
  gboolean   needs_admin;
  gboolean   needs_reboot;
  char      *fix_action;    /* id of an automated fix in the backend allow-list, or NULL */
  char     **fix_args;      /* its validated arguments, or NULL */
} TdRemedy;

TdRemedy *td_remedy_new       (const char         *platform,
                               const char         *title,
                               const char         *description,
                               const char * const *argv,
                               gboolean            needs_admin,
                               gboolean            needs_reboot);
TdRemedy *td_remedy_copy      (const TdRemedy     *self);
void      td_remedy_free      (TdRemedy           *self);
void      td_remedy_set_fix   (TdRemedy           *self,
                               const char         *action,
                               const char * const *args);
void      td_remedy_set_origin (TdRemedy          *self,
                                const char        *id,
                                const char        *source);
/* The command as one line a person can paste (arguments quoted where they
 * need it, for the platform's shell). */
char     *td_remedy_command_line (const TdRemedy  *self);

/* {id, source, title, description, platform, command: [argv…]|null,
 *  command_line, needs_admin, needs_reboot, fix: {action, args}|null};
 * id and source may be missing in reports of older versions. */
void      td_remedy_to_json   (const TdRemedy     *self,
                               JsonBuilder        *builder);
TdRemedy *td_remedy_from_json (JsonNode           *node,
                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRemedy, td_remedy_free)

G_END_DECLS
