import type { GridAxis } from '../spec/sweep-spec.js';

/**
 * The value of grid point i. Written as one formula used by every worker and by the main thread,
 * so a point's value depends only on the axis and i (never on chunking). Indices outside
 * [0, points − 1] extend the same spacing (used for figure cell edges).
 */
export function gridValue(axis: GridAxis, i: number): number {
  const last = axis.points - 1;
  if (i === last) return axis.to; // exact end point, free of rounding
  const t = i / last;
  if (axis.spacing === 'log') return Math.exp(Math.log(axis.from) + t * (Math.log(axis.to) - Math.log(axis.from)));
  return axis.from + t * (axis.to - axis.from);
}

/** Edges of the figure's x axis: half a grid step beyond each end, so each point is a cell centre. */
export function gridExtent(axis: GridAxis): [number, number] {
  return [gridValue(axis, -0.5), gridValue(axis, axis.points - 0.5)];
}
