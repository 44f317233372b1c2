/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-point-set.c: editable points with a stable test mask and snapshot-based undo. */
#define G_LOG_DOMAIN "nnplay-points"
#include "config.h"

#include <math.h>
#include <string.h>

#include "nnp-point-set.h"

typedef struct {
  NnpDataset *ds;
  guint8 *mask;     /* ds->n entries */
  double fraction;
  /* Where the points came from (nnp_point_set_set_origin): undo brings it back. */
  NnpOrigin origin;
  /* In an undo or redo step only: what else the step brings back (the
   * run a new-run edit replaced), freed with the set's payload_free */
  gpointer payload;
} PointState;

struct NnpPointSet {
  PointState cur;
  NnpPointSetSaveFunc save;       /* the payload of the state now, for the other queue */
  GDestroyNotify payload_free;
  gpointer save_data;
  gpointer applied;               /* the payload of the step undo or redo just applied */
  GQueue undo;      /* of PointState*, newest at the head */
  GQueue redo;
  guint64 dropped;  /* undo steps dropped at the limit */
  guint64 serial;   /* checkpoints made */
};

static void
point_state_copy (PointState *dst, const PointState *src)
{
  dst->ds = nnp_dataset_dup (src->ds);
  dst->mask = g_malloc0 (MAX (src->ds->cap, 1));
  if (src->ds->n > 0)
    memcpy (dst->mask, src->mask, src->ds->n);
  dst->fraction = src->fraction;
  nnp_origin_copy (&dst->origin, &src->origin);
}

static void
point_state_clear (PointState *s)
{
  g_clear_pointer (&s->ds, nnp_dataset_free);
  g_clear_pointer (&s->mask, g_free);
}

/* Frees *payload with the set's payload_free; NULL after. */
static void
payload_drop (NnpPointSet *ps, gpointer *payload)
{
  if (*payload != NULL && ps->payload_free != NULL)
    ps->payload_free (*payload);
  *payload = NULL;
}

static void
point_state_free (NnpPointSet *ps, PointState *s)
{
  payload_drop (ps, &s->payload);
  point_state_clear (s);
  nnp_origin_clear (&s->origin);
  g_free (s);
}

static void
queue_clear (NnpPointSet *ps, GQueue *q)
{
  PointState *st;
  while ((st = g_queue_pop_head (q)) != NULL)
    point_state_free (ps, st);
}

NnpPointSet *
nnp_point_set_new (void)
{
  NnpPointSet *ps = g_new0 (NnpPointSet, 1);
  ps->cur.ds = nnp_dataset_alloc (0, 2);
  ps->cur.mask = g_malloc0 (MAX (ps->cur.ds->cap, 1));
  g_queue_init (&ps->undo);
  g_queue_init (&ps->redo);
  return ps;
}

void
nnp_point_set_free (NnpPointSet *ps)
{
  if (ps == NULL)
    return;
  point_state_clear (&ps->cur);
  nnp_origin_clear (&ps->cur.origin);
  queue_clear (ps, &ps->undo);
  queue_clear (ps, &ps->redo);
  payload_drop (ps, &ps->applied);
  g_free (ps);
}

void
nnp_point_set_set_payload_funcs (NnpPointSet *ps, NnpPointSetSaveFunc save, GDestroyNotify payload_free,
                                 gpointer save_data)
{
  g_return_if_fail (ps != NULL);
  ps->save = save;
  ps->payload_free = payload_free;
  ps->save_data = save_data;
}

/* At most NNP_POINT_SET_MAX_PAYLOADS steps keep one, the nearest to the
 * state now (the heads of undo and redo, taken in turn): the others lose
 * it, and their undo brings back the points alone. */
static void
bound_payloads (NnpPointSet *ps)
{
  guint kept = 0;
  GList *u = ps->undo.head, *r = ps->redo.head;
  for (gboolean from_undo = TRUE; u != NULL || r != NULL; from_undo = !from_undo)
    {
      GList *l;
      if ((from_undo && u != NULL) || r == NULL)
        {
          l = u;
          u = u->next;
        }
      else
        {
          l = r;
          r = r->next;
        }
      PointState *st = l->data;
      if (st->payload != NULL && ++kept > NNP_POINT_SET_MAX_PAYLOADS)
        payload_drop (ps, &st->payload);
    }
}

guint
nnp_point_set_n_payloads (const NnpPointSet *ps)
{
  guint n = 0;
  g_return_val_if_fail (ps != NULL, 0);
  const GQueue *queues[2] = { &ps->undo, &ps->redo };
  for (int q = 0; q < 2; q++)
    for (const GList *l = queues[q]->head; l != NULL; l = l->next)
      n += ((const PointState *) l->data)->payload != NULL;
  return n;
}

gpointer
nnp_point_set_steal_payload (NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, NULL);
  return g_steal_pointer (&ps->applied);
}

const NnpDataset *
nnp_point_set_data (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, NULL);
  return ps->cur.ds;
}

const guint8 *
nnp_point_set_mask (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, NULL);
  return ps->cur.ds->n > 0 ? ps->cur.mask : NULL;
}

double
nnp_point_set_test_fraction (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, 0.0);
  return ps->cur.fraction;
}

static PointState *
snapshot (const NnpPointSet *ps)
{
  PointState *s = g_new0 (PointState, 1);
  point_state_copy (s, &ps->cur);
  return s;
}

void
nnp_point_set_checkpoint (NnpPointSet *ps)
{
  nnp_point_set_checkpoint_with (ps, NULL);
}

void
nnp_point_set_checkpoint_with (NnpPointSet *ps, gpointer payload)
{
  g_return_if_fail (ps != NULL);
  PointState *s = snapshot (ps);
  s->payload = payload;
  g_queue_push_head (&ps->undo, s);
  while (g_queue_get_length (&ps->undo) > NNP_POINT_SET_MAX_UNDO)
    {
      point_state_free (ps, g_queue_pop_tail (&ps->undo));
      ps->dropped++;
    }
  queue_clear (ps, &ps->redo);
  ps->serial++;
  bound_payloads (ps);
}

guint64
nnp_point_set_position (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, 0);
  return ps->dropped + g_queue_get_length ((GQueue *) &ps->undo);
}

guint64
nnp_point_set_serial (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, 0);
  return ps->serial;
}

void
nnp_point_set_clear_redo (NnpPointSet *ps)
{
  g_return_if_fail (ps != NULL);
  queue_clear (ps, &ps->redo);
}

void
nnp_point_set_forget (NnpPointSet *ps)
{
  g_return_if_fail (ps != NULL);
  /* positions keep counting up: the dropped steps still count */
  ps->dropped += g_queue_get_length (&ps->undo);
  ps->serial++;
  queue_clear (ps, &ps->undo);
  queue_clear (ps, &ps->redo);
}

gboolean
nnp_point_set_add (NnpPointSet *ps, double x1, double x2, double label)
{
  g_return_val_if_fail (ps != NULL, FALSE);
  g_return_val_if_fail (isfinite (x1) && isfinite (x2), FALSE);
  g_return_val_if_fail (label == 0.0 || label == 1.0, FALSE);

  NnpDataset *ds = ps->cur.ds;
  size_t n_test = 0;
  for (size_t i = 0; i < ds->n; i++)
    n_test += ps->cur.mask[i];

  size_t old_cap = ds->cap;
  const double x[2] = { x1, x2 };
  if (!nnp_dataset_append (ds, x, label))
    return FALSE;
  if (ds->cap != old_cap)
    ps->cur.mask = g_realloc (ps->cur.mask, MAX (ds->cap, 1));

  size_t want = (size_t) llround (ps->cur.fraction * (double) ds->n);
  ps->cur.mask[ds->n - 1] = n_test < want;
  return TRUE;
}

gboolean
nnp_point_set_remove_nearest (NnpPointSet *ps, double x1, double x2, double max_dist)
{
  g_return_val_if_fail (ps != NULL, FALSE);

  NnpDataset *ds = ps->cur.ds;
  size_t best = SIZE_MAX;
  double best_d2 = max_dist * max_dist;
  for (size_t i = 0; i < ds->n; i++)
    {
      double dx = ds->X[2 * i] - x1, dy = ds->X[2 * i + 1] - x2;
      double d2 = dx * dx + dy * dy;
      if (d2 <= best_d2)
        {
          best_d2 = d2;
          best = i;
        }
    }
  if (best == SIZE_MAX)
    return FALSE;
  nnp_dataset_remove (ds, best);
  memmove (ps->cur.mask + best, ps->cur.mask + best + 1, ds->n - best);
  return TRUE;
}

void
nnp_point_set_set_split (NnpPointSet *ps, double fraction, uint64_t seed)
{
  g_return_if_fail (ps != NULL);
  g_return_if_fail (fraction >= 0.0 && fraction < 1.0);

  ps->cur.fraction = fraction;
  if (ps->cur.ds->n > 0)
    nnp_split_mask (ps->cur.mask, ps->cur.ds->n, fraction, seed);
}

void
nnp_point_set_replace (NnpPointSet *ps, const NnpDataset *ds, double fraction, uint64_t seed)
{
  g_return_if_fail (ps != NULL);
  g_return_if_fail (ds != NULL && ds->d == 2);

  point_state_clear (&ps->cur);
  ps->cur.ds = nnp_dataset_dup (ds);
  ps->cur.mask = g_malloc0 (MAX (ps->cur.ds->cap, 1));
  nnp_point_set_set_split (ps, fraction, seed);
}

void
nnp_point_set_replace_masked (NnpPointSet *ps, const NnpDataset *ds, const guint8 *mask,
                              double fraction)
{
  g_return_if_fail (ps != NULL);
  g_return_if_fail (ds != NULL && ds->d == 2);
  g_return_if_fail (mask != NULL || ds->n == 0);

  point_state_clear (&ps->cur);
  ps->cur.ds = nnp_dataset_dup (ds);
  ps->cur.mask = g_malloc0 (MAX (ps->cur.ds->cap, 1));
  for (size_t i = 0; i < ds->n; i++)
    ps->cur.mask[i] = mask[i] != 0;
  ps->cur.fraction = fraction;
}

void
nnp_origin_copy (NnpOrigin *dst, const NnpOrigin *src)
{
  *dst = *src;
  dst->file = g_strdup (src->file);
}

void
nnp_origin_clear (NnpOrigin *origin)
{
  g_clear_pointer (&origin->file, g_free);
}

void
nnp_point_set_set_origin (NnpPointSet *ps, const NnpOrigin *origin)
{
  NnpOrigin copy;

  g_return_if_fail (ps != NULL && origin != NULL);
  nnp_origin_copy (&copy, origin);   /* origin may be ps's own */
  nnp_origin_clear (&ps->cur.origin);
  ps->cur.origin = copy;
}

const NnpOrigin *
nnp_point_set_get_origin (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, NULL);
  return &ps->cur.origin;
}

gboolean
nnp_point_set_can_undo (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, FALSE);
  return ps->undo.length > 0;
}

gboolean
nnp_point_set_can_redo (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, FALSE);
  return ps->redo.length > 0;
}

static gboolean
swap_with (NnpPointSet *ps, GQueue *from, GQueue *to)
{
  PointState *s = g_queue_pop_head (from);
  if (s == NULL)
    return FALSE;
  PointState *now = snapshot (ps);
  /* a step that brings something back takes what is there now the
   * other way, before anything changes */
  if (s->payload != NULL && ps->save != NULL)
    now->payload = ps->save (ps->save_data);
  g_queue_push_head (to, now);
  point_state_clear (&ps->cur);
  nnp_origin_clear (&ps->cur.origin);
  payload_drop (ps, &ps->applied);
  ps->applied = s->payload;
  ps->cur = *s;
  ps->cur.payload = NULL;
  g_free (s);
  bound_payloads (ps);
  return TRUE;
}

gboolean
nnp_point_set_undo (NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, FALSE);
  return swap_with (ps, &ps->undo, &ps->redo);
}

gboolean
nnp_point_set_redo (NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, FALSE);
  return swap_with (ps, &ps->redo, &ps->undo);
}

NnpDataset *
nnp_point_set_train (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, NULL);
  if (ps->cur.ds->n == 0)
    return nnp_dataset_alloc (0, 2);
  return nnp_dataset_subset (ps->cur.ds, ps->cur.mask, 0);
}

NnpDataset *
nnp_point_set_test (const NnpPointSet *ps)
{
  g_return_val_if_fail (ps != NULL, NULL);
  if (ps->cur.ds->n == 0)
    return nnp_dataset_alloc (0, 2);
  return nnp_dataset_subset (ps->cur.ds, ps->cur.mask, 1);
}
