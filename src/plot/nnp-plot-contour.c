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
 * lets the segments be chained into polylines. */
typedef struct {
  const double *v;
  size_t nx, ny, nh;
  double iso, x, y, sx, sy;
  gint32 *edge_seg;     /* 2 per edge, -1 when free */
  gint32 *seg;          /* 2 edge ids per segment */
  guint8 *done;
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

static void
add_segment (Contour *k, gint32 *nseg, gint32 ea, gint32 eb)
{
  gint32 s = (*nseg)++;

  k->seg[2 * s] = ea;
  k->seg[2 * s + 1] = eb;
  k->edge_seg[2 * ea + (k->edge_seg[2 * ea] >= 0)] = s;
  k->edge_seg[2 * eb + (k->edge_seg[2 * eb] >= 0)] = s;
}

static void
walk (cairo_t *cr, Contour *k, gint32 start_edge, gint32 s)
{
  gint32 e = start_edge;
  double px, py;

  edge_point (k, e, &px, &py);
  cairo_move_to (cr, px, py);
  while (s >= 0 && !k->done[s])
    {
      k->done[s] = 1;
      e = k->seg[2 * s] == e ? k->seg[2 * s + 1] : k->seg[2 * s];
      edge_point (k, e, &px, &py);
      cairo_line_to (cr, px, py);
      s = k->edge_seg[2 * e] == s ? k->edge_seg[2 * e + 1] : k->edge_seg[2 * e];
    }
  if (e == start_edge)
    cairo_close_path (cr);
}

void
nnp_contour_path (cairo_t *cr, const double *nodes, size_t nx, size_t ny, double iso,
                  double x, double y, double w, double h)
{
  Contour k;
  size_t nedges, ncells;
  gint32 nseg = 0;

  if (nx < 2 || ny < 2)
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
  nedges = k.nh + (ny - 1) * nx;
  ncells = (nx - 1) * (ny - 1);
  k.edge_seg = g_try_new (gint32, 2 * nedges);
  k.seg = g_try_new (gint32, 4 * ncells);
  k.done = g_try_new0 (guint8, 2 * ncells);
  if (k.edge_seg == NULL || k.seg == NULL || k.done == NULL)
    goto out;
  memset (k.edge_seg, 0xff, 2 * nedges * sizeof (gint32));

  for (size_t r = 0; r + 1 < ny; r++)
    for (size_t c = 0; c + 1 < nx; c++)
      {
        double tl = nodes[r * nx + c], tr = nodes[r * nx + c + 1];
        double bl = nodes[(r + 1) * nx + c], br = nodes[(r + 1) * nx + c + 1];
        gint32 top = (gint32) (r * (nx - 1) + c), bottom = (gint32) ((r + 1) * (nx - 1) + c);
        gint32 left = (gint32) (k.nh + r * nx + c), right = (gint32) (k.nh + r * nx + c + 1);
        int idx;

        if (!isfinite (tl) || !isfinite (tr) || !isfinite (bl) || !isfinite (br))
          continue;
        idx = (tl >= iso) << 3 | (tr >= iso) << 2 | (br >= iso) << 1 | (bl >= iso);
        switch (idx)
          {
          case 0: case 15: break;
          case 1: case 14: add_segment (&k, &nseg, left, bottom); break;
          case 2: case 13: add_segment (&k, &nseg, bottom, right); break;
          case 3: case 12: add_segment (&k, &nseg, left, right); break;
          case 4: case 11: add_segment (&k, &nseg, top, right); break;
          case 6: case 9: add_segment (&k, &nseg, top, bottom); break;
          case 7: case 8: add_segment (&k, &nseg, left, top); break;
          case 5: case 10:
            {
              /* Saddle: the centre value decides which corners connect. */
              gboolean centre_hi = (tl + tr + bl + br) / 4 >= iso;
              gboolean tl_hi = idx == 10;
              if (centre_hi == tl_hi)
                {
                  add_segment (&k, &nseg, left, bottom);
                  add_segment (&k, &nseg, top, right);
                }
              else
                {
                  add_segment (&k, &nseg, left, top);
                  add_segment (&k, &nseg, bottom, right);
                }
            }
            break;
          default:
            break;
          }
      }

  /* Open polylines start at the plot border (edges with one segment),
   * then what is left are closed loops. */
  for (size_t e = 0; e < nedges; e++)
    if (k.edge_seg[2 * e] >= 0 && k.edge_seg[2 * e + 1] < 0 && !k.done[k.edge_seg[2 * e]])
      walk (cr, &k, (gint32) e, k.edge_seg[2 * e]);
  for (gint32 s = 0; s < nseg; s++)
    if (!k.done[s])
      walk (cr, &k, k.seg[2 * s], s);

out:
  g_free (k.edge_seg);
  g_free (k.seg);
  g_free (k.done);
}
