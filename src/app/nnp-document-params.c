/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document-params.c: NnpDocument's weight edits (undoable among the point steps) and the gradient check's inputs. */
#define G_LOG_DOMAIN "nnplay-document"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <nnplay/nnp-error.h>

#include "nnp-document-private.h"

/* One weight edit: the trainer's model before and after (in the space the
 * trainer trains in), and where the point steps stood when it was made. */
typedef struct {
  guint64 position;
  NnpModel *before, *after;
} ParamStep;

static void
param_step_free (gpointer p)
{
  ParamStep *s = p;
  nnp_model_free (s->before);
  nnp_model_free (s->after);
  g_free (s);
}

static GPtrArray *
steps (GPtrArray **a)
{
  if (*a == NULL)
    *a = g_ptr_array_new_with_free_func (param_step_free);
  return *a;
}

static ParamStep *
top (GPtrArray *a)
{
  return a != NULL && a->len > 0 ? g_ptr_array_index (a, a->len - 1) : NULL;
}

void
nnp_document_params_finalize (NnpDocument *self)
{
  g_clear_pointer (&self->param_undo, g_ptr_array_unref);
  g_clear_pointer (&self->param_redo, g_ptr_array_unref);
}

void
nnp_document_params_forget (NnpDocument *self)
{
  if (self->param_undo != NULL)
    g_ptr_array_set_size (self->param_undo, 0);
  if (self->param_redo != NULL)
    g_ptr_array_set_size (self->param_redo, 0);
  nnp_document_undo_changed (self);
}

void
nnp_document_params_points_changed (NnpDocument *self, gboolean new_run)
{
  guint64 serial = nnp_point_set_serial (self->points);

  /* A new point edit drops the redo steps, ours too; a new run the
   * weights' whole history. */
  if (serial != self->param_serial && self->param_redo != NULL)
    g_ptr_array_set_size (self->param_redo, 0);
  self->param_serial = serial;
  if (new_run && self->param_undo != NULL)
    g_ptr_array_set_size (self->param_undo, 0);
}

/* A step whose model no longer fits (the hidden size or activation
 * changed since) cannot come back. */
static gboolean
fits (NnpDocument *self, const NnpModel *m)
{
  return self->view.model != NULL && m->theta->h == self->view.model->theta->h
         && m->act == self->view.model->act;
}

static void
apply (NnpDocument *self, const NnpModel *m)
{
  nnp_document_set_running (self, FALSE);
  /* a typed weight ends the step taken apart: its theta(t + 1) was
   * computed without it (the update had gone on showing the old value) */
  nnp_document_end_phase (self);
  nnp_live_trainer_set_model (self->trainer, m, NULL, 0, 0);
  nnp_document_set_dirty (self, TRUE);
  nnp_document_undo_changed (self);
  g_signal_emit_by_name (self, "edited");
}

gboolean
nnp_document_params_can_undo (NnpDocument *self)
{
  ParamStep *s = top (self->param_undo);
  return s != NULL && s->position == nnp_point_set_position (self->points);
}

gboolean
nnp_document_params_can_redo (NnpDocument *self)
{
  ParamStep *s = top (self->param_redo);
  return s != NULL && s->position == nnp_point_set_position (self->points);
}

gboolean
nnp_document_params_undo (NnpDocument *self)
{
  while (nnp_document_params_can_undo (self))
    {
      ParamStep *s = g_ptr_array_steal_index (self->param_undo, self->param_undo->len - 1);
      if (!fits (self, s->before))
        {
          param_step_free (s);
          continue;
        }
      g_ptr_array_add (steps (&self->param_redo), s);
      apply (self, s->before);
      return TRUE;
    }
  return FALSE;
}

gboolean
nnp_document_params_redo (NnpDocument *self)
{
  while (nnp_document_params_can_redo (self))
    {
      ParamStep *s = g_ptr_array_steal_index (self->param_redo, self->param_redo->len - 1);
      if (!fits (self, s->after))
        {
          param_step_free (s);
          continue;
        }
      g_ptr_array_add (steps (&self->param_undo), s);
      apply (self, s->after);
      return TRUE;
    }
  return FALSE;
}

/* The shown model (in x) as the trainer's (in z-scores): the inverse of
 * nnp_model_unstandardize, W1 = W1' diag(sd), b1 = b1' + W1' mean. */
static void
to_trainer_space (NnpModel *m, const double *mean, const double *sd)
{
  NnpParams *th = m->theta;
  for (size_t j = 0; j < th->h; j++)
    {
      double shift = 0;
      for (size_t k = 0; k < th->d; k++)
        {
          double w = gsl_matrix_get (&th->W1.matrix, j, k);
          shift += w * mean[k];
          gsl_matrix_set (&th->W1.matrix, j, k, w * sd[k]);
        }
      gsl_vector_set (&th->b1.vector, j, gsl_vector_get (&th->b1.vector, j) + shift);
    }
}

gboolean
nnp_document_set_parameter (NnpDocument *self, size_t index, double value, GError **error)
{
  const NnpModel *shown;
  NnpModel *after;
  ParamStep *s;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  /* A weight is typed into the present run; a branch (Continue from here)
   * is no longer the step to undo first (each forgets the other's). */
  if (self->shown_epoch >= 0)
    nnp_document_history_leave (self);
  nnp_document_history_forget (self);
  shown = self->state.model;
  if (shown == NULL || self->view.model == NULL || index >= shown->theta->size)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("There is no such parameter"));
      return FALSE;
    }
  if (!isfinite (value) || fabs (value) > NNP_PARAM_MAX)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("A weight must be a number between −%g and %g"),
                   NNP_PARAM_MAX, NNP_PARAM_MAX);
      return FALSE;
    }
  after = nnp_model_dup (shown);
  after->theta->block[index] = value;
  if (self->standardize && shown != self->view.model)
    to_trainer_space (after, self->raw_mean, self->raw_sd);

  s = g_new0 (ParamStep, 1);
  s->position = nnp_point_set_position (self->points);
  s->before = nnp_model_dup (self->view.model);
  s->after = after;
  /* A new edit: nothing to redo, of either kind. */
  if (self->param_redo != NULL)
    g_ptr_array_set_size (self->param_redo, 0);
  nnp_point_set_clear_redo (self->points);
  g_ptr_array_add (steps (&self->param_undo), s);
  apply (self, after);
  return TRUE;
}

gboolean
nnp_document_gradcheck_inputs (NnpDocument *self, NnpModel **model, NnpDataset **train, GError **error)
{
  const NnpModel *m;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (model != NULL && train != NULL, FALSE);
  *model = NULL;
  *train = NULL;
  m = self->state.model;
  if (m == NULL || self->train == NULL || self->train->n == 0)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("The gradient check needs training points"));
      return FALSE;
    }
  double params = (double) m->theta->size;
  double work = params * (double) self->train->n * (double) m->theta->h;
  if (work > NNP_GRADCHECK_MAX_WORK)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                   _("Too much work for a gradient check: %zu hidden units on %zu points would take "
                     "more than a minute; use fewer points or units"),
                   m->theta->h, self->train->n);
      return FALSE;
    }
  *model = nnp_model_dup (m);
  *train = nnp_dataset_dup (self->train);
  if (*model == NULL || *train == NULL)
    {
      g_clear_pointer (model, nnp_model_free);
      g_clear_pointer (train, nnp_dataset_free);
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("Out of memory for the gradient check"));
      return FALSE;
    }
  return TRUE;
}
