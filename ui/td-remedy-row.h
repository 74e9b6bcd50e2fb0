/* td-remedy-row.h — one fix step: what to do, the exact command, Copy and
 * (where the backend can run it) Fix It
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-remedy.h"

G_BEGIN_DECLS

#define TD_TYPE_REMEDY_ROW (td_remedy_row_get_type ())
G_DECLARE_FINAL_TYPE (TdRemedyRow, td_remedy_row, TD, REMEDY_ROW, GtkListBoxRow)

/* @number is the step's position, from 1.  The row keeps a copy of @remedy. */
GtkWidget      *td_remedy_row_new               (const TdRemedy *remedy,
                                                 guint           number);
const TdRemedy *td_remedy_row_get_remedy        (TdRemedyRow    *self);
/* Shows the Fix It button (only for a live diagnosis whose remedy has an
 * automated fix on this platform). */
void            td_remedy_row_set_fix_available (TdRemedyRow    *self,
                                                 gboolean        available);
gboolean        td_remedy_row_get_fix_available (TdRemedyRow    *self);
/* The command line shown and copied ("" for a manual step). */
const char     *td_remedy_row_get_command_line  (TdRemedyRow    *self);
GtkWidget      *td_remedy_row_get_fix_button    (TdRemedyRow    *self);
GtkWidget      *td_remedy_row_get_copy_button   (TdRemedyRow    *self);

G_END_DECLS
