/* td-policy-posix.c — no policy outside GSettings on Unix: dconf locks do it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-policy.h"

char *
td_policy_dup_string (const char *key)
{
  return NULL;
}
