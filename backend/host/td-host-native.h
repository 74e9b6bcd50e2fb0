/* td-host-native.h — which live collections make sense on the machine we
 * run on (one file per OS, chosen by meson)
 *
 * Not installed and not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "td-host.h"

G_BEGIN_DECLS

/* TRUE when this machine can be inspected as @platform; else FALSE with
 * TD_ERROR_NOT_SUPPORTED.  Commands of another platform may always run
 * (fake programs on PATH stand in for them); files of another system
 * cannot be read where it is not. */
gboolean td_host_native_can_collect_live (TdPlatform   platform,
                                          GError     **error);

G_END_DECLS
