import type { GridAxis, SweepSpec } from '../spec/sweep-spec.js';
import { gridValue } from './grid.js';
import type { CancelFlag } from './chunk-cancel.js';
import type { RasterLayout } from './raster.js';

/** What a worker is sent: the whole spec, a range of grid indices and the raster to fill. */
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
}

export interface ChunkTask {
  spec: SweepSpec;
  /** UV model: (f0, λ0) drawn once on the main thread for seeded inits */
  base?: { f0: number; ntk0: number };
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
  /** raised when the sweep is abandoned: the kernels stop at their next check (see chunk-cancel.ts) */
  cancel?: CancelFlag;
}

/**
 * Per-point float results, column-major (field f of point i at f * n + i): e Lyapunov exponents,
 * their convergence estimate, the observable's extent, the final recorded state (k components)
 * and x extra per-point figures of the model kind (e.g. the mlp's weight drift). Maps record
 * their whole state and have e = k exponents.
 */
export function floatLayout(k: number, e = k, x = 0) {
  // Plain numbers, no closures: a fresh closure per chunk would be a new call target each time
  // and throw the optimised per-point code away (measured: hundreds of deoptimisations a sweep).
  return {
    /** exponent c at row lyap + c */
    lyap: 0,
    lyapErr: e,
    obsMin: e + 1,
    obsMax: e + 2,
    /** final state component c at row final + c */
    final: e + 3,
    /** extra figure c at row extra + c */
    extra: e + 3 + k,
    count: e + 3 + k + x,
  };
}

/** The float layout of a chunk result. */
export function resultLayout(result: ChunkResult) {
  return floatLayout(result.dimension, result.exponents, result.extras);
}

/** Per-point integer results, column-major in this order. */
export const INT_FIELDS = ['period', 'regime', 'divergedAt'] as const;

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
}

/**
 * The parameter values of grid index `index`: the swept one, or on a phase plane the cell's x and
 * y (x fastest). What the kernels run a point with, and what an error at the point names.
 */
export function gridPointValues(task: Pick<ChunkTask, 'spec' | 'plane'>, index: number): Record<string, number> {
  const { plane } = task;
  if (!plane) return { [String(task.spec.sweep.parameter)]: gridValue(task.spec.sweep, index) };
  const nx = plane.x.points;
  return {
    [String(plane.x.parameter)]: gridValue(plane.x, index % nx),
    [String(plane.y.parameter)]: gridValue(plane.y, Math.floor(index / nx)),
  };
}

/** A failure at one grid point, named by its index and its parameter values (see gridPointValues). */
export class GridPointError extends Error {
  constructor(
    readonly index: number,
    readonly values: Readonly<Record<string, number>>,
    cause: unknown,
  ) {
    const named = Object.entries(values).map(([parameter, value]) => `${parameter} = ${String(value)}`);
    super(`grid point ${index} (${named.join(', ')}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'GridPointError';
  }
}

/** Steps of the transient given to the Lyapunov tangent vector before averaging starts. */
export function lyapunovWarmup(spec: { transient: number; record: number; lyapunov: { enabled: boolean } }): number {
  return spec.lyapunov.enabled ? Math.min(spec.transient, Math.max(100, Math.floor(spec.record / 4))) : 0;
}
