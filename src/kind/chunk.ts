import type { GridAxis, SweepSpec } from '../spec/sweep-spec.js';

/**
 * The chunk contract between the sweep engine and a model kind's compute: a range of grid points
 * in, typed arrays out. Generic: a kind's own inputs travel in `base`, opaque to the engine.
 */

/**
 * The density raster of a bifurcation diagram: counts of recorded samples per (column, row).
 * Columns are cells of grid indices (uniform in the grid's own spacing), rows are uniform in the
 * observable between yMin (bottom) and yMax (top). Row 0 is the top, as in an image.
 */
export interface RasterLayout {
  points: number;
  columns: number;
  rows: number;
  yMin: number;
  yMax: number;
}

/**
 * A phase diagram's grid: indices run over an x × y plane, x fastest, and each point records the
 * ratio of its sharpness after `earlySteps` to its initial sharpness; a ratio below 1 − threshold
 * is an early reduction, above 1 + threshold an early sharpening.
 */
export interface PhasePlane {
  x: GridAxis;
  y: GridAxis;
  earlySteps: number;
  earlyThreshold: number;
  /**
   * Classify cells by training outcome (phase spec `classify: "outcome"`): each point also returns
   * its loss statistics (ChunkResult.lossStats), judged against these multiples of its initial loss.
   */
  outcome?: OutcomeThresholds;
}

/**
 * The training outcome's thresholds, multiples of a point's initial loss L₀: the run trained when
 * its final loss is at most `trained` · L₀, and went through a catapult when its loss rose above
 * `catapult` · L₀ on the way.
 */
export interface OutcomeThresholds {
  trained: number;
  catapult: number;
}

/** What a worker is sent: the whole spec, a range of grid indices and the raster to fill. */
export interface ChunkTask {
  spec: SweepSpec;
  /** what the kind's compute.base drew once on the main thread for every task (opaque here) */
  base?: unknown;
  start: number;
  end: number;
  /** run every stride-th index from start (pilot runs); results are then indexed by j = (index − start) / stride */
  stride?: number;
  raster: RasterLayout | null;
  /** phase diagrams: the chunk's indices run over this plane (see PhasePlane) */
  plane?: PhasePlane;
  /** return each point's recorded observable as `series` (sweep --save-orbits, the explorer's orbit panel) */
  saveSeries?: boolean;
  /** format the chunk's attractor-table rows in the worker (ChunkResult.text) */
  formatRows?: boolean;
  /** raised when the sweep is abandoned: the kernels stop at their next check (see sweep/chunk-cancel.ts) */
  cancel?: Int32Array;
}

/** What a worker returns: typed arrays only, transferred rather than copied. */
export interface ChunkResult {
  start: number;
  end: number;
  /** components of the recorded state (the map's state, or a model's recorded observables) */
  dimension: number;
  /** Lyapunov exponents per point (default: dimension) */
  exponents?: number;
  /** extra per-point figures (default 0) */
  extras?: number;
  floats: Float64Array;
  ints: Int32Array;
  rasterColumnStart: number;
  rasterWidth: number;
  raster: Uint32Array;
  /** recorded samples that fell outside the raster's y range */
  clipped: number;
  /**
   * Models with few, costly points (mlp): each point's recorded observable, `record` values per
   * point in point order (NaN for a diverged point), binned by the main thread once the y range is
   * known, instead of a raster band.
   */
  series?: Float64Array;
  /** the chunk's attractor-table rows as UTF-8 CSV lines and JSON records, when the task asked (formatChunkText) */
  text?: { csv: Uint8Array; json: Uint8Array };
  /** phase diagrams: sharpness after the early window over the initial sharpness (NaN if it diverged first) */
  earlyRatio?: Float64Array;
  /**
   * Phase diagrams classified by outcome: per point its initial, largest and final full-batch loss,
   * column-major (initial at i, largest at n + i, final at 2n + i); NaN where the run never got there.
   */
  lossStats?: Float64Array;
}
