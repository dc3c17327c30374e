import { detectContractingPeriod, detectPeriod } from '../analysis/period.js';
import { periodOfExactCycle } from '../analysis/period-of-cycle.js';
import { refinePeriod } from '../analysis/period-refine.js';
import { classifyOrbit, REGIME_CODE } from '../analysis/regime.js';
import { settlingTest } from '../analysis/settling.js';
import type { DiscreteMap } from '../kind/discrete-map.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { floatLayout, type ChunkResult, type ChunkTask } from './chunk.js';
import { binColumn, binPeriodicColumn, rasterColumn } from './raster.js';

/** One recorded orbit, as the kernels hand it over for analysis. */
export interface RecordedOrbit {
  /** component-major: component c of step t at states[c * record + t] */
  states: Float64Array;
  /** the plotted observable at each recorded step */
  observable: Float64Array;
  /** the state after the last recorded step */
  finalState: Float64Array;
  /** Lyapunov exponents, largest first (NaN when off) */
  exponents: Float64Array;
  /** 1σ standard error of the largest exponent (batch means, analysis/batch-means.ts) */
  lyapErr: number;
  /** the map at this grid point, for Newton's check of the period (models without one skip it) */
  map?: () => DiscreteMap;
  /** the model kind's extra per-point figures, in its column order */
  extras?: ArrayLike<number>;
  /**
   * the record repeats bit for bit with this minimal period from its first step (the transient
   * skip found the cycle), so its analysis reads one period; 0 or absent if not known
   */
  cycle?: number;
}

/**
 * Fills a chunk's result arrays point by point: period (with the slow-convergence and
 * near-flip corrections), regime, exponents, the observable's extent, the final state and the
 * raster. Shared by the UV kernel and the generic map kernel, so both classify alike.
 */
/** [min, max] of an observable's record, NaN samples skipped; written to `out` (see below). */
function observableExtent(obs: Float64Array, record: number, out: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < record; t++) {
    const v = obs[t];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  out[0] = lo;
  out[1] = hi;
}

/**
 * Scratch for observableExtent. Written inline in `recorded`, the same loop left V8 keeping lo
 * and hi as boxed numbers: 16 KB of garbage per grid point.
 */
const extent = new Float64Array(2);

export class PointResults {
  readonly n: number;
  private readonly spec: SweepSpec;
  private readonly k: number;
  private readonly exponentCount: number;
  private readonly extraCount: number;
  private readonly floats: Float64Array;
  private readonly ints: Int32Array;
  private readonly colStart: number;
  private readonly width: number;
  private readonly counts: Uint32Array;
  private clipped = 0;
  private readonly layout: ReturnType<typeof floatLayout>;
  /** sweep --save-orbits and the explorer's orbit panel: each point's recorded observable, `record` values per point (NaN if diverged) */
  private readonly series: Float64Array | undefined;

  /** `dimension` recorded components, `exponents` Lyapunov exponents (default: one per component), `extras` extra figures */
  constructor(
    private readonly task: ChunkTask,
    dimension: number,
    exponents = dimension,
    extras = 0,
  ) {
    const { start, end, raster } = task;
    const stride = task.stride ?? 1;
    this.spec = task.spec;
    this.k = dimension;
    this.exponentCount = exponents;
    this.extraCount = extras;
    this.layout = floatLayout(dimension, exponents, extras);
    this.n = Math.ceil((end - start) / stride);
    this.floats = new Float64Array(this.n * this.layout.count).fill(NaN);
    this.ints = new Int32Array(this.n * 3);
    this.colStart = raster ? rasterColumn(raster, start) : 0;
    this.width = raster ? rasterColumn(raster, this.indexOf(this.n - 1)) - this.colStart + 1 : 0;
    this.counts = new Uint32Array(raster ? this.width * raster.rows : 0);
    this.series = task.saveSeries ? new Float64Array(this.n * task.spec.record).fill(NaN) : undefined;
  }

  /** Grid index of the chunk's i-th point. */
  indexOf(i: number): number {
    return this.task.start + i * (this.task.stride ?? 1);
  }

  diverged(i: number, step: number): void {
    this.ints[i] = -1;
    this.ints[this.n + i] = REGIME_CODE.diverged;
    this.ints[2 * this.n + i] = step;
  }

  recorded(i: number, orbit: RecordedOrbit): void {
    const { spec, n, k, layout } = this;
    const record = spec.record;
    const zeroTol = spec.lyapunov.zeroTolerance;
    const lyap1 = orbit.exponents[0];
    // An exact cycle gives detectPeriod's answer from one period (period-of-cycle.ts).
    const exact = orbit.cycle ? periodOfExactCycle(orbit.states, k, record, orbit.cycle, spec.period) : -1;
    // The observable is a function of the state, so it repeats with the states: its extent and
    // raster counts come from one period too.
    const span = exact > 0 ? orbit.cycle! : record;
    let period = exact > 0 ? exact : detectPeriod(orbit.states, k, record, spec.period);
    if (period > 1 && orbit.map) period = refinePeriod(orbit.map(), orbit.finalState, period);
    if (period === 0 && !(lyap1 > zeroTol)) {
      period = detectContractingPeriod(orbit.states, k, record, { ...spec.period, ratio: 0.05 });
    }
    const obs = orbit.observable;
    const trending = period === 0 && settlingTest(obs, record).settling;
    const c = classifyOrbit(period, lyap1, zeroTol, trending);
    this.ints[i] = c.period;
    this.ints[n + i] = REGIME_CODE[c.regime];
    this.ints[2 * n + i] = -1;

    this.series?.set(obs.subarray(0, record), i * record);
    observableExtent(obs, span, extent);
    const lo = extent[0];
    const hi = extent[1];
    for (let e = 0; e < this.exponentCount; e++) this.floats[(layout.lyap + e) * n + i] = orbit.exponents[e];
    this.floats[layout.lyapErr * n + i] = orbit.lyapErr;
    this.floats[layout.obsMin * n + i] = lo;
    this.floats[layout.obsMax * n + i] = hi;
    for (let e = 0; e < k; e++) this.floats[(layout.final + e) * n + i] = orbit.finalState[e];
    if (orbit.extras) for (let e = 0; e < this.extraCount; e++) this.floats[(layout.extra + e) * n + i] = orbit.extras[e];

    const raster = this.task.raster;
    if (raster) {
      const column = rasterColumn(raster, this.indexOf(i)) - this.colStart;
      this.clipped +=
        span < record
          ? binPeriodicColumn(raster, obs, record, span, this.counts, column * raster.rows)
          : binColumn(raster, obs, record, this.counts, column * raster.rows);
    }
  }

  /** Phase diagrams: the early-time sharpness ratio of point i. */
  early(i: number, ratio: number): void {
    this.earlyRatio ??= new Float64Array(this.n).fill(NaN);
    this.earlyRatio[i] = ratio;
  }

  private earlyRatio: Float64Array | undefined;

  /** Phase diagrams by outcome: point i's initial, largest and final full-batch loss (see ChunkResult.lossStats). */
  losses(i: number, initial: number, largest: number, final: number): void {
    const n = this.n;
    this.lossStats ??= new Float64Array(3 * n).fill(NaN);
    this.lossStats[i] = initial;
    this.lossStats[n + i] = largest;
    this.lossStats[2 * n + i] = final;
  }

  private lossStats: Float64Array | undefined;

  result(): ChunkResult {
    return {
      earlyRatio: this.earlyRatio,
      ...(this.lossStats ? { lossStats: this.lossStats } : {}),
      start: this.task.start,
      end: this.task.end,
      dimension: this.k,
      exponents: this.exponentCount,
      extras: this.extraCount,
      floats: this.floats,
      ints: this.ints,
      rasterColumnStart: this.colStart,
      rasterWidth: this.width,
      raster: this.counts,
      clipped: this.clipped,
      ...(this.series ? { series: this.series } : {}),
    };
  }
}
