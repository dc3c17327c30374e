/**
 * detectPeriod's answer for a record known to be an exact cycle, read off one period.
 *
 * When a record's states repeat bit for bit with (minimal) period p from its first step, every
 * pair (z[i], z[i + q]) that detectPeriod compares is a pair (c[j], c[(j + q) mod p]) of the
 * cycle's states c, and every such pair occurs once the record is at least p + q steps long. So
 * the scales (largest magnitudes) and every comparison are the same numbers, compared the same
 * way, over one period instead of the whole record: the same answer, at a cost of p² instead of
 * the record's length per candidate. The candidate p itself always matches (differences of 0).
 */
import type { PeriodOptions } from './period.js';

/**
 * detectPeriod(states, dimension, length, options) for states that repeat exactly with period
 * `cycle` from index 0; −1 where this shortcut does not apply (a cycle longer than options.max, or
 * a record too short to show every pair), and the caller runs detectPeriod itself.
 */
export function periodOfExactCycle(states: Float64Array, dimension: number, length: number, cycle: number, options: PeriodOptions): number {
  if (!readsOnePeriod(cycle, length, options)) return -1;
  for (let q = 1; q < cycle; q++) {
    let matches = true;
    for (let c = 0; c < dimension && matches; c++) {
      const base = c * length;
      let m = 0;
      for (let j = 0; j < cycle; j++) m = Math.max(m, Math.abs(states[base + j]));
      const bound = options.tol * (m > 0 ? m : 1);
      for (let j = 0; j < cycle; j++) {
        const k = j + q < cycle ? j + q : j + q - cycle;
        if (!(Math.abs(states[base + k] - states[base + j]) <= bound)) {
          matches = false;
          break;
        }
      }
    }
    if (matches) return q;
  }
  return cycle;
}

/**
 * Whether periodOfExactCycle answers for this cycle (and so a record's analysis reads its first
 * `cycle` values only): the cycle is no longer than options.max, and the record shows every pair.
 */
export function readsOnePeriod(cycle: number, length: number, options: PeriodOptions): boolean {
  return cycle >= 1 && cycle <= options.max && length - options.max >= cycle;
}
