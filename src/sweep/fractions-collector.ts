import { AttractorGrouper, runSummary } from '../analysis/attractor-grouping.js';
import { matchAttractors } from '../analysis/attractor-matching.js';
import { REGIME_CODE } from '../analysis/regime.js';
import { DIVERGED_LABEL, SETTLING_LABEL } from '../render/attractor-colours.js';
import { resultLayout, type ChunkResult } from './chunk.js';
import { binColumn, rasterColumn, type RasterLayout } from './raster.js';

/**
 * One attractor at one grid point: its matched label (−1 divergence, −2 runs still settling),
 * period, runs and mean λ_max (keys as fractions.csv's columns).
 */
export interface PointAttractor {
  label: number;
  /** the period of its first run (−1 for divergence, 0 for runs still settling) */
  period: number;
  runs: number;
  /** runs / K */
  fraction: number;
  /** the binomial standard error √(f(1 − f)/K) */
  fraction_err: number;
  /** the mean λ_max of its runs (NaN for divergence and settling runs, or where no run has one) */
  lyap_max_mean: number;
}

/** What the K runs of a sweep with initialConditions come to. */
export interface FractionsData {
  /** runs per grid point */
  count: number;
  /** per grid point, the attractors present there: labels ascending, then runs still settling, divergence last */
  points: PointAttractor[][];
  /** the label of run k at grid point i, at [i * count + k] (−1 diverged, −2 settling) */
  runLabels: Int32Array;
  /** per label (ascending, settling −2 first, no divergence): its recorded samples, row-major in the shared layout */
  rasters: { label: number; raster: Uint32Array }[];
}

/** A group of runs at one grid point, as the collector builds it. */
interface Group {
  runs: number;
  lyapSum: number;
  lyapRuns: number;
  /** this group's samples at the point: one raster column (layout.rows counts) */
  column: Uint32Array | null;
}

/**
 * Collects the K runs of a sweep, one chunk at a time (each chunk with its recorded series), into
 * attractors: grouped at each grid point as the runs arrive (analysis/attractor-grouping.ts), each
 * group keeping the raster column of its samples, then matched across the grid
 * (analysis/attractor-matching.ts) and the columns summed into one raster per label. The runs
 * share one raster layout, so the per-label rasters add up to the sum of the runs' rasters. A run
 * still settling has reached no attractor: it is counted apart, under SETTLING_LABEL, like
 * divergence, and its samples go to that label's raster.
 * Memory: one column of layout.rows counts per attractor per grid point.
 */
export class FractionsCollector {
  private readonly groupOf: Int32Array;
  private readonly groupers: AttractorGrouper[];
  private readonly groups: Group[][];
  private readonly diverged: Int32Array;
  private readonly settling: Int32Array;
  /** per grid point, the samples of its settling runs (one raster column), created on the first */
  private readonly settlingColumns: (Uint32Array | null)[];

  constructor(
    private readonly points: number,
    private readonly count: number,
    private readonly record: number,
    private readonly tolerance: number,
    private readonly layout: RasterLayout | null,
  ) {
    this.groupOf = new Int32Array(points * count).fill(-1);
    this.groupers = Array.from({ length: points }, () => new AttractorGrouper(tolerance));
    this.groups = Array.from({ length: points }, () => []);
    this.diverged = new Int32Array(points);
    this.settling = new Int32Array(points);
    this.settlingColumns = new Array<Uint32Array | null>(points).fill(null);
  }

  /** A chunk of run k, in any order; it must carry its series (ChunkResult.series). */
  add(k: number, chunk: ChunkResult): void {
    const series = chunk.series;
    if (!series) throw new Error('FractionsCollector: the chunk has no recorded series');
    const n = chunk.end - chunk.start;
    const { record, layout } = this;
    const fl = resultLayout(chunk);
    const exponents = chunk.exponents ?? chunk.dimension;
    for (let i = 0; i < n; i++) {
      const index = chunk.start + i;
      const period = chunk.ints[i];
      if (period < 0) {
        this.diverged[index]++;
        continue;
      }
      const values = series.subarray(i * record, (i + 1) * record);
      if (chunk.ints[n + i] === REGIME_CODE.settling) {
        this.settling[index]++;
        this.groupOf[index * this.count + k] = SETTLING_LABEL;
        if (layout) binColumn(layout, values, record, (this.settlingColumns[index] ??= new Uint32Array(layout.rows)), 0);
        continue;
      }
      const g = this.groupers[index].add(runSummary(values, record, period));
      this.groupOf[index * this.count + k] = g;
      const groups = this.groups[index];
      if (g === groups.length) groups.push({ runs: 0, lyapSum: 0, lyapRuns: 0, column: layout ? new Uint32Array(layout.rows) : null });
      const group = groups[g];
      group.runs++;
      // λ_max as attractors.csv's lyap_max: the largest finite exponent
      let lyap = NaN;
      for (let c = 0; c < exponents; c++) {
        const x = chunk.floats[(fl.lyap + c) * n + i];
        if (Number.isFinite(x)) lyap = Number.isNaN(lyap) ? x : Math.max(lyap, x);
      }
      if (!Number.isNaN(lyap)) {
        group.lyapSum += lyap;
        group.lyapRuns++;
      }
      if (layout && group.column) binColumn(layout, values, record, group.column, 0);
    }
  }

  /** Matches the attractors across the grid and sums their columns into one raster per label. */
  finish(): FractionsData {
    const { points, count, layout } = this;
    const labels = matchAttractors(this.groupers.map((g) => g.representatives));
    const runLabels = new Int32Array(points * count).fill(-1);
    const rasters = new Map<number, Uint32Array>();
    const perPoint: PointAttractor[][] = [];
    for (let index = 0; index < points; index++) {
      const groups = this.groups[index];
      const attractors: PointAttractor[] = groups.map((group, g) => ({
        label: labels[index][g],
        period: this.groupers[index].representatives[g].period,
        ...share(group.runs, count),
        lyap_max_mean: group.lyapRuns > 0 ? group.lyapSum / group.lyapRuns : NaN,
      }));
      attractors.sort((a, b) => a.label - b.label);
      if (this.settling[index] > 0)
        attractors.push({ label: SETTLING_LABEL, period: 0, ...share(this.settling[index], count), lyap_max_mean: NaN });
      if (this.diverged[index] > 0)
        attractors.push({ label: DIVERGED_LABEL, period: -1, ...share(this.diverged[index], count), lyap_max_mean: NaN });
      perPoint.push(attractors);
      for (let k = 0; k < count; k++) {
        const g = this.groupOf[index * count + k];
        runLabels[index * count + k] = g >= 0 ? labels[index][g] : g;
      }
      if (!layout) continue;
      const column = rasterColumn(layout, index);
      const addColumn = (label: number, counts: Uint32Array) => {
        let raster = rasters.get(label);
        if (!raster) rasters.set(label, (raster = new Uint32Array(layout.columns * layout.rows)));
        for (let row = 0; row < layout.rows; row++) raster[row * layout.columns + column] += counts[row];
      };
      groups.forEach((group, g) => addColumn(labels[index][g], group.column!));
      const settling = this.settlingColumns[index];
      if (settling) addColumn(SETTLING_LABEL, settling);
    }
    return {
      count,
      points: perPoint,
      runLabels,
      rasters: [...rasters.entries()].sort(([a], [b]) => a - b).map(([label, raster]) => ({ label, raster })),
    };
  }
}

/** runs of K as a fraction with its binomial standard error √(f(1 − f)/K). */
function share(runs: number, count: number): { runs: number; fraction: number; fraction_err: number } {
  const fraction = runs / count;
  return { runs, fraction, fraction_err: Math.sqrt((fraction * (1 - fraction)) / count) };
}
