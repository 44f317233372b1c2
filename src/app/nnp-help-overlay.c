/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-help-overlay.c: the Keyboard Shortcuts window says "Space" and shows mouse actions as words in the key column. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <glib/gi18n.h>

#include "nnp-help-overlay.h"

/* GtkShortcutsShortcut draws the space bar as a small open-box glyph,
 * and a mouse "gesture" as an icon in the key column with the words
 * underneath: in front of a class both read badly. A shortcut without an
 * accelerator shows its subtitle (what to do with the mouse, "Right click
 * or Shift+click") in the key column instead, and the space bar's glyph
 * becomes the word. */
static GtkWidget *
find_shortcut_label (GtkWidget *w)
{
  if (GTK_IS_SHORTCUT_LABEL (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_shortcut_label (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fix_tree (GtkWidget *w)
{
  if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), "\xe2\x90\xa3") == 0)
    {
      /* TRANSLATORS: the space bar, on a key cap in the shortcuts window. */
      gtk_label_set_text (GTK_LABEL (w), C_("keyboard label", "Space"));
      return;
    }
  if (GTK_IS_SHORTCUTS_SHORTCUT (w))
    {
      g_autofree char *accel = NULL;
      g_autofree char *subtitle = NULL;

      g_object_get (w, "accelerator", &accel, "subtitle", &subtitle, NULL);
      GtkWidget *keys = find_shortcut_label (w);
      if ((accel == NULL || *accel == '\0') && subtitle != NULL && *subtitle != '\0' && keys != NULL)
        {
          /* The key cap column, aligned with the keys above and below. */
          gtk_shortcut_label_set_disabled_text (GTK_SHORTCUT_LABEL (keys), subtitle);
          g_object_set (w, "subtitle", "", "subtitle-set", FALSE, NULL);
          /* Drawn as a key cap, not greyed out as "disabled" text is. */
          for (GtkWidget *c = gtk_widget_get_first_child (keys); c != NULL; c = gtk_widget_get_next_sibling (c))
            if (GTK_IS_LABEL (c))
              {
                gtk_widget_remove_css_class (c, "dim-label");
                gtk_widget_add_css_class (c, "mouse-keycap");
              }
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    fix_tree (c);
}

void
nnp_help_overlay_fix (GtkApplicationWindow *window)
{
  GtkShortcutsWindow *help = gtk_application_window_get_help_overlay (window);

  if (help == NULL)
    return;
  fix_tree (GTK_WIDGET (help));
}
