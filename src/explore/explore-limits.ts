/**
 * What one explorer request may cost. The budget bounds grid points × (transient + record) steps
 * of a view: about 2–4 s of UV sweeping on two cores, far longer for expression maps and mlps
 * (their steps cost more; the same budget applies). A request over it gets a 413 naming it.
 */
export const EXPLORE_LIMITS = {
  /** grid points × (transient + record) per view */
  budget: 2e8,
  /** grid points (columns) per view */
  maxColumns: 4000,
  /** the rendered plot area, in pixels */
  maxWidth: 4000,
  maxHeight: 3000,
  /** the coarse pass sweeps every coarseFactor-th column's worth of points, at least minCoarse */
  coarseFactor: 8,
  minCoarse: 16,
} as const;
