/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y.c: every control in the main window has an accessible name a screen reader can say. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "nnp-application.h"
#include "nnp-canvas.h"
#include "nnp-window.h"
#include "window-wait.h"

static NnpApplication *app;

/* Roles a user operates: each needs a name of its own. */
static gboolean
is_control_role (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Composite GTK widgets name their own parts (a spin button's entry and
 * +/- buttons, a drop-down's button, the window's title-bar buttons). */
static gboolean
is_composite (GtkWidget *w)
{
  return GTK_IS_SPIN_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_MENU_BUTTON (w)
         || GTK_IS_WINDOW_CONTROLS (w) || GTK_IS_SCROLLBAR (w) || GTK_IS_POPOVER (w);
}

/* Whether w shows text a label relation can take its name from: a
 * non-empty GtkLabel, an explicit label property, or a child that has one
 * (a button's box of icon and label). A bare GtkImage has none. */
static gboolean
has_text (GtkWidget *w)
{
  if (GTK_IS_LABEL (w))
    return *gtk_label_get_text (GTK_LABEL (w)) != '\0';
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_get_visible (c) && has_text (c))
      return TRUE;
  return FALSE;
}

/* The GtkLabel in root's tree whose mnemonic-widget is target, if any. */
static GtkWidget *
find_mnemonic_label (GtkWidget *root, GtkWidget *target)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_mnemonic_widget (GTK_LABEL (root)) == target)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_mnemonic_label (c, target);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The accessible name as GTK 4 computes it (WAI-ARIA): the label property,
 * or the text of the widgets it is labelled by: a button's own content
 * (an icon alone says nothing), or a GtkLabel whose mnemonic-widget it is.
 * A tooltip is only a description. */
static gboolean
has_name (GtkWidget *w)
{
  GtkAccessible *a = GTK_ACCESSIBLE (w);

  if (gtk_test_accessible_has_property (a, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  if (!gtk_test_accessible_has_relation (a, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;

  GtkWidget *by = find_mnemonic_label (GTK_WIDGET (gtk_widget_get_root (w)), w);
  if (by == NULL && GTK_IS_BUTTON (w))
    by = gtk_button_get_child (GTK_BUTTON (w));
  if (by == NULL && GTK_IS_CHECK_BUTTON (w))
    by = gtk_check_button_get_child (GTK_CHECK_BUTTON (w));
  if (by == NULL)
    by = gtk_widget_get_first_child (w);
  g_autofree char *differs = by != NULL
    ? gtk_test_accessible_check_relation (a, GTK_ACCESSIBLE_RELATION_LABELLED_BY, by, NULL)
    : g_strdup ("no labelling widget found");
  /* Labelled by something this test cannot see: trust GTK's relation only
   * if a label in the window points at w. */
  if (differs != NULL)
    return find_mnemonic_label (GTK_WIDGET (gtk_widget_get_root (w)), w) != NULL;
  return has_text (by);
}

static const char *
describe_id (GtkWidget *w)
{
  const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;
  /* GtkBuilder's own ids for objects without one ("___object_17___") say nothing. */
  return id != NULL && !g_str_has_prefix (id, "___") ? id : "";
}

static void
walk (GtkWidget *w, const char *parent_id, GString *unnamed, guint *n_controls)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w));
  const char *id = describe_id (w);

  if (!gtk_widget_get_visible (w))
    return;
  /* Controls by role; the focusable items and widgets that are not
   * containers (the canvas, the unit thumbnails); and the plots (role img),
   * which carry the lesson. A GtkImage is an icon: decoration, or part of
   * the control around it. */
  /* A GtkPaned is focusable for its handle, but holds the panes. */
  gboolean control = GTK_IS_PANED (w) ? FALSE
                     : is_control_role (role)
                     || (gtk_widget_get_focusable (w)
                         && (role == GTK_ACCESSIBLE_ROLE_WIDGET || role == GTK_ACCESSIBLE_ROLE_GRID_CELL
                             || role == GTK_ACCESSIBLE_ROLE_LIST_ITEM || role == GTK_ACCESSIBLE_ROLE_IMG))
                     || (role == GTK_ACCESSIBLE_ROLE_IMG && !GTK_IS_IMAGE (w));
  if (control)
    {
      (*n_controls)++;
      g_test_message ("%s %s (in %s): %s", G_OBJECT_TYPE_NAME (w), id, parent_id,
                      has_name (w) ? "named" : "UNNAMED");
      if (!has_name (w))
        {
          g_autofree char *role_name = g_enum_to_string (GTK_TYPE_ACCESSIBLE_ROLE, role);
          const char *tip = gtk_widget_get_tooltip_text (w);
          g_string_append_printf (unnamed, "  %s%s%s (%s, role %s) in %s%s%s%s%s\n",
                                  G_OBJECT_TYPE_NAME (w), *id ? " id=" : "", id,
                                  GTK_IS_BUTTON (w) && gtk_button_get_icon_name (GTK_BUTTON (w))
                                    ? gtk_button_get_icon_name (GTK_BUTTON (w)) : "no icon",
                                  role_name, G_OBJECT_TYPE_NAME (gtk_widget_get_parent (w)),
                                  *parent_id ? " id=" : "", parent_id,
                                  tip ? ", tooltip: " : "", tip ? tip : "");
        }
    }
  /* A control's children are its content (a button's label and icon), and
   * a composite's parts are GTK's own. */
  if (control || is_composite (w))
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    walk (c, *id ? id : parent_id, unnamed, n_controls);
}

static void
test_controls_named (void)
{
  NnpWindow *win = nnp_window_new (GTK_APPLICATION (app), FALSE);
  g_autoptr (GString) unnamed = g_string_new (NULL);
  guint n_controls = 0;

  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_until (is_drawn, win, 10000));
  walk (GTK_WIDGET (win), "", unnamed, &n_controls);
  g_test_message ("%u controls checked", n_controls);
  /* The window has a few dozen controls; far fewer means the walk broke. */
  g_assert_cmpuint (n_controls, >=, 20);
  if (unnamed->len > 0)
    g_error ("controls without an accessible name (add a label with mnemonic-widget, or "
             "<accessibility><property name=\"label\">…</property></accessibility>):\n%s",
             unnamed->str);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* The check itself: an icon button with only a tooltip has no name; a
 * text button, a labelled spin button and an explicit label have one. */
static void
test_detector (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_button_new_from_icon_name ("media-playback-start-symbolic");
  GtkWidget *text = gtk_button_new_with_label ("Play");
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 10, 1);
  GtkWidget *label = gtk_label_new_with_mnemonic ("_Points");
  GtkWidget *bare_spin = gtk_spin_button_new_with_range (0, 10, 1);
  GtkWidget *explicit = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  GtkWidget *win = gtk_window_new ();
  g_autoptr (GString) unnamed = g_string_new (NULL);
  guint n = 0;

  gtk_widget_set_tooltip_text (icon, "Play");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (explicit), GTK_ACCESSIBLE_PROPERTY_LABEL, "Clear", -1);
  for (GtkWidget **w = (GtkWidget *[]) { icon, text, label, spin, bare_spin, explicit, NULL }; *w; w++)
    gtk_box_append (GTK_BOX (box), *w);
  gtk_window_set_child (GTK_WINDOW (win), box);

  g_assert_false (has_name (icon));
  g_assert_true (has_name (text));
  g_assert_true (has_name (spin));
  g_assert_false (has_name (bare_spin));
  g_assert_true (has_name (explicit));
  walk (box, "", unnamed, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_nonnull (strstr (unnamed->str, "media-playback-start-symbolic"));
  g_assert_nonnull (strstr (unnamed->str, "GtkSpinButton"));
  gtk_window_destroy (GTK_WINDOW (win));
}

/* The plane's description says what it shows now (points per class,
 * epoch, cost, accuracy), and follows training. */
static gboolean
description_is_current (gpointer data)
{
  NnpCanvas *canvas = NNP_CANVAS (nnp_window_get_child (data, "canvas"));
  g_autofree char *now = nnp_canvas_describe (canvas);
  g_autofree char *differs = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (canvas), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, now);
  return differs == NULL;
}

static void
test_canvas_description (void)
{
  NnpWindow *win = nnp_window_new (GTK_APPLICATION (app), FALSE);
  NnpDocument *doc = nnp_window_get_document (win);
  NnpCanvas *canvas = NNP_CANVAS (nnp_window_get_child (win, "canvas"));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *differs = NULL;

  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_until (is_drawn, win, 10000));
  /* Two moons, 200 points: half of each class, epoch 0. */
  nnp_document_sync (doc);
  g_assert_true (wait_until (description_is_current, win, 3000));
  before = nnp_canvas_describe (canvas);
  g_test_message ("%s", before);
  g_assert_nonnull (strstr (before, "100 points of class 1 and 100 of class 0"));
  g_assert_nonnull (strstr (before, "Epoch 0: cost "));
  g_assert_nonnull (strstr (before, "Left click adds a class 1 point"));

  for (int i = 0; i < 7; i++)
    nnp_document_step (doc);
  nnp_document_sync (doc);
  /* Within about a second (the description is not updated more often). */
  g_assert_true (wait_until (description_is_current, win, 3000));
  after = nnp_canvas_describe (canvas);
  g_test_message ("%s", after);
  g_assert_nonnull (strstr (after, "Epoch 7: cost "));
  g_assert_cmpstr (before, !=, after);
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (canvas),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, before);
  g_assert_nonnull (differs);
  /* The cost said is the trainer's, to the digits shown. */
  epoch = g_strdup_printf ("cost %.4g,", nnp_window_get_view (win)->cost);
  g_assert_nonnull (strstr (after, epoch));
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  /* GTK's test accessibility backend keeps the accessible properties and
   * relations and needs no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = nnp_application_new (TRUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/app/a11y/detector", test_detector);
  g_test_add_func ("/app/a11y/controls-named", test_controls_named);
  g_test_add_func ("/app/a11y/canvas-description", test_canvas_description);
  int status = g_test_run ();
  g_clear_object (&app);
  return status;
}
