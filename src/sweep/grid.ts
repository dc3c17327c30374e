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

/**
 * An axis over a quantity that must be a whole number (a width): null when every grid value is
 * one, else a message naming the first that is not.
 */
export function wholeGridValueIssue(axis: GridAxis, name: string): string | null {
  for (let j = 0; j < axis.points; j++) {
    const v = gridValue(axis, j);
    if (Math.abs(v - Math.round(v)) > 1e-9 * Math.abs(v)) {
      return `a ${name} axis needs whole ${name}s at every grid point; point ${j} is ${v} (use integer from/to with (to − from) divisible by points − 1, linear spacing)`;
    }
  }
  return null;
}
