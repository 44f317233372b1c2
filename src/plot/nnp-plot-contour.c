/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-contour.c: marching squares: the level-iso polylines of a node grid, chained into paths. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <string.h>

#include "nnp-plot-private.h"

/* Edges: horizontal H(r, c) joins node (r, c) and (r, c + 1), ids
 * r (nx - 1) + c; vertical V(r, c) joins (r, c) and (r + 1, c), ids
 * nh + r nx + c. Each cell adds at most two segments between its edges;
 * an edge belongs to two cells, so it ends at most two segments, which
 * lets the segments be chained into polylines. Only the edges the level
 * crosses are kept (a few thousand of a grid's million), in a small hash
 * table, so the cost follows the contour's length, not the grid's size. */
typedef struct {
  const double *v;
  size_t nx, ny, nh;
  double iso, x, y, sx, sy;
  gint32 *seg;          /* 2 edge ids per segment */
  size_t nseg, cap;
  gint32 *key;          /* hash table: an edge id, -1 when free */
  gint32 *edge_seg;     /* 2 segments per slot, -1 when free */
  size_t mask;
  int bits;             /* mask + 1 = 2^bits */
  guint8 *done;
  /* one polyline's points (x, y pairs) before it is simplified */
  double *pt;
  guint8 *keep;
  size_t *stack;
  size_t npt, ptcap;
  double tol;           /* how far a dropped point may be from the line kept */
} Contour;

static void
edge_point (const Contour *k, gint32 e, double *px, double *py)
{
  size_t r, c;
  double va, vb, t;

  if ((size_t) e < k->nh)
    {
      r = e / (k->nx - 1);
      c = e % (k->nx - 1);
      va = k->v[r * k->nx + c];
      vb = k->v[r * k->nx + c + 1];
      t = (k->iso - va) / (vb - va);
      t = isfinite (t) ? CLAMP (t, 0.0, 1.0) : 0.5;
      *px = k->x + (c + t) * k->sx;
      *py = k->y + r * k->sy;
    }
  else
    {
      e -= (gint32) k->nh;
      r = e / k->nx;
      c = e % k->nx;
      va = k->v[r * k->nx + c];
      vb = k->v[(r + 1) * k->nx + c];
      t = (k->iso - va) / (vb - va);
      t = isfinite (t) ? CLAMP (t, 0.0, 1.0) : 0.5;
      *px = k->x + c * k->sx;
      *py = k->y + (r + t) * k->sy;
    }
}

static gboolean
add_segment (Contour *k, gint32 ea, gint32 eb)
{
  if (k->nseg == k->cap)
    {
      size_t cap = MAX (k->cap * 2, 256);
      gint32 *seg = g_try_renew (gint32, k->seg, 2 * cap);
      if (seg == NULL)
        return FALSE;
      k->seg = seg;
      k->cap = cap;
    }
  k->seg[2 * k->nseg] = ea;
  k->seg[2 * k->nseg + 1] = eb;
  k->nseg++;
  return TRUE;
}

/* The table slot of edge e: its own, or the free one it would take. */
static size_t
edge_slot (const Contour *k, gint32 e)
{
  /* the product's high bits: its low ones depend on e mod 2^bits only,
   * and a column's edge ids step by nx - 1, often a power of two */
  size_t i = (size_t) (((guint32) e * 2654435761u) >> (32 - k->bits));
  while (k->key[i] >= 0 && k->key[i] != e)
    i = (i + 1) & k->mask;
  return i;
}

static void
link_edge (Contour *k, gint32 e, gint32 s)
{
  size_t i = edge_slot (k, e);
  k->key[i] = e;
  k->edge_seg[2 * i + (k->edge_seg[2 * i] >= 0)] = s;
}

/* The segment other than s at edge e, or -1. */
static gint32
next_segment (const Contour *k, gint32 e, gint32 s)
{
  size_t i = edge_slot (k, e);
  return k->edge_seg[2 * i] == s ? k->edge_seg[2 * i + 1] : k->edge_seg[2 * i];
}

static gboolean
add_point (Contour *k, double x, double y)
{
  if (k->npt == k->ptcap)
    {
      size_t cap = MAX (k->ptcap * 2, 256);
      double *pt = g_try_renew (double, k->pt, 2 * cap);
      if (pt == NULL)
        return FALSE;
      k->pt = pt;
      guint8 *keep = g_try_renew (guint8, k->keep, cap);
      if (keep == NULL)
        return FALSE;
      k->keep = keep;
      size_t *stack = g_try_renew (size_t, k->stack, 2 * cap);
      if (stack == NULL)
        return FALSE;
      k->stack = stack;
      k->ptcap = cap;
    }
  k->pt[2 * k->npt] = x;
  k->pt[2 * k->npt + 1] = y;
  k->npt++;
  return TRUE;
}

/* Douglas-Peucker: marks the points to keep so that every point dropped is
 * within k->tol of the polyline kept. Nodes a few device pixels apart put
 * a point every pixel or two along a smooth contour; stroking them all
 * (with round joins, twice for the halo) cost more than the rest of the
 * figure. */
static void
simplify (Contour *k)
{
  const double *p = k->pt;
  size_t top = 0;
  memset (k->keep, 0, k->npt);
  k->keep[0] = k->keep[k->npt - 1] = 1;
  k->stack[top++] = 0;
  k->stack[top++] = k->npt - 1;
  while (top > 0)
    {
      const size_t j = k->stack[--top], i = k->stack[--top];
      const double ax = p[2 * i], ay = p[2 * i + 1];
      const double dx = p[2 * j] - ax, dy = p[2 * j + 1] - ay, len = hypot (dx, dy);
      double worst = k->tol;
      size_t at = 0;
      for (size_t q = i + 1; q < j; q++)
        {
          const double ex = p[2 * q] - ax, ey = p[2 * q + 1] - ay;
          /* distance to the chord, or to its start when it has no length
           * (a closed loop's ends) */
          const double dist = len > 0 ? fabs (ex * dy - ey * dx) / len : hypot (ex, ey);
          if (dist > worst)
            {
              worst = dist;
              at = q;
            }
        }
      if (at != 0)
        {
          k->keep[at] = 1;
          k->stack[top++] = i;
          k->stack[top++] = at;
          k->stack[top++] = at;
          k->stack[top++] = j;
        }
    }
}

static void
walk (cairo_t *cr, Contour *k, gint32 start_edge, gint32 s)
{
  gint32 e = start_edge;
  double px, py;
  gboolean ok;

  k->npt = 0;
  edge_point (k, e, &px, &py);
  ok = add_point (k, px, py);
  while (ok && s >= 0 && !k->done[s])
    {
      k->done[s] = 1;
      e = k->seg[2 * s] == e ? k->seg[2 * s + 1] : k->seg[2 * s];
      edge_point (k, e, &px, &py);
      ok = add_point (k, px, py);
      s = next_segment (k, e, s);
    }
  if (!ok || k->npt < 2)
    return;
  simplify (k);
  cairo_move_to (cr, k->pt[0], k->pt[1]);
  for (size_t q = 1; q < k->npt; q++)
    if (k->keep[q])
      cairo_line_to (cr, k->pt[2 * q], k->pt[2 * q + 1]);
  if (e == start_edge)
    cairo_close_path (cr);
}

void
nnp_contour_path (cairo_t *cr, const double *nodes, size_t nx, size_t ny, double iso,
                  double x, double y, double w, double h)
{
  Contour k = { 0 };
  gboolean ok = TRUE;

  /* edge ids are gint32 (a grid of up to ~32,000 nodes a side) */
  if (nx < 2 || ny < 2 || nx > G_MAXINT32 / 2 / ny)
    return;
  k.v = nodes;
  k.nx = nx;
  k.ny = ny;
  k.nh = ny * (nx - 1);
  k.iso = iso;
  k.x = x;
  k.y = y;
  k.sx = w / (nx - 1);
  k.sy = h / (ny - 1);
  /* a tenth of a device pixel in user units */
  double tx = 0.1, ty = 0.0;
  cairo_device_to_user_distance (cr, &tx, &ty);
  k.tol = isfinite (hypot (tx, ty)) ? hypot (tx, ty) : 0.0;

  for (size_t r = 0; ok && r + 1 < ny; r++)
    {
      const double *above = nodes + r * nx, *below = above + nx;
      for (size_t c = 0; ok && c + 1 < nx; c++)
        {
          const double tl = above[c], tr = above[c + 1], bl = below[c], br = below[c + 1];
          /* NaN compares false; a cell with a non-finite corner is skipped */
          const int idx = (tl >= iso) << 3 | (tr >= iso) << 2 | (br >= iso) << 1 | (bl >= iso);
          if (idx == 0 || idx == 15)
            continue;
          if (!isfinite (tl) || !isfinite (tr) || !isfinite (bl) || !isfinite (br))
            continue;
          const gint32 top = (gint32) (r * (nx - 1) + c), bottom = (gint32) ((r + 1) * (nx - 1) + c);
          const gint32 left = (gint32) (k.nh + r * nx + c), right = left + 1;
          switch (idx)
            {
            case 1: case 14: ok = add_segment (&k, left, bottom); break;
            case 2: case 13: ok = add_segment (&k, bottom, right); break;
            case 3: case 12: ok = add_segment (&k, left, right); break;
            case 4: case 11: ok = add_segment (&k, top, right); break;
            case 6: case 9: ok = add_segment (&k, top, bottom); break;
            case 7: case 8: ok = add_segment (&k, left, top); break;
            case 5: case 10:
              {
                /* Saddle: the centre value decides which corners connect. */
                gboolean centre_hi = (tl + tr + bl + br) / 4 >= iso;
                gboolean tl_hi = idx == 10;
                if (centre_hi == tl_hi)
                  ok = add_segment (&k, left, bottom) && add_segment (&k, top, right);
                else
                  ok = add_segment (&k, left, top) && add_segment (&k, bottom, right);
              }
              break;
            default:
              break;
            }
        }
    }
  if (!ok || k.nseg == 0)
    goto out;

  /* at most 2 nseg edges, the table at most half full */
  size_t slots = 16;
  k.bits = 4;
  while (slots < 4 * k.nseg)
    {
      slots *= 2;
      k.bits++;
    }
  k.mask = slots - 1;
  k.key = g_try_new (gint32, slots);
  k.edge_seg = g_try_new (gint32, 2 * slots);
  k.done = g_try_new0 (guint8, k.nseg);
  if (k.key == NULL || k.edge_seg == NULL || k.done == NULL)
    goto out;
  memset (k.key, 0xff, slots * sizeof (gint32));
  memset (k.edge_seg, 0xff, 2 * slots * sizeof (gint32));
  for (size_t s = 0; s < k.nseg; s++)
    {
      link_edge (&k, k.seg[2 * s], (gint32) s);
      link_edge (&k, k.seg[2 * s + 1], (gint32) s);
    }

  /* Open polylines start where an edge ends one segment only (the plot's
   * border, or next to a skipped cell); then what is left are closed
   * loops. */
  for (size_t s = 0; s < k.nseg; s++)
    for (int end = 0; end < 2; end++)
      {
        const gint32 e = k.seg[2 * s + end];
        if (!k.done[s] && next_segment (&k, e, (gint32) s) < 0)
          walk (cr, &k, e, (gint32) s);
      }
  for (size_t s = 0; s < k.nseg; s++)
    if (!k.done[s])
      walk (cr, &k, k.seg[2 * s], (gint32) s);

out:
  g_free (k.seg);
  g_free (k.key);
  g_free (k.edge_seg);
  g_free (k.done);
  g_free (k.pt);
  g_free (k.keep);
  g_free (k.stack);
}
