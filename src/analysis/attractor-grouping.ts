/**
 * Grouping the runs of one grid point into distinct attractors (a sweep's initialConditions).
 *
 * A run is summarised by its period and three statistics of its recorded observable: min, max and
 * mean (see recordedMean). Two runs are the same attractor when
 *  - neither diverged and their periods are equal, and
 *  - periodic (p ≥ 1): min, max and mean each agree within `tolerance` × the observable's
 *    magnitude there (the largest |min|, |max| of the two). A cycle's recorded set is its p
 *    points whatever the phase it was recorded in, so a 2-cycle seen at two phases is one
 *    attractor, and two distinct fixed points are two;
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
  /** over whole periods (recordedMean) */
  mean: number;
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
  if (a.period > 0) return d <= tolerance * Math.max(Math.abs(a.min), Math.abs(a.max), Math.abs(b.min), Math.abs(b.max));
  return d <= NON_PERIODIC_TOLERANCE * Math.max(a.max - a.min, b.max - b.min);
}

/**
 * The mean of a recorded observable over whole periods: the first ⌊record/p⌋·p samples of a
 * p-cycle (every phase equally often, so the mean does not depend on where the record started),
 * all of them otherwise. NaN for a diverged run.
 */
export function recordedMean(values: ArrayLike<number>, record: number, period: number): number {
  if (period < 0) return NaN;
  const n = period > 0 && period <= record ? Math.floor(record / period) * period : record;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += values[t];
  return sum / n;
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
