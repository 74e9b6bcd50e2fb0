/* td-policy.c — a setting's value with the administrator's policy applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-policy.h"

char *
td_policy_get_setting_string (GSettings  *settings,
                              const char *key,
                              gboolean   *out_locked)
{
  char *policy = td_policy_dup_string (key);
  gboolean locked = policy != NULL;
  char *value = policy;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (value == NULL && settings != NULL)
    {
      value = g_settings_get_string (settings, key);
      locked = !g_settings_is_writable (settings, key);
    }
  if (out_locked != NULL)
    *out_locked = locked;
  return value != NULL ? value : g_strdup ("");
}
