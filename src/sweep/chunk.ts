import { gridValue } from './grid.js';
import type { ChunkResult, ChunkTask } from '../kind/chunk.js';

export type { ChunkResult, ChunkTask, PhasePlane } from '../kind/chunk.js';

/**
 * Per-point float results, column-major (field f of point i at f * n + i): e Lyapunov exponents,
 * the largest one's standard error, the observable's extent, the final recorded state (k components)
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
