import { niceTicks } from './ticks.js';

/** The λ_max panel's vertical axis: round ticks, zero among them. */
export interface LyapunovAxis {
  min: number;
  max: number;
  ticks: number[];
}

/**
 * The range shown for λ_max across a sweep: from its 1st percentile, but not below −3 (superstable
 * points send λ_max towards −∞ and would flatten the rest), up to its largest value, always with
 * 0 inside and at least ±0.05 around it; widened to whole ticks, at most seven of them. Values
 * below `min` are drawn at `min` and marked as clipped.
 */
export function lyapunovAxis(values: ArrayLike<number>): LyapunovAxis {
  const sorted = Float64Array.from(values)
    .filter((v) => !Number.isNaN(v) && v !== Infinity)
    .sort();
  const finite = sorted.filter(Number.isFinite);
  let low = -1;
  let high = 1;
  if (finite.length > 0) {
    low = Math.min(-0.05, Math.max(-3, sorted[Math.floor(0.01 * sorted.length)]));
    high = Math.max(0.05, finite[finite.length - 1]);
    // a little room, so the curve does not run along the frame
    const pad = 0.02 * (high - low);
    low -= pad;
    high += pad;
  }
  const ticks = niceTicks(low, high, 7);
  return { min: ticks[0], max: ticks[ticks.length - 1], ticks };
}
