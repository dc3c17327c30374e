import type { BifurcationFigureInput } from './bifurcation-figure.js';

/** One attractor of a sweep run from several initial conditions, as the fractions figure draws it. */
export interface FigureAttractor {
  /** the matched label of attractors.csv's `attractor` column: 1, 2, … in order of first appearance; −1 is divergence */
  label: number;
  /** the legend's text, e.g. "A1: period 2" or "diverged" */
  name: string;
  /**
   * its recorded samples, in the layout of `base.layout` (row-major, row 0 at yMax, layout.columns
   * wide); null for divergence, which has none
   */
  raster: Uint32Array | null;
  /** its share of the runs at each grid point (spec.sweep.points long; 0 where absent) */
  fraction: Float64Array;
  /** the mean λ_max of its runs at each grid point (NaN where absent or diverged) */
  lyapMax: Float64Array;
}

/**
 * The attractor-fractions figure (a sweep spec with initialConditions): the fractions stacked
 * against the parameter on top, the bifurcation diagram below it with each attractor in its own
 * colour, and λ_max per attractor at the bottom. `base` is the one-colour diagram's input (its
 * raster is the sum over all attractors; its lyapMax and diverged are per grid point over all runs).
 */
export interface FractionsFigureInput {
  base: BifurcationFigureInput;
  /** initial conditions per grid point (K) */
  count: number;
  /** in legend order: labels ascending, divergence last */
  attractors: FigureAttractor[];
}
