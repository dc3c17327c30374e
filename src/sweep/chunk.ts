import { classifyOrbit, REGIME_CODE } from '../analysis/regime.js';
import { detectContractingPeriod, detectPeriod } from '../analysis/period.js';
import { refinePeriod } from '../analysis/period-refine.js';
import { createUvMap } from '../maps/uv-map.js';
import { OBSERVABLE_CODE } from '../analysis/uv-observables.js';
import { createLanes, LANES, uvRecord, uvTransient } from '../analysis/uv-orbit-kernel.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { gridValue } from './grid.js';
import { rasterColumn, rasterRow, type RasterLayout } from './raster.js';
import { uvPointFactory } from './uv-point.js';

/** What a worker is sent: the whole spec, a range of grid indices and the raster to fill. */
export interface ChunkTask {
  spec: SweepSpec;
  /** (f0, λ0) drawn once on the main thread for seeded inits */
  base: { f0: number; ntk0: number };
  start: number;
  end: number;
  /** run every stride-th index from start (pilot runs); results are then indexed by j = (index − start) / stride */
  stride?: number;
  raster: RasterLayout | null;
}

/** Per-point float results, column-major in this order. */
export const FLOAT_FIELDS = ['lyap1', 'lyap2', 'lyapErr', 'obsMin', 'obsMax', 'finalF', 'finalNtk'] as const;
/** Per-point integer results, column-major in this order. */
export const INT_FIELDS = ['period', 'regime', 'divergedAt'] as const;

/** What a worker returns: typed arrays only, transferred rather than copied. */
export interface ChunkResult {
  start: number;
  end: number;
  floats: Float64Array;
  ints: Int32Array;
  rasterColumnStart: number;
  rasterWidth: number;
  raster: Uint32Array;
  /** recorded samples that fell outside the raster's y range */
  clipped: number;
}

export class GridPointError extends Error {
  constructor(
    readonly index: number,
    readonly parameter: string,
    readonly value: number,
    cause: unknown,
  ) {
    super(`grid point ${index} (${parameter} = ${String(value)}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'GridPointError';
  }
}

/**
 * Runs grid points [start, end): transient, record, period, Lyapunov exponents, classification,
 * raster. Every lane computes its own orbit with the same arithmetic, so a point's results depend
 * only on the spec and its index.
 */
export function computeChunk(task: ChunkTask): ChunkResult {
  const { spec, start, end, raster } = task;
  const stride = task.stride ?? 1;
  const n = Math.ceil((end - start) / stride);
  const indexOf = (j: number) => start + j * stride;
  const record = spec.record;
  const floats = new Float64Array(n * FLOAT_FIELDS.length).fill(NaN);
  const ints = new Int32Array(n * INT_FIELDS.length);
  const colStart = raster ? rasterColumn(raster, start) : 0;
  const width = raster ? rasterColumn(raster, indexOf(n - 1)) - colStart + 1 : 0;
  const counts = new Uint32Array(raster ? width * raster.rows : 0);
  let clipped = 0;

  const pointAt = uvPointFactory(spec, task.base);
  const lanes = createLanes();
  const buffers = { states: new Float64Array(2 * record), observable: new Float64Array(record) };
  const observableCode = OBSERVABLE_CODE[spec.observable];
  const zeroTol = spec.lyapunov.zeroTolerance;
  const bound = spec.divergenceBound;
  // The last steps of the transient align the Lyapunov tangent vector (see uvRecord).
  const warmup = spec.lyapunov.enabled ? Math.min(spec.transient, Math.max(100, Math.floor(record / 4))) : 0;

  for (let batch = 0; batch < n; batch += LANES) {
    for (let k = 0; k < LANES; k++) {
      // Spare lanes repeat the last point; their results are discarded.
      const index = indexOf(Math.min(batch + k, n - 1));
      const value = gridValue(spec.sweep, index);
      const p = pointAt(value);
      lanes.eta[k] = p.eta;
      lanes.eps[k] = p.eps;
      lanes.target[k] = p.target;
      lanes.f[k] = p.f0;
      lanes.ntk[k] = p.ntk0;
      lanes.divergedAt[k] = Math.abs(p.f0) <= bound && Math.abs(p.ntk0) <= bound ? -1 : 0;
    }
    uvTransient(lanes, spec.transient - warmup, 0, bound);

    for (let k = 0; k < LANES && batch + k < n; k++) {
      const i = batch + k;
      const index = indexOf(i);
      try {
        let divergedAt = lanes.divergedAt[k];
        let result = null;
        if (divergedAt < 0) {
          result = uvRecord(lanes, k, record, spec.transient - warmup, bound, observableCode, spec.lyapunov.enabled, buffers, warmup);
          divergedAt = result.divergedAt;
        }
        ints[2 * n + i] = divergedAt;
        if (divergedAt >= 0 || result === null) {
          ints[i] = -1;
          ints[n + i] = REGIME_CODE.diverged;
          continue;
        }
        let period = detectPeriod(buffers.states, 2, record, spec.period);
        if (period > 1) {
          const last = new Float64Array([lanes.f[k], lanes.ntk[k]]);
          period = refinePeriod(createUvMap({ eta: lanes.eta[k], eps: lanes.eps[k], target: lanes.target[k] }), last, period);
        }
        if (period === 0 && !(result.lyap1 > zeroTol)) {
          period = detectContractingPeriod(buffers.states, 2, record, { ...spec.period, ratio: 0.05 });
        }
        const c = classifyOrbit(period, result.lyap1, zeroTol);
        ints[i] = c.period;
        ints[n + i] = REGIME_CODE[c.regime];

        let lo = Infinity;
        let hi = -Infinity;
        const obs = buffers.observable;
        for (let t = 0; t < record; t++) {
          const v = obs[t];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        floats[i] = result.lyap1;
        floats[n + i] = result.lyap2;
        floats[2 * n + i] = result.lyapErr;
        floats[3 * n + i] = lo;
        floats[4 * n + i] = hi;
        floats[5 * n + i] = lanes.f[k];
        floats[6 * n + i] = lanes.ntk[k];
        if (raster) {
          const col = rasterColumn(raster, index) - colStart;
          for (let t = 0; t < record; t++) {
            const row = rasterRow(raster, obs[t]);
            if (row < 0) clipped++;
            else counts[row * width + col]++;
          }
        }
      } catch (err) {
        throw new GridPointError(index, spec.sweep.parameter, gridValue(spec.sweep, index), err);
      }
    }
  }
  return { start, end, floats, ints, rasterColumnStart: colStart, rasterWidth: width, raster: counts, clipped };
}
