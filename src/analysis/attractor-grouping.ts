/**
 * Grouping the runs of one grid point into distinct attractors (a sweep's initialConditions).
 *
 * A run is summarised by its period and three statistics of its recorded observable (runSummary):
 * for a p-cycle, the min, max and mean of its last p recorded values (the cycle's points, each
 * once, whatever the phase the record ended in), with an `uncertainty`: how far those values can
 * still be from the cycle when the orbit is still converging (see convergenceDistance); without a
 * period, the min, max and mean over the whole record. Two runs are the same attractor when
 *  - neither diverged and their periods are equal, and
 *  - periodic (p ≥ 1): min, max and mean each agree within `tolerance` × the observable's
 *    magnitude there (the largest |min|, |max| of the two) plus both runs' uncertainties. So a
 *    2-cycle seen at two phases is one attractor, and two distinct fixed points are two;
 *  - not periodic (p = 0: chaotic, quasiperiodic, settling): a finite record only samples the
 *    attractor, so min, max and mean each agree within NON_PERIODIC_TOLERANCE × the larger extent
 *    (max − min) of the two.
 * Diverged runs (period −1) are no attractor: group −1. Groups are numbered 0, 1, … in the order of
 * their first run, and each run is compared with each group's first run (its representative).
 */

/** What grouping and matching know of one run at one grid point. */
export interface RunSummary {
  /** −1 diverged, 0 no period found, p ≥ 1 a p-cycle */
  period: number;
  min: number;
  max: number;
  mean: number;
  /** periodic runs: how far min, max and mean may still be from the cycle's (0 when converged) */
  uncertainty: number;
}

/** Fraction of a non-periodic attractor's extent within which two finite records are the same attractor. */
export const NON_PERIODIC_TOLERANCE = 0.1;

/** The largest of the differences of min, max and mean. */
export function summaryDistance(a: RunSummary, b: RunSummary): number {
  return Math.max(Math.abs(a.min - b.min), Math.abs(a.max - b.max), Math.abs(a.mean - b.mean));
}

/** Whether two runs at one grid point ended on the same attractor (see the file's comment). */
export function sameAttractor(a: RunSummary, b: RunSummary, tolerance: number): boolean {
  if (a.period < 0 || b.period < 0 || a.period !== b.period) return false;
  const d = summaryDistance(a, b);
  if (a.period > 0) {
    const scale = Math.max(Math.abs(a.min), Math.abs(a.max), Math.abs(b.min), Math.abs(b.max));
    return d <= tolerance * scale + a.uncertainty + b.uncertainty;
  }
  return d <= NON_PERIODIC_TOLERANCE * Math.max(a.max - a.min, b.max - b.min);
}

/**
 * The largest multiplier per period |μ| the period detector accepts for an orbit still converging
 * to its p-cycle: its p-step mismatch over the last quarter of the record must be under 1/20 of
 * that over the first quarter (analysis/period.ts), i.e. |μ| ≤ 0.05^(4p/3R) over a record of R.
 */
export function slowestMultiplier(period: number, record: number): number {
  return Math.pow(0.05, (4 * period) / (3 * record));
}

/**
 * How far a value x_t of an orbit converging linearly to its p-cycle can be from the cycle:
 * with Δ_t = x_t − x_(t−p) and multiplier μ = Δ_t / Δ_(t−p), the distance is |Δ_t · μ/(1 − μ)|
 * (Aitken's Δ² step). μ is estimated from the record, clamped to the slowest the period detector
 * accepts (slowestMultiplier); a flip (μ near −1) gives about Δ/2, a slow monotone approach
 * (μ near 1) up to Δ·|μ|/(1 − |μ|).
 */
export function convergenceDistance(delta: number, previous: number, slowest: number): number {
  const mu = Math.min(slowest, Math.max(-slowest, previous === 0 || !Number.isFinite(delta / previous) ? slowest : delta / previous));
  return Math.abs((delta * mu) / (1 - mu));
}

/**
 * A run's summary from its recorded observable (`record` values) and its period: a p-cycle's last
 * p values (min, max, mean) with uncertainty the largest convergenceDistance among them;
 * otherwise min, max and mean over the record. Diverged (period −1): NaN.
 */
export function runSummary(values: ArrayLike<number>, record: number, period: number): RunSummary {
  if (period < 0) return { period, min: NaN, max: NaN, mean: NaN, uncertainty: NaN };
  const cycle = period > 0 && 3 * period <= record;
  const from = cycle ? record - period : 0;
  const slowest = cycle ? slowestMultiplier(period, record) : 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let uncertainty = 0;
  for (let t = from; t < record; t++) {
    const v = values[t];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (cycle) {
      const distance = convergenceDistance(v - values[t - period], values[t - period] - values[t - 2 * period], slowest);
      if (distance > uncertainty) uncertainty = distance;
    }
  }
  return { period, min, max, mean: sum / (record - from), uncertainty };
}

/**
 * Groups incrementally, run after run: the group of each new run (−1 for diverged), a new one when
 * it matches no representative. groupRuns is this over a whole list.
 */
export class AttractorGrouper {
  readonly representatives: RunSummary[] = [];

  constructor(private readonly tolerance: number) {}

  add(run: RunSummary): number {
    if (run.period < 0) return -1;
    const found = this.representatives.findIndex((rep) => sameAttractor(rep, run, this.tolerance));
    if (found >= 0) return found;
    this.representatives.push(run);
    return this.representatives.length - 1;
  }
}

/** The group of each run at one grid point (−1 for diverged), groups numbered in order of their first run. */
export function groupRuns(runs: readonly RunSummary[], tolerance: number): Int32Array {
  const grouper = new AttractorGrouper(tolerance);
  return Int32Array.from(runs, (run) => grouper.add(run));
}
