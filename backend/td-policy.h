/* td-policy.h — settings an administrator fixed for every user
 *
 * On Linux an administrator locks a key with dconf (GSettings then says it
 * is not writable).  The Windows registry backend of GSettings knows no
 * locks, so there the policy is read from the registry ourselves: REG_SZ
 * values under HKLM\SOFTWARE\Policies\<APP_ID> (td-policy-posix.c,
 * windows/td-policy-win32.c, chosen by meson).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The value machine policy gives the setting @key outside GSettings, or
 * NULL (always on Unix, where dconf locks work inside GSettings). */
char *td_policy_dup_string (const char *key);

/* A string setting as the app must use it: the policy's value when there
 * is one (*@out_locked TRUE), else @settings' value (*@out_locked TRUE
 * when GSettings says the key is not writable).  @settings may be NULL (no
 * schema): then "" unless policy says otherwise. */
char *td_policy_get_setting_string (GSettings  *settings,
                                    const char *key,
                                    gboolean   *out_locked);

G_END_DECLS
