/* td-redact.h — consistent masking of addresses and names in a report
 *
 * What is masked, and how:
 *   • IPv4 addresses that td_ipv4_is_global() calls global → "public-ipv4-N";
 *   • IPv6 addresses that td_ipv6_is_global() calls global → "public-ipv6-N",
 *     except Teredo addresses (2001:0::/32), which keep their structure:
 *     "2001:0:public-ipv4-2:8000:63bf:public-ipv4-1" — server and mapped
 *     client IPv4 masked with the very masks those IPv4 addresses get
 *     elsewhere, flags and (obfuscated) port kept, because they say how the
 *     client qualified and identify nobody;
 *   • IPv4 embedded in non-global IPv6 text ("::ffff:203.0.113.5") is masked
 *     like any IPv4;
 *   • the report's host name, the Windows domain, and every DNS name found in
 *     text → "host-N";
 *   • hardware addresses (MAC, DUID: six or more hex pairs) → "hwaddr-N".
 * Private, loopback, link-local, ULA and other non-global addresses stay as
 * they are: they identify nobody and they matter for the diagnosis.
 *
 * Names of public Teredo servers listed in the dated server table
 * (td_server_list_lookup) stay readable: they are public knowledge, and
 * "which server" is often the whole diagnosis.  Their *addresses* are still
 * masked when they appear as IPv4 text.
 *
 * The same input gets the same mask everywhere in one report (numbered in
 * order of first appearance), so "public-ipv4-1" in the probe and in the
 * netsh evidence is the same address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _TdRedactor TdRedactor;

TdRedactor *td_redactor_new          (void);
void        td_redactor_free         (TdRedactor  *self);
/* A name to mask wherever it appears as a whole word, even when it does not
 * look like a DNS name ("DESKTOP-7Q2K3LM"); gets the next "host-N". */
void        td_redactor_add_name     (TdRedactor  *self,
                                      const char  *name);
char       *td_redactor_redact_text  (TdRedactor  *self,
                                      const char  *text);
/* Every string value below @node, in document order (member names are
 * left alone: they are the format's vocabulary, not data). */
void        td_redactor_redact_node  (TdRedactor  *self,
                                      JsonNode    *node);
/* How many distinct values were masked. */
guint       td_redactor_get_n_masks  (TdRedactor  *self);

/* Redacts a report tree (td_report_to_json) in place: the host name gets
 * host-1, then the Windows domain, then everything in document order; sets
 * "redacted": true.  Values of the format's own vocabulary (platform,
 * status, codes, enums) are left alone, so that a computer named "windows"
 * still gives a report that loads. */
void        td_redact_report_json    (JsonNode    *report);

/* TRUE for text this module produces as a mask. */
gboolean    td_redact_is_mask        (const char  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRedactor, td_redactor_free)

G_END_DECLS
