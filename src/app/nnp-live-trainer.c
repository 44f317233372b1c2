/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-live-trainer.c: the training thread, its pending-edits mailbox and its published snapshot. */
#define G_LOG_DOMAIN "nnplay-live"
/* pthread_condattr_setclock and clock_gettime under -std=c17. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <nnplay/nnp-snapshots.h>

#include "nnp-live-trainer.h"

/* pthread primitives rather than GMutex/GCond: GLib's futex-based GMutex
 * lives in uninstrumented code, so ThreadSanitizer could not see the
 * happens-before edges it creates. */

enum {
  PEND_MODEL  = 1 << 0,
  PEND_DATA   = 1 << 1,
  PEND_SEED   = 1 << 2,
  PEND_HIDDEN = 1 << 3,
  PEND_ACT    = 1 << 4,
  PEND_LR     = 1 << 5,
  PEND_BATCH  = 1 << 6,
  PEND_RESET  = 1 << 7,
  PEND_CAP    = 1 << 8,
  PEND_SNAPS  = 1 << 9,
};

/* Publish at most this often while running (microseconds). */
#define PUBLISH_INTERVAL_US 2000
#define RATE_WINDOW_US      250000
/* A paced run that falls further behind than this (or one period, if
 * longer) restarts its schedule instead of catching up in a burst. */
#define PACE_CATCH_UP_NS    50000000
#define NS_PER_S            1000000000
/* Divergence that is still finite: an epoch that takes J above
 * DIVERGE_COST and to more than DIVERGE_RATIO times its value before the
 * epoch, or to more than DIVERGE_RATIO times the lowest J since the last
 * edit. The engine only stops at non-finite values, and a large learning
 * rate (the number field goes to 1000) makes J bounce between large values
 * long before it overflows. At alpha = 100 the rise can be spread over
 * two or more epochs (two moons, 200 points, 4 sigmoid units: seeds 1, 5,
 * 6 and 8), which only the second test catches; on seed 2 J bounces but
 * stays below 17, under the threshold. alpha = 10 can briefly reach
 * J = 18 (ReLU, moons seed 4), so the threshold cannot be much lower.
 * test-live-trainer checks both claims. */
#define DIVERGE_COST  20.0
#define DIVERGE_RATIO 10.0

struct NnpLiveTrainer {
  GThread *thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;      /* edits for the thread; CLOCK_MONOTONIC for paced waits */
  pthread_cond_t published; /* for nnp_live_trainer_flush */

  /* ---- Shared, under lock. ---- */
  gboolean quit, running;
  guint step_pending;         /* Step presses not yet trained: one epoch each */
  guint pending;
  guint64 edit_serial, applied_serial;
  double speed;             /* epochs per second; 0 = as fast as possible */
  NnpLiveConfig pend;
  uint64_t pend_reset_seed;
  NnpDataset *pend_train, *pend_test;
  NnpModel *pend_model;
  NnpHistory *pend_history;
  size_t pend_epoch;
  size_t pend_stride;
  size_t pend_cap;
  NnpSnapshots *pend_snaps;
  /* theta at past epochs (nnp-snapshots.h): the thread records, the UI
   * reads, both under the lock. */
  NnpSnapshots *snaps;

  NnpModel *pub_model;
  NnpHistory *pub_tail;     /* entries the UI has not taken yet */
  gboolean pub_reset;       /* the UI must drop its history first */
  /* The UI must retype its history first: drop its test columns if
   * pub_retype_drop, then give it pub_tail's (filled with these). */
  gboolean pub_retype, pub_retype_drop;
  double pub_retype_cost, pub_retype_acc;
  size_t pub_retype_epoch;    /* the split was switched on at this epoch, */
  double pub_retype_tc, pub_retype_ta;  /* with these test values there */
  /* The curve is thinned in place on both sides: the UI halves its part
   * pub_halvings times (keeping entries 0, 2, 4, ..) before appending
   * pub_tail; pub_ui_len is the length of its part after that. */
  guint pub_halvings;
  size_t pub_ui_len;
  size_t pub_stride;
  size_t pub_epochs;
  double pub_eps, pub_lr;
  double pub_cost, pub_acc, pub_test_cost, pub_test_acc;
  gboolean pub_diverged, pub_trainable, pub_has_test, pub_valid;
  double pub_jump_from, pub_jump_to;
  guint64 generation;       /* also read with atomics, lock-free */

  /* ---- Thread-private. ---- */
  NnpLiveConfig cfg;
  NnpModel *model;
  NnpDataset *train, *test;
  NnpHistory *history;      /* trimmed to its last entry after each publish */
  NnpTrainer *trainer;
  size_t hist_sent;         /* entries of history already published */
  size_t hist_loaded;       /* leading entries of history from a session, taken as they are */
  size_t base_stride;       /* the stride of the curve the next reset starts */
  size_t curve_len;         /* entries in the curve (the UI's part and pub_tail) */
  size_t stride;            /* curve entry i is epoch i * stride */
  gboolean curve_frozen;    /* a session's curve that ends too early to go on */
  size_t history_cap;       /* NNP_LIVE_MAX_HISTORY, or a test's */
  size_t epochs;            /* epochs trained: the true count, past the curve's end too */
  size_t next_keep;         /* the next epoch the snapshot store keeps */
  gboolean history_reset, diverged;
  /* The split changed: the curve keeps its entries, with test columns
   * added (filled with these) or dropped. */
  gboolean retype;
  double retype_cost, retype_acc;
  size_t retype_epoch;
  double retype_tc, retype_ta;
  /* J and accuracy of the current model on the current data; valid when
   * there are training points. */
  gboolean cur_valid;
  double cur_cost, cur_acc, cur_test_cost, cur_test_acc;
  NnpParams *prev;          /* theta^(t) while the epoch makes theta^(t+1) */
  double jump_from, jump_to;  /* the step that exploded J, or 0, 0 */
  double cost_min;          /* lowest J since the last edit (INFINITY: none) */
  gint64 last_publish, rate_t0;
  size_t rate_e0;
  double eps;
  gint64 pace_last;         /* when the last paced epoch was due (ns, CLOCK_MONOTONIC) */
};

static gint64
mono_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static gint64
pace_period_ns (double speed)
{
  /* At most a day between epochs, at least a nanosecond. */
  return CLAMP ((gint64) llround (MIN (NS_PER_S / speed, 86400.0 * NS_PER_S)), 1, G_MAXINT64 / 4);
}

/* Epochs are due on a fixed grid, pace_last + k * period, so sleeping
 * late does not make the rate drift. */
static gint64
pace_due (const NnpLiveTrainer *lt, double speed)
{
  return lt->pace_last + pace_period_ns (speed);
}

static void
pace_advance (NnpLiveTrainer *lt, double speed, gint64 now)
{
  gint64 period = pace_period_ns (speed), due = lt->pace_last + period;
  /* After a pause, a speed change or a stall: start a new grid at now. */
  lt->pace_last = now - due > MAX (period, PACE_CATCH_UP_NS) ? now : due;
}

static gboolean
data_has_test (const NnpDataset *test)
{
  return test != NULL && test->n > 0;
}

static void evaluate (NnpLiveTrainer *lt);

/* The curve's entry for epoch (if it has one and it is still NaN) gets
 * the test values the weights had there. */
static void
set_test_at (NnpHistory *h, size_t epoch, size_t stride, double tc, double ta)
{
  size_t i;

  if (h == NULL || !h->has_test || stride == 0 || epoch % stride != 0)
    return;
  i = epoch / stride;
  if (i < h->len && isnan (h->test_cost[i]))
    {
      h->test_cost[i] = tc;
      h->test_acc[i] = ta;
    }
}

static void
rebuild_trainer (NnpLiveTrainer *lt)
{
  g_clear_pointer (&lt->trainer, nnp_trainer_free);

  if (lt->history->has_test != data_has_test (lt->test))
    {
      /* The split was turned on or off: the epoch count and the train
       * curve go on; the test columns are dropped, or added as NaN (no
       * value) for the epochs before now: the test curve starts at the
       * epoch the split was switched on (nnp_live_trainer_sync gives the
       * current epoch's entry its values). */
      evaluate (lt);
      nnp_history_retype (lt->history, data_has_test (lt->test), NAN, NAN);
      lt->retype = TRUE;
      lt->retype_cost = NAN;
      lt->retype_acc = NAN;
      lt->retype_epoch = lt->epochs;
      lt->retype_tc = lt->cur_test_cost;
      lt->retype_ta = lt->cur_test_acc;
      set_test_at (lt->history, lt->epochs, lt->stride, lt->cur_test_cost, lt->cur_test_acc);
    }

  if (lt->train == NULL || lt->train->n == 0)
    {
      /* Nothing trained and no training points left (points added, then
       * undone): the curve's one entry is J of points that are gone, and
       * there is no past run to keep (a trained run keeps its curve, its
       * legend saying "—" for the present). No curve, as after Clear;
       * points added again record epoch 0 anew. */
      if (lt->epochs == 0 && lt->history->len > 0)
        {
          nnp_history_clear (lt->history);
          lt->hist_loaded = 0;
          lt->base_stride = 1;
          lt->history_reset = TRUE;
        }
      return;
    }

  /* Every core but one, which stays for drawing (the trainer uses them
   * only where n x h is large enough to pay). */
  NnpTrainOptions opt = { .lr = lt->cfg.lr, .batch = lt->cfg.batch, .seed = lt->cfg.seed,
                          .threads = (unsigned) MAX (1, (int) g_get_num_processors () - 1) };
  gboolean was_empty = lt->history->len == 0;
  lt->trainer = nnp_trainer_new (lt->model, lt->train,
                                 data_has_test (lt->test) ? lt->test : NULL,
                                 lt->history, &opt);
  if (lt->trainer == NULL)
    g_warning ("Cannot train on these data (n = %zu)", lt->train->n);
  else if (was_empty)
    lt->history_reset = TRUE;
}

static void
replace_model (NnpModel **dst, const NnpModel *src)
{
  if (*dst != NULL && (*dst)->theta->d == src->theta->d && (*dst)->theta->h == src->theta->h)
    {
      nnp_params_copy ((*dst)->theta, src->theta);
      (*dst)->act = src->act;
      return;
    }
  nnp_model_free (*dst);
  *dst = nnp_model_dup (src);
}

/* A forward pass only, no epoch: the current model on the current data,
 * so that what is shown after an edit made while paused is never stale. */
static void
evaluate (NnpLiveTrainer *lt)
{
  NnpEval e = { 0 };
  NnpWorkspace *ws;

  lt->cur_valid = FALSE;
  lt->cur_cost = lt->cur_acc = lt->cur_test_cost = lt->cur_test_acc = 0.0;
  gboolean has_train = lt->train != NULL && lt->train->n > 0;
  if ((!has_train && !data_has_test (lt->test))
      || (ws = nnp_workspace_alloc (lt->model->theta->h)) == NULL)
    return;
  if (has_train)
    {
      nnp_forward_backward (NULL, &e, lt->train->X, lt->train->y, NULL, lt->train->n, lt->model, ws);
      lt->cur_cost = e.cost;
      lt->cur_acc = (double) e.correct / (double) e.n;
    }
  /* Also without training points: a split turned on fills the curve's
   * test columns with these (nnp_history_retype). */
  if (data_has_test (lt->test))
    {
      nnp_forward_backward (NULL, &e, lt->test->X, lt->test->y, NULL, lt->test->n, lt->model, ws);
      lt->cur_test_cost = e.cost;
      lt->cur_test_acc = (double) e.correct / (double) e.n;
    }
  nnp_workspace_free (ws);
  lt->cur_valid = has_train && isfinite (lt->cur_cost) && isfinite (lt->cur_test_cost);
}

/* After an epoch: the trainer has just evaluated the new weights. */
static void
take_last_entry (NnpLiveTrainer *lt)
{
  const NnpHistory *h = lt->history;
  size_t t = h->len - 1;

  lt->cur_valid = TRUE;
  lt->cur_cost = h->train_cost[t];
  lt->cur_acc = h->train_acc[t];
  lt->cur_test_cost = h->has_test ? h->test_cost[t] : 0.0;
  lt->cur_test_acc = h->has_test ? h->test_acc[t] : 0.0;
}

/* The epoch just done made J explode: back to theta^(t), its history
 * entry dropped (it is not published yet), and the run paused. */
static void
explode (NnpLiveTrainer *lt, double before, double after)
{
  nnp_params_copy (lt->model->theta, lt->prev);
  lt->history->len--;
  /* The trainer caches the gradient of the weights it made. */
  rebuild_trainer (lt);
  evaluate (lt);
  lt->diverged = TRUE;
  lt->jump_from = before;
  lt->jump_to = after;
}

/* theta at the current epoch joins the store (replacing the snapshot of
 * this epoch, if any: the model changed without an epoch); clear first
 * for a new run, or take snaps (a branched run's past) instead. */
static void
snapshot_record (NnpLiveTrainer *lt, gboolean clear, NnpSnapshots *snaps)
{
  pthread_mutex_lock (&lt->lock);
  if (snaps != NULL)
    {
      nnp_snapshots_free (lt->snaps);
      lt->snaps = snaps;
    }
  else if (clear)
    nnp_snapshots_clear (lt->snaps);
  if (nnp_snapshots_record (lt->snaps, lt->epochs, lt->model) != 0)
    g_warning ("Out of memory for the snapshot of epoch %zu", lt->epochs);
  pthread_mutex_unlock (&lt->lock);
  lt->next_keep = nnp_snapshots_next_kept (lt->epochs);
}

/* Applies the edits taken from the mailbox; they now belong to the thread. */
static void
apply_edits (NnpLiveTrainer *lt, guint flags, const NnpLiveConfig *pend, uint64_t reset_seed,
             NnpDataset *train, NnpDataset *test, NnpModel *model, NnpHistory *history,
             size_t epoch, size_t stride, NnpSnapshots *snaps)
{
  gboolean new_run = (flags & PEND_RESET) || ((flags & PEND_MODEL) && history != NULL);
  gboolean rebuild = (flags & ~(guint) (PEND_LR | PEND_CAP)) != 0;

  if (flags & PEND_MODEL)
    {
      nnp_model_free (lt->model);
      lt->model = model;
      lt->cfg.hidden = model->theta->h;
      lt->cfg.act = model->act;
      if (history != NULL)
        {
          nnp_history_free (lt->history);
          lt->history = history;
          /* Entry i is epoch i * stride; a curve that ends a stride or
           * more before the epoch (saved when the curve stopped at its
           * cap) keeps the entries it has and grows no more. */
          size_t last = history->len > 0 ? (history->len - 1) * stride : 0;
          lt->epochs = MAX (epoch, last);
          lt->hist_loaded = history->len;
          lt->base_stride = stride;
          lt->history_reset = TRUE;
        }
      lt->diverged = FALSE;
    }
  if (flags & (PEND_MODEL | PEND_DATA | PEND_HIDDEN | PEND_ACT | PEND_LR | PEND_RESET))
    lt->jump_from = lt->jump_to = 0.0;
  if (flags & PEND_DATA)
    {
      nnp_dataset_free (lt->train);
      nnp_dataset_free (lt->test);
      lt->train = train;
      lt->test = test;
      lt->diverged = FALSE;
    }
  if (flags & PEND_SEED)
    lt->cfg.seed = pend->seed;
  if ((flags & PEND_HIDDEN) && pend->hidden != lt->model->theta->h)
    {
      NnpModel *grown = nnp_model_resized (lt->model, pend->hidden, lt->cfg.seed);
      if (grown != NULL)
        {
          nnp_model_free (lt->model);
          lt->model = grown;
          lt->cfg.hidden = pend->hidden;
          lt->diverged = FALSE;
        }
    }
  if (flags & PEND_ACT)
    {
      lt->model->act = pend->act;
      lt->cfg.act = pend->act;
      lt->diverged = FALSE;
    }
  if (flags & PEND_LR)
    {
      lt->cfg.lr = pend->lr;
      lt->diverged = FALSE;
      if (!rebuild && lt->trainer != NULL)
        nnp_trainer_set_lr (lt->trainer, pend->lr);
    }
  if (flags & PEND_BATCH)
    lt->cfg.batch = pend->batch;
  if (flags & PEND_RESET)
    {
      lt->cfg.seed = reset_seed;
      nnp_model_init_random (lt->model, reset_seed);
      nnp_history_clear (lt->history);
      lt->epochs = 0;
      lt->hist_loaded = 0;
      lt->base_stride = 1;
      lt->history_reset = TRUE;
      lt->diverged = FALSE;
    }
  if (rebuild)
    rebuild_trainer (lt);
  if (flags & (PEND_MODEL | PEND_DATA | PEND_HIDDEN | PEND_ACT | PEND_RESET))
    evaluate (lt);
  if (flags & (PEND_MODEL | PEND_HIDDEN | PEND_ACT | PEND_RESET | PEND_SNAPS))
    snapshot_record (lt, new_run, snaps);
}

/* Keeps curve entries 0, 2, 4, .. and doubles the stride: pub_tail in
 * place, the UI's part when it next syncs. Under the lock. */
static void
halve_curve (NnpLiveTrainer *lt)
{
  NnpHistory *tail = lt->pub_tail;
  size_t u = lt->pub_ui_len;

  nnp_history_thin (tail, u);
  lt->pub_ui_len = (u + 1) / 2;
  lt->pub_halvings++;
  lt->stride *= 2;
  lt->curve_len = lt->pub_ui_len + tail->len;
}

static void
curve_append (NnpLiveTrainer *lt, const NnpHistory *h, size_t t)
{
  if (nnp_history_append (lt->pub_tail, h->train_cost[t], h->train_acc[t],
                          h->has_test ? h->test_cost[t] : 0.0,
                          h->has_test ? h->test_acc[t] : 0.0) == 0)
    lt->curve_len++;
}

/* Entry t of the thread's history, that of epoch `epoch`, joins the curve
 * when it is the next multiple of the stride; a full curve is thinned
 * first. Under the lock. */
static void
curve_record (NnpLiveTrainer *lt, const NnpHistory *h, size_t t, size_t epoch)
{
  if (lt->curve_frozen || epoch < lt->curve_len * lt->stride)
    return;
  if (epoch > lt->curve_len * lt->stride)
    {
      lt->curve_frozen = TRUE;
      return;
    }
  if (lt->curve_len >= lt->history_cap)
    {
      if (lt->stride > G_MAXSIZE / 4)
        {
          lt->curve_frozen = TRUE;
          return;
        }
      while (lt->curve_len >= lt->history_cap)
        halve_curve (lt);
      if (epoch != lt->curve_len * lt->stride)
        return;
    }
  curve_append (lt, h, t);
}

/* Moves the new history entries, the weights and the readouts to the
 * shared side; the lock is held for these copies only. */
static void
publish (NnpLiveTrainer *lt, guint64 serial)
{
  NnpHistory *h = lt->history;
  gint64 now = g_get_monotonic_time ();
  size_t epochs = lt->epochs;

  if (now - lt->rate_t0 >= RATE_WINDOW_US || epochs < lt->rate_e0)
    {
      if (epochs >= lt->rate_e0 && now > lt->rate_t0)
        lt->eps = (double) (epochs - lt->rate_e0) * 1e6 / (double) (now - lt->rate_t0);
      lt->rate_t0 = now;
      lt->rate_e0 = epochs;
    }

  pthread_mutex_lock (&lt->lock);
  replace_model (&lt->pub_model, lt->model);
  if (lt->retype)
    {
      nnp_history_retype (lt->pub_tail, h->has_test, lt->retype_cost, lt->retype_acc);
      lt->pub_retype = TRUE;
      lt->pub_retype_drop |= !h->has_test;
      lt->pub_retype_cost = lt->retype_cost;
      lt->pub_retype_acc = lt->retype_acc;
      lt->pub_retype_epoch = lt->retype_epoch;
      lt->pub_retype_tc = lt->retype_tc;
      lt->pub_retype_ta = lt->retype_ta;
      lt->retype = FALSE;
    }
  if (lt->history_reset || lt->pub_tail->has_test != h->has_test)
    {
      nnp_history_free (lt->pub_tail);
      lt->pub_tail = nnp_history_new (h->has_test);
      lt->pub_reset = TRUE;
      lt->pub_retype = lt->pub_retype_drop = FALSE;
      lt->pub_halvings = 0;
      lt->pub_ui_len = 0;
      lt->hist_sent = 0;
      lt->curve_len = 0;
      lt->stride = lt->base_stride;
      lt->curve_frozen = FALSE;
      lt->history_reset = FALSE;
      /* A session's curve, as saved (entry i = epoch i * its stride). */
      for (size_t t = 0; t < lt->hist_loaded && t < h->len; t++)
        curve_append (lt, h, t);
      lt->hist_sent = MIN (lt->hist_loaded, h->len);
      while (lt->curve_len > lt->history_cap && lt->stride <= G_MAXSIZE / 4)
        halve_curve (lt);
    }
  /* The entries after those sent are the epochs up to the current one. */
  for (size_t t = lt->hist_sent; t < h->len; t++)
    curve_record (lt, h, t, epochs - (h->len - 1 - t));
  lt->hist_sent = h->len;
  lt->hist_loaded = 0;
  lt->pub_cost = lt->cur_cost;
  lt->pub_acc = lt->cur_acc;
  lt->pub_test_cost = lt->cur_test_cost;
  lt->pub_test_acc = lt->cur_test_acc;
  lt->pub_valid = lt->cur_valid;
  lt->pub_has_test = h->has_test;
  /* Nothing to train (no training points): Play pauses itself, unless a
   * newer edit (new points, say) may change that. */
  if (lt->diverged || (lt->trainer == NULL && lt->edit_serial == serial))
    lt->running = FALSE;
  if (!lt->running)
    lt->eps = 0.0;
  lt->pub_epochs = epochs;
  lt->pub_eps = lt->eps;
  lt->pub_lr = lt->cfg.lr;
  lt->pub_diverged = lt->diverged;
  lt->pub_jump_from = lt->jump_from;
  lt->pub_jump_to = lt->jump_to;
  lt->pub_stride = lt->stride;
  lt->pub_trainable = lt->trainer != NULL;
  lt->applied_serial = serial;
  __atomic_store_n (&lt->generation, lt->generation + 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast (&lt->published);
  pthread_mutex_unlock (&lt->lock);

  lt->last_publish = now;

  /* Keep only the last entry: the trainer appends after it, and the thread's
   * memory stays constant however long the run. */
  if (h->len > 1)
    {
      size_t last = h->len - 1;
      h->train_cost[0] = h->train_cost[last];
      h->train_acc[0] = h->train_acc[last];
      if (h->has_test)
        {
          h->test_cost[0] = h->test_cost[last];
          h->test_acc[0] = h->test_acc[last];
        }
      h->len = 1;
      lt->hist_sent = 1;
    }
}

static gpointer
thread_main (gpointer data)
{
  NnpLiveTrainer *lt = data;

  for (;;)
    {
      gboolean can_run = lt->trainer != NULL;

      pthread_mutex_lock (&lt->lock);
      /* Sleep until an edit, or until the next epoch is due: paced waits
       * are on the same condition, so edits, Pause and quit end them. */
      while (!lt->quit && lt->pending == 0 && !lt->step_pending
             && lt->edit_serial == lt->applied_serial)
        {
          if (!(lt->running && can_run))
            pthread_cond_wait (&lt->wake, &lt->lock);
          else if (lt->speed <= 0)
            break;
          else
            {
              gint64 due = pace_due (lt, lt->speed);
              if (mono_ns () >= due)
                break;
              struct timespec ts = { .tv_sec = due / NS_PER_S, .tv_nsec = due % NS_PER_S };
              pthread_cond_timedwait (&lt->wake, &lt->lock, &ts);
            }
        }
      if (lt->quit)
        {
          pthread_mutex_unlock (&lt->lock);
          break;
        }
      guint flags = lt->pending;
      NnpLiveConfig pend = lt->pend;
      uint64_t reset_seed = lt->pend_reset_seed;
      NnpDataset *train = g_steal_pointer (&lt->pend_train);
      NnpDataset *test = g_steal_pointer (&lt->pend_test);
      NnpModel *model = g_steal_pointer (&lt->pend_model);
      NnpHistory *history = g_steal_pointer (&lt->pend_history);
      size_t model_epoch = lt->pend_epoch;
      size_t model_stride = lt->pend_stride;
      size_t cap = lt->pend_cap;
      NnpSnapshots *snaps = g_steal_pointer (&lt->pend_snaps);
      guint64 serial = lt->edit_serial;
      gboolean step = lt->step_pending > 0;
      gboolean was_running = lt->running;
      double speed = lt->speed;
      lt->pending = 0;
      if (step)
        lt->step_pending--;
      /* Steps still queued: the edits so far are not all applied yet, so
       * nnp_live_trainer_flush() waits for them too. */
      if (lt->step_pending > 0)
        serial = lt->applied_serial;
      pthread_mutex_unlock (&lt->lock);

      if (flags != 0)
        {
          /* Any edit (data, weights, alpha, ..) starts a new run for the
           * "10 times the lowest J" test. */
          lt->cost_min = INFINITY;
          if (flags & PEND_CAP)
            lt->history_cap = cap;
          apply_edits (lt, flags, &pend, reset_seed, train, test, model, history,
                       model_epoch, model_stride, snaps);
        }

      /* A paced run woken early by an edit applies it and publishes, but
       * trains only when the epoch is due. */
      gint64 now_ns = speed > 0 && was_running ? mono_ns () : 0;
      gboolean tick = was_running && (speed <= 0 || now_ns >= pace_due (lt, speed));
      gboolean epoch = (tick || step) && lt->trainer != NULL;
      if (epoch && tick && speed > 0)
        pace_advance (lt, speed, now_ns);
      if (epoch)
        {
          double before = lt->cur_valid ? lt->cur_cost : NAN;
          if (lt->cur_valid)
            lt->cost_min = MIN (lt->cost_min, lt->cur_cost);
          if (lt->prev == NULL || lt->prev->size != lt->model->theta->size)
            {
              nnp_params_free (lt->prev);
              lt->prev = nnp_params_alloc (lt->model->theta->d, lt->model->theta->h);
            }
          nnp_params_copy (lt->prev, lt->model->theta);
          NnpStatus status = nnp_trainer_epoch (lt->trainer);
          if (status == NNP_OK)
            {
              double after = lt->history->train_cost[lt->history->len - 1];
              if (isfinite (before) && after > DIVERGE_COST
                  && (after > DIVERGE_RATIO * before || after > DIVERGE_RATIO * lt->cost_min))
                explode (lt, before, after);
              else
                {
                  lt->epochs++;
                  if (lt->epochs >= lt->next_keep)
                    snapshot_record (lt, FALSE, NULL);
                  take_last_entry (lt);
                  lt->cost_min = MIN (lt->cost_min, lt->cur_cost);
                }
            }
          else if (status == NNP_DIVERGED)
            lt->diverged = TRUE;
          else if (status != NNP_OK)
            {
              g_warning ("Training step failed (status %d)", (int) status);
              lt->diverged = TRUE;
            }
        }

      gint64 now = g_get_monotonic_time ();
      if (!epoch || flags != 0 || step || lt->diverged
          || serial != lt->applied_serial || now - lt->last_publish >= PUBLISH_INTERVAL_US)
        publish (lt, serial);
    }
  return NULL;
}

static NnpDataset *
dup_or_empty (const NnpDataset *ds)
{
  return ds != NULL ? nnp_dataset_dup (ds) : NULL;
}

NnpLiveTrainer *
nnp_live_trainer_new (const NnpLiveConfig *cfg, const NnpDataset *train, const NnpDataset *test)
{
  g_return_val_if_fail (cfg != NULL, NULL);
  g_return_val_if_fail (cfg->hidden >= 1, NULL);
  g_return_val_if_fail (isfinite (cfg->lr) && cfg->lr > 0, NULL);
  g_return_val_if_fail (train == NULL || train->d == 2, NULL);
  g_return_val_if_fail (isfinite (cfg->speed) && cfg->speed >= 0, NULL);

  NnpLiveTrainer *lt = g_new0 (NnpLiveTrainer, 1);
  pthread_condattr_t attr;
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_mutex_init (&lt->lock, NULL);
  pthread_cond_init (&lt->wake, &attr);
  pthread_cond_init (&lt->published, NULL);
  pthread_condattr_destroy (&attr);

  lt->cfg = *cfg;
  lt->pend = *cfg;
  lt->speed = cfg->speed;
  lt->pace_last = G_MININT64 / 2;
  lt->model = nnp_model_alloc (2, cfg->hidden, cfg->act);
  nnp_model_init_random (lt->model, cfg->seed);
  lt->train = dup_or_empty (train);
  lt->test = dup_or_empty (test);
  lt->history = nnp_history_new (data_has_test (lt->test));
  lt->pub_tail = nnp_history_new (lt->history->has_test);
  lt->history_cap = NNP_LIVE_MAX_HISTORY;
  lt->base_stride = lt->stride = 1;
  lt->cost_min = INFINITY;
  lt->rate_t0 = g_get_monotonic_time ();
  rebuild_trainer (lt);
  evaluate (lt);
  lt->snaps = nnp_snapshots_new ();
  snapshot_record (lt, TRUE, NULL);

  publish (lt, 0);

  lt->thread = g_thread_new ("nnp-trainer", thread_main, lt);
  return lt;
}

void
nnp_live_trainer_free (NnpLiveTrainer *lt)
{
  if (lt == NULL)
    return;

  pthread_mutex_lock (&lt->lock);
  lt->quit = TRUE;
  pthread_cond_broadcast (&lt->wake);
  pthread_cond_broadcast (&lt->published);
  pthread_mutex_unlock (&lt->lock);
  g_thread_join (lt->thread);

  nnp_trainer_free (lt->trainer);
  nnp_model_free (lt->model);
  nnp_dataset_free (lt->train);
  nnp_dataset_free (lt->test);
  nnp_history_free (lt->history);
  nnp_dataset_free (lt->pend_train);
  nnp_dataset_free (lt->pend_test);
  nnp_model_free (lt->pend_model);
  nnp_history_free (lt->pend_history);
  nnp_snapshots_free (lt->pend_snaps);
  nnp_snapshots_free (lt->snaps);
  nnp_model_free (lt->pub_model);
  nnp_params_free (lt->prev);
  nnp_history_free (lt->pub_tail);
  pthread_cond_destroy (&lt->wake);
  pthread_cond_destroy (&lt->published);
  pthread_mutex_destroy (&lt->lock);
  g_free (lt);
}

/* Every edit: take the lock, store, bump the serial, wake the thread. */
#define EDIT_BEGIN(lt) pthread_mutex_lock (&(lt)->lock)
#define EDIT_END(lt) G_STMT_START { \
    (lt)->edit_serial++; \
    pthread_cond_signal (&(lt)->wake); \
    pthread_mutex_unlock (&(lt)->lock); \
  } G_STMT_END

void
nnp_live_trainer_set_running (NnpLiveTrainer *lt, gboolean running)
{
  g_return_if_fail (lt != NULL);
  EDIT_BEGIN (lt);
  lt->running = running;
  EDIT_END (lt);
}

void
nnp_live_trainer_step (NnpLiveTrainer *lt)
{
  g_return_if_fail (lt != NULL);
  EDIT_BEGIN (lt);
  if (lt->step_pending < G_MAXUINT)
    lt->step_pending++;
  EDIT_END (lt);
}

void
nnp_live_trainer_reset (NnpLiveTrainer *lt, uint64_t seed)
{
  g_return_if_fail (lt != NULL);
  EDIT_BEGIN (lt);
  lt->pend_reset_seed = seed;
  lt->pending |= PEND_RESET;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_data (NnpLiveTrainer *lt, const NnpDataset *train, const NnpDataset *test)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail (train == NULL || train->d == 2);
  g_return_if_fail (test == NULL || test->d == 2);

  /* Copy outside the lock; swap in under it. */
  NnpDataset *tr = dup_or_empty (train), *te = dup_or_empty (test);
  EDIT_BEGIN (lt);
  nnp_dataset_free (lt->pend_train);
  nnp_dataset_free (lt->pend_test);
  lt->pend_train = tr;
  lt->pend_test = te;
  lt->pending |= PEND_DATA;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_lr (NnpLiveTrainer *lt, double lr)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail (isfinite (lr) && lr > 0);
  EDIT_BEGIN (lt);
  lt->pend.lr = lr;
  lt->pending |= PEND_LR;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_hidden (NnpLiveTrainer *lt, size_t hidden)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail (hidden >= 1);
  EDIT_BEGIN (lt);
  lt->pend.hidden = hidden;
  lt->pending |= PEND_HIDDEN;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_activation (NnpLiveTrainer *lt, NnpActivation act)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail ((int) act >= 0 && act < NNP_N_ACTIVATIONS);
  EDIT_BEGIN (lt);
  lt->pend.act = act;
  lt->pending |= PEND_ACT;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_batch (NnpLiveTrainer *lt, size_t batch)
{
  g_return_if_fail (lt != NULL);
  EDIT_BEGIN (lt);
  lt->pend.batch = batch;
  lt->pending |= PEND_BATCH;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_seed (NnpLiveTrainer *lt, uint64_t seed)
{
  g_return_if_fail (lt != NULL);
  EDIT_BEGIN (lt);
  lt->pend.seed = seed;
  lt->pending |= PEND_SEED;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_speed (NnpLiveTrainer *lt, double epochs_per_s)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail (isfinite (epochs_per_s) && epochs_per_s >= 0);
  EDIT_BEGIN (lt);
  lt->speed = epochs_per_s;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_model (NnpLiveTrainer *lt, const NnpModel *model, const NnpHistory *history,
                            size_t epoch, size_t history_stride)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail (model != NULL && model->theta->d == 2);
  g_return_if_fail (history_stride <= G_MAXSIZE / 4);

  NnpModel *m = nnp_model_dup (model);
  NnpHistory *h = history != NULL && history->len > 0 ? nnp_history_dup (history) : NULL;
  if (history != NULL && h == NULL)
    h = nnp_history_new (history->has_test);
  EDIT_BEGIN (lt);
  nnp_model_free (lt->pend_model);
  nnp_history_free (lt->pend_history);
  lt->pend_model = m;
  lt->pend_history = h;
  lt->pend_epoch = epoch;
  lt->pend_stride = MAX (history_stride, (size_t) 1);
  lt->pending |= PEND_MODEL;
  /* A later hidden-size or activation edit would undo the model's own. */
  lt->pending &= ~(guint) (PEND_HIDDEN | PEND_ACT);
  /* A new run: a store queued for the old one (an undo's) is not its past;
   * a caller gives the new run's with set_snapshots after this. */
  if (h != NULL)
    {
      nnp_snapshots_free (lt->pend_snaps);
      lt->pend_snaps = NULL;
      lt->pending &= ~(guint) PEND_SNAPS;
    }
  lt->pend.hidden = model->theta->h;
  lt->pend.act = model->act;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_history_cap (NnpLiveTrainer *lt, size_t cap)
{
  g_return_if_fail (lt != NULL);
  g_return_if_fail (cap >= 2);
  EDIT_BEGIN (lt);
  lt->pending |= PEND_CAP;
  lt->pend_cap = cap;
  EDIT_END (lt);
}

void
nnp_live_trainer_set_snapshots (NnpLiveTrainer *lt, const NnpSnapshots *snaps)
{
  g_return_if_fail (lt != NULL && snaps != NULL);

  NnpSnapshots *c = nnp_snapshots_dup (snaps);
  if (c == NULL)
    return;
  EDIT_BEGIN (lt);
  nnp_snapshots_free (lt->pend_snaps);
  lt->pend_snaps = c;
  lt->pending |= PEND_SNAPS;
  EDIT_END (lt);
}

NnpModel *
nnp_live_trainer_snapshot (NnpLiveTrainer *lt, size_t epoch, gboolean later, size_t *found)
{
  g_return_val_if_fail (lt != NULL, NULL);

  pthread_mutex_lock (&lt->lock);
  const NnpModel *m = later ? nnp_snapshots_find_after (lt->snaps, epoch, found)
                            : nnp_snapshots_find (lt->snaps, epoch, found);
  NnpModel *c = m != NULL ? nnp_model_dup (m) : NULL;
  pthread_mutex_unlock (&lt->lock);
  return c;
}

NnpSnapshots *
nnp_live_trainer_dup_snapshots (NnpLiveTrainer *lt)
{
  g_return_val_if_fail (lt != NULL, NULL);

  pthread_mutex_lock (&lt->lock);
  NnpSnapshots *c = nnp_snapshots_dup (lt->snaps);
  pthread_mutex_unlock (&lt->lock);
  return c;
}

guint64
nnp_live_trainer_generation (NnpLiveTrainer *lt)
{
  g_return_val_if_fail (lt != NULL, 0);
  return __atomic_load_n (&lt->generation, __ATOMIC_ACQUIRE);
}

gboolean
nnp_live_trainer_sync (NnpLiveTrainer *lt, NnpLiveView *view)
{
  g_return_val_if_fail (lt != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (__atomic_load_n (&lt->generation, __ATOMIC_ACQUIRE) == view->generation)
    return FALSE;
  if (pthread_mutex_trylock (&lt->lock) != 0)
    return FALSE;

  replace_model (&view->model, lt->pub_model);
  gboolean added_test = lt->pub_retype && lt->pub_tail->has_test;
  if (lt->pub_retype && !lt->pub_reset && view->history != NULL)
    {
      if (lt->pub_retype_drop)
        nnp_history_retype (view->history, FALSE, 0.0, 0.0);
      nnp_history_retype (view->history, lt->pub_tail->has_test,
                          lt->pub_retype_cost, lt->pub_retype_acc);
    }
  lt->pub_retype = lt->pub_retype_drop = FALSE;
  if (lt->pub_reset || view->history == NULL || view->history->has_test != lt->pub_tail->has_test)
    {
      nnp_history_free (view->history);
      view->history = nnp_history_new (lt->pub_tail->has_test);
    }
  for (guint k = 0; k < lt->pub_halvings; k++)
    nnp_history_thin (view->history, 0);
  lt->pub_halvings = 0;
  const NnpHistory *t = lt->pub_tail;
  for (size_t i = 0; i < t->len; i++)
    nnp_history_append (view->history, t->train_cost[i], t->train_acc[i],
                        t->has_test ? t->test_cost[i] : 0.0,
                        t->has_test ? t->test_acc[i] : 0.0);
  nnp_history_clear (lt->pub_tail);
  if (added_test)
    set_test_at (view->history, lt->pub_retype_epoch, MAX (lt->pub_stride, (size_t) 1),
                 lt->pub_retype_tc, lt->pub_retype_ta);
  lt->pub_ui_len = view->history->len;
  lt->pub_reset = FALSE;

  view->epochs = lt->pub_epochs;
  view->epochs_per_s = lt->pub_eps;
  view->running = lt->running;
  view->diverged = lt->pub_diverged;
  view->jump_from = lt->pub_jump_from;
  view->jump_to = lt->pub_jump_to;
  view->history_stride = lt->pub_stride;
  view->has_test = lt->pub_has_test;
  view->valid = lt->pub_valid;
  view->cost = lt->pub_cost;
  view->acc = lt->pub_acc;
  view->test_cost = lt->pub_test_cost;
  view->test_acc = lt->pub_test_acc;
  view->trainable = lt->pub_trainable;
  view->lr = lt->pub_lr;
  view->generation = lt->generation;
  pthread_mutex_unlock (&lt->lock);

  /* When the curve's last entry is the current epoch's, show it for the
   * data as they are now (they may have changed since it was recorded). */
  NnpHistory *vh = view->history;
  if (view->valid && vh->len > 0 && (vh->len - 1) * view->history_stride == view->epochs)
    {
      size_t last = vh->len - 1;
      vh->train_cost[last] = view->cost;
      vh->train_acc[last] = view->acc;
      if (vh->has_test && view->has_test)
        {
          vh->test_cost[last] = view->test_cost;
          vh->test_acc[last] = view->test_acc;
        }
    }
  return TRUE;
}

gboolean
nnp_live_trainer_is_settled (NnpLiveTrainer *lt)
{
  g_return_val_if_fail (lt != NULL, FALSE);

  if (pthread_mutex_trylock (&lt->lock) != 0)
    return FALSE;
  gboolean settled = !lt->running && !lt->step_pending && lt->pending == 0
                     && lt->applied_serial == lt->edit_serial;
  pthread_mutex_unlock (&lt->lock);
  return settled;
}

void
nnp_live_trainer_flush (NnpLiveTrainer *lt)
{
  g_return_if_fail (lt != NULL);

  pthread_mutex_lock (&lt->lock);
  guint64 target = lt->edit_serial;
  while (!lt->quit && lt->applied_serial < target)
    pthread_cond_wait (&lt->published, &lt->lock);
  pthread_mutex_unlock (&lt->lock);
}

void
nnp_live_view_clear (NnpLiveView *view)
{
  g_clear_pointer (&view->model, nnp_model_free);
  g_clear_pointer (&view->history, nnp_history_free);
  memset (view, 0, sizeof *view);
}
