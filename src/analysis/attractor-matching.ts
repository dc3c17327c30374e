import { summaryDistance, type RunSummary } from './attractor-grouping.js';

/**
 * Matching the attractors of consecutive grid points, so that "the 2-cycle" keeps one label across
 * the parameter (a global continuation in the spirit of Attractors.jl's).
 *
 * Grid points are visited in order. Each label remembers the attractor it last labelled (at the
 * nearest earlier grid point where it was present, so an attractor that no run found at one point
 * keeps its label when it is found again). An attractor at the current point may continue a
 * label when
 *  - its period continues the label's: equal (rank 0); doubled or halved, a period doubling along
 *    the branch, or doubled several times where the grid steps over stages of a cascade (6 → 24
 *    inside a window) (rank 1); or one of the two is not periodic (p = 0), the end of a cascade or
 *    a periodic window inside chaos (rank 2);
 *  - and the largest difference of min, max and mean is at most MATCH_TOLERANCE × the span of the
 *    observable over the whole sweep.
 * Candidate pairs are taken best rank first, then nearest first, each label and each attractor at
 * most once; an attractor left over gets a new label. Labels are 1, 2, … in order of first
 * appearance (divergence, −1, is not matched: it is its own outcome).
 */

/** Fraction of the sweep's observable span within which an attractor continues one of the previous point. */
export const MATCH_TOLERANCE = 0.1;

/** How an attractor of period q continues a label last seen with period p (lower is better), or −1 when it cannot. */
export function continuationRank(p: number, q: number): number {
  if (p === q) return 0;
  if (p > 0 && q > 0 && isPowerOfTwo(Math.max(p, q) / Math.min(p, q))) return 1;
  if (p === 0 || q === 0) return 2;
  return -1;
}

/** 2, 4, 8, …: a ratio of periods that doublings reach (1 is an equal period, ranked apart). */
function isPowerOfTwo(ratio: number): boolean {
  return Number.isInteger(ratio) && ratio > 1 && (ratio & (ratio - 1)) === 0;
}

/** The extent of the observable over every attractor (1 when it has none, its magnitude when it is one value). */
export function observableSpan(points: readonly (readonly RunSummary[])[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const attractors of points)
    for (const a of attractors) {
      if (a.min < lo) lo = a.min;
      if (a.max > hi) hi = a.max;
    }
  if (!(hi >= lo)) return 1;
  return hi > lo ? hi - lo : Math.abs(hi) || 1;
}

/**
 * The label of each attractor at each grid point: `points[i]` are the (non-diverged) attractors
 * found at grid point i, each summarised by its representative run.
 */
export function matchAttractors(points: readonly (readonly RunSummary[])[]): Int32Array[] {
  const span = observableSpan(points);
  const last: RunSummary[] = []; // last[label − 1]: what the label labelled last
  return points.map((attractors) => {
    const labels = new Int32Array(attractors.length).fill(0);
    const pairs: { a: number; label: number; rank: number; d: number }[] = [];
    attractors.forEach((a, index) =>
      last.forEach((seen, l) => {
        const rank = continuationRank(seen.period, a.period);
        const d = summaryDistance(seen, a) / span;
        if (rank >= 0 && d <= MATCH_TOLERANCE) pairs.push({ a: index, label: l + 1, rank, d });
      }),
    );
    pairs.sort((x, y) => x.rank - y.rank || x.d - y.d || x.a - y.a || x.label - y.label);
    const taken = new Set<number>();
    for (const pair of pairs) {
      if (labels[pair.a] !== 0 || taken.has(pair.label)) continue;
      labels[pair.a] = pair.label;
      taken.add(pair.label);
    }
    attractors.forEach((a, index) => {
      if (labels[index] === 0) {
        last.push(a);
        labels[index] = last.length;
      } else last[labels[index] - 1] = a;
    });
    return labels;
  });
}
