/* smoke-gtk.exe — GTK 4 + libadwaita under Windows/Wine: a window with a
 * label, a button and an AdwStatusPage.  SMOKE_QUIT_AFTER=N quits after N
 * seconds.  Prints the pango backend and font in use.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>
#include <pango/pangocairo.h>
#include "td-win32-fonts.h"

static gboolean
quit_cb (gpointer app)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
clicked_cb (GtkButton *button, GtkLabel *label)
{
  gtk_label_set_text (label, "Button clicked");
  (void) button;
}

static void
startup_cb (GApplication *app)
{
  td_win32_fonts_apply_settings (gtk_settings_get_default ());
  (void) app;
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *win, *box, *header, *label, *button, *status;
  int unknown, unknown_cjk;
  char *font = NULL;
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *ctx;
  PangoLayout *layout;

  win = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_title (GTK_WINDOW (win), "Teredo Doctor smoke test");
  gtk_window_set_default_size (GTK_WINDOW (win), 720, 520);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  label = gtk_label_new ("Hello from GTK 4 on Windows: Grüße, ça marche, 0123456789");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (GTK_BOX (box), label);

  gtk_box_append (GTK_BOX (box), gtk_label_new ("zh_CN: 诊断 Teredo 隧道"));

  button = gtk_button_new_with_label ("Run diagnosis");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), label);
  gtk_box_append (GTK_BOX (box), button);

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "network-wired-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Teredo is qualified");
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   "The relay answered the router solicitation in 42 ms.");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), status);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (win), box);
  gtk_window_present (GTK_WINDOW (win));

  g_object_get (gtk_settings_get_default (), "gtk-font-name", &font, NULL);
  ctx = gtk_widget_get_pango_context (label);
  layout = pango_layout_new (ctx);
  pango_layout_set_text (layout, "Grüße Teredo", -1);
  unknown = pango_layout_get_unknown_glyphs_count (layout);
  pango_layout_set_text (layout, "诊断 Teredo 隧道", -1);
  unknown_cjk = pango_layout_get_unknown_glyphs_count (layout);
  g_print ("smoke-gtk: font map %s, gtk-font-name \"%s\", unknown glyphs %d, unknown CJK glyphs %d\n",
           G_OBJECT_TYPE_NAME (map), font ? font : "(null)", unknown, unknown_cjk);
  g_object_unref (layout);
  g_free (font);
}

int
main (int argc, char **argv)
{
  AdwApplication *app;
  const char *quit_after = g_getenv ("SMOKE_QUIT_AFTER");
  int status;

  td_win32_fonts_init ();
  app = adw_application_new ("io.github.teredodoctor.Smoke", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  if (quit_after != NULL)
    g_timeout_add_seconds ((guint) atoi (quit_after), quit_cb, app);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_object_unref (app);
  g_print ("smoke-gtk: exit %d\n", status);
  return status;
}
