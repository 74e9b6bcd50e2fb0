/* td-tristate.h — yes / no / not known, the shape of most host facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_TRISTATE_UNSET,   /* null */
  TD_TRISTATE_NO,      /* false */
  TD_TRISTATE_YES,     /* true */
} TdTristate;

G_END_DECLS
