/* test-policy.c — settings an administrator fixed: GSettings' own lock
 * everywhere, and on Windows the machine policy in the registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "td-host.h"
#include "td-policy.h"

#define POLICY_KEY "HKLM\\SOFTWARE\\Policies\\" APP_ID

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema != NULL ? g_settings_new (APP_ID) : NULL;
}

/* Without a policy the user's value counts, and it can be changed. */
static void
test_user_value (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *value = NULL;
  g_autofree char *none = NULL;
  gboolean locked = TRUE;

  if (settings == NULL)
    {
      g_test_skip ("the compiled schema is not found (GSETTINGS_SCHEMA_DIR)");
      return;
    }
  g_assert_null (td_policy_dup_string ("helpdesk-url"));
  g_settings_set_string (settings, "helpdesk-url", "https://helpdesk.example/teredo");
  value = td_policy_get_setting_string (settings, "helpdesk-url", &locked);
  g_assert_cmpstr (value, ==, "https://helpdesk.example/teredo");
  g_assert_false (locked);
  g_settings_reset (settings, "helpdesk-url");

  /* No schema at all: empty, and nothing to lock. */
  none = td_policy_get_setting_string (NULL, "helpdesk-url", &locked);
  g_assert_cmpstr (none, ==, "");
  g_assert_false (locked);
}

static gboolean
run_reg (const char * const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* Windows: the administrator's REG_SZ under HKLM\SOFTWARE\Policies\<app>
 * wins over the user's value and locks it. */
static void
test_registry_policy (void)
{
  const char *add[] = { "reg", "add", POLICY_KEY, "/v", "helpdesk-url", "/t", "REG_SZ",
                        "/d", "https://it.example/teredo", "/f", NULL };
  const char *remove[] = { "reg", "delete", POLICY_KEY, "/f", NULL };
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *policy = NULL;
  g_autofree char *value = NULL;
  g_autofree char *after = NULL;
  gboolean locked = FALSE;

  if (td_platform_native () != TD_PLATFORM_WINDOWS)
    {
      g_test_skip ("machine policy in the registry: Windows only (dconf locks elsewhere)");
      return;
    }
  if (!run_reg (add))
    {
      g_test_skip ("writing HKLM\\SOFTWARE\\Policies needs an administrator");
      return;
    }
  policy = td_policy_dup_string ("helpdesk-url");
  if (settings != NULL)
    g_settings_set_string (settings, "helpdesk-url", "https://mine.example/");
  value = td_policy_get_setting_string (settings, "helpdesk-url", &locked);
  g_assert_true (run_reg (remove));
  after = td_policy_dup_string ("helpdesk-url");

  g_assert_cmpstr (policy, ==, "https://it.example/teredo");
  g_assert_cmpstr (value, ==, "https://it.example/teredo");
  g_assert_true (locked);
  g_assert_null (after);
  if (settings != NULL)
    g_settings_reset (settings, "helpdesk-url");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/policy/user-value", test_user_value);
  g_test_add_func ("/policy/registry", test_registry_policy);
  return g_test_run ();
}
