/* td-policy-win32.c — machine policy from HKLM\SOFTWARE\Policies\<APP_ID>
 * (REG_SZ values named like the GSettings keys, set by an administrator or
 * Group Policy; users cannot write there)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>

#include "td-policy.h"

#define POLICY_KEY "SOFTWARE\\Policies\\" APP_ID

char *
td_policy_dup_string (const char *key)
{
  g_autofree gunichar2 *subkey = g_utf8_to_utf16 (POLICY_KEY, -1, NULL, NULL, NULL);
  g_autofree gunichar2 *name = g_utf8_to_utf16 (key, -1, NULL, NULL, NULL);
  g_autofree gunichar2 *data = NULL;
  DWORD size = 0;
  LSTATUS status;

  g_return_val_if_fail (key != NULL, NULL);

  if (subkey == NULL || name == NULL)
    return NULL;
  /* The size first, then the value; RRF_RT_REG_SZ refuses other types. */
  status = RegGetValueW (HKEY_LOCAL_MACHINE, (const wchar_t *) subkey, (const wchar_t *) name,
                         RRF_RT_REG_SZ, NULL, NULL, &size);
  if (status != ERROR_SUCCESS || size < sizeof (gunichar2) || size > 64 * 1024)
    return NULL;
  data = g_malloc0 (size + sizeof (gunichar2));
  status = RegGetValueW (HKEY_LOCAL_MACHINE, (const wchar_t *) subkey, (const wchar_t *) name,
                         RRF_RT_REG_SZ, NULL, data, &size);
  if (status != ERROR_SUCCESS)
    return NULL;
  return g_utf16_to_utf8 (data, -1, NULL, NULL, NULL);
}
