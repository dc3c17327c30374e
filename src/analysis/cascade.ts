import type { DiscreteMap } from '../maps/discrete-map.js';
import { eigenvalues2x2, findPeriodicOrbit, iterateWithMonodromy } from './periodic-orbit.js';

/** One period-doubling point. */
export interface Flip {
  /** level: 1 for the first doubling */
  k: number;
  periodFrom: number;
  periodTo: number;
  /** parameter value of the flip */
  value: number;
}

/** The coarse scan the search starts from: periods along the grid. */
export interface Scan {
  values: Float64Array;
  periods: Int32Array;
}

export interface CascadeSearch {
  /** the map at a parameter value */
  mapAt: (value: number) => DiscreteMap;
  /** where orbits start */
  initial: Float64Array;
  scan: Scan;
  levels: number;
  to: number;
  /**
   * Optional: locates the first doubling itself (the UV model's onset of the edge of stability,
   * which is not the flip of a hyperbolic fixed point). Gets the last value of the starting period
   * and a value well inside the doubled period's window, from the scan.
   */
  firstFlip?: (below: number, inside: number) => number;
}

export interface CascadeResult {
  flips: Flip[];
  /** why the search stopped before `levels`, if it did */
  stopped: string | null;
}

/** Relative width below which a parameter bracket is at the limit of double precision. */
const RESOLUTION = 2e-13;

/**
 * Locates successive period-doubling points. For each level the attracting 2^k-cycle is found by
 * iterating just past the previous flip, then continued in the parameter with Newton's method on
 * F^p(z) = z (products of Jacobians); the flip is where its most negative multiplier crosses −1,
 * located by bisection to the resolution of double precision. The coarse scan only brackets the
 * first doubling; the flip values never come from its period column.
 */
export function locateCascade(search: CascadeSearch): CascadeResult {
  const { scan } = search;
  const flips: Flip[] = [];
  // first doubling: the last grid point of the starting period before the first of twice it
  const p0 = scan.periods.find((p) => p > 0) ?? 0;
  if (p0 <= 0) return { flips, stopped: 'no grid point of the coarse scan has a detected period' };
  let firstAbove = -1;
  for (let i = 0; i < scan.periods.length; i++) {
    if (scan.periods[i] === 2 * p0) {
      firstAbove = i;
      break;
    }
  }
  if (firstAbove <= 0 || scan.periods[firstAbove - 1] !== p0) {
    return { flips, stopped: `the coarse scan shows no doubling of period ${p0} in the range (no period ${2 * p0} right after period ${p0})` };
  }
  const below = scan.values[firstAbove - 1];
  const above = scan.values[firstAbove];
  // how far the period-2p0 window reaches in the scan: where to look for the second doubling
  let windowEnd = firstAbove;
  while (windowEnd + 1 < scan.periods.length && scan.periods[windowEnd + 1] === 2 * p0) windowEnd++;
  const scanWindow = scan.values[windowEnd] - scan.values[firstAbove];

  let value: number;
  let state: Float64Array;
  if (search.firstFlip) {
    const inside = scan.values[firstAbove + Math.floor(0.3 * (windowEnd - firstAbove))];
    try {
      value = search.firstFlip(below, Math.max(inside, above));
    } catch (err) {
      return { flips, stopped: `level 1: ${(err as Error).message}` };
    }
    state = settle(search.mapAt(Math.max(inside, above)), search.initial, 2 * p0, 200_000);
  } else {
    const start = settle(search.mapAt(below), search.initial, p0, 200_000);
    const located = bisectFlip(search.mapAt, below, above, start, p0);
    if (typeof located === 'string') return { flips, stopped: `level 1: ${located}` };
    value = located.value;
    state = located.state;
  }
  flips.push({ k: 1, periodFrom: p0, periodTo: 2 * p0, value });

  for (let k = 2; k <= search.levels; k++) {
    const p = p0 * 2 ** (k - 1);
    const previous = flips[flips.length - 1].value;
    // The next window is about (previous gap) / δ long (δ ≈ 4.67; for level 2, what the scan
    // shows of the period-2p0 window); start 30 % into it.
    const window = flips.length >= 2 ? (previous - flips[flips.length - 2].value) / 4.669 : Math.max(scanWindow, above - below);
    if (window < RESOLUTION * Math.abs(previous) * 8) {
      return { flips, stopped: `level ${k} would need parameter resolution ${(window / Math.abs(previous)).toExponential(1)} (relative), beyond double precision` };
    }
    const startValue = previous + 0.3 * window;
    if (startValue >= search.to) return { flips, stopped: `level ${k}: the range ends at ${search.to} before the period-${p} cycle` };
    // Kick the old cycle off its now unstable orbit and let the new one attract it.
    const kicked = Float64Array.from(state, (v) => v * (1 + 1e-4) + 1e-6);
    let cycle: Float64Array;
    try {
      cycle = settle(search.mapAt(startValue), kicked, p, Math.min(2_000_000, 20_000 * p));
    } catch (err) {
      return { flips, stopped: `level ${k}: ${(err as Error).message} at ${startValue}` };
    }
    // March up until the cycle's multiplier passes −1, then bisect.
    let lo = startValue;
    let loState = cycle;
    let step = 0.3 * window;
    let hi = NaN;
    for (let tries = 0; tries < 200; tries++) {
      const next = Math.min(lo + step, search.to);
      if (!(next > lo)) return { flips, stopped: `level ${k}: no flip of the period-${p} cycle before the end of the range (${search.to})` };
      const orbit = findPeriodicOrbit(search.mapAt(next), loState, p);
      if (!orbit) {
        step /= 2;
        if (step < RESOLUTION * Math.abs(lo)) return { flips, stopped: `level ${k}: lost the period-${p} cycle near ${lo}` };
        continue;
      }
      if (flipMultiplier(orbit.monodromy, orbit.state.length) < -1) {
        hi = next;
        break;
      }
      lo = next;
      loState = orbit.state;
    }
    if (Number.isNaN(hi)) return { flips, stopped: `level ${k}: the period-${p} cycle did not reach multiplier −1` };
    const located = bisectFlip(search.mapAt, lo, hi, loState, p);
    if (typeof located === 'string') return { flips, stopped: `level ${k}: ${located}` };
    // The cascade shrinks geometrically (δ ≈ 4.67); a flip that breaks that pattern means the
    // search landed on another cycle, i.e. it has run out of resolution.
    if (flips.length >= 2) {
      const delta = (previous - flips[flips.length - 2].value) / (located.value - previous);
      if (!(delta > 2 && delta < 12)) {
        return { flips, stopped: `level ${k}: the flip found at ${located.value} breaks the geometric cascade (ratio ${delta.toFixed(3)}); the search cannot resolve deeper levels` };
      }
    }
    flips.push({ k, periodFrom: p, periodTo: 2 * p, value: located.value });
    state = located.state;
  }
  return { flips, stopped: null };
}

/**
 * Bisection on the sign of μ + 1 between lo (cycle still stable) and hi (flipped), continuing the
 * period-p cycle by Newton from the nearest stable side. Returns the flip and a state on the cycle.
 */
function bisectFlip(
  mapAt: (value: number) => DiscreteMap,
  lo: number,
  hi: number,
  loState: Float64Array,
  p: number,
): { value: number; state: Float64Array } | string {
  let state = loState;
  const at = (v: number) => findPeriodicOrbit(mapAt(v), state, p);
  const first = at(lo);
  if (!first) return `Newton's method found no period-${p} cycle at ${lo}`;
  if (!(flipMultiplier(first.monodromy, first.state.length) > -1)) return `the period-${p} cycle is already flipped at ${lo}`;
  state = first.state;
  for (let i = 0; i < 200 && hi - lo > RESOLUTION * Math.abs(lo); i++) {
    const mid = 0.5 * (lo + hi);
    const orbit = at(mid);
    if (!orbit) return `Newton's method lost the period-${p} cycle at ${mid}`;
    if (flipMultiplier(orbit.monodromy, orbit.state.length) > -1) {
      lo = mid;
      state = orbit.state;
    } else hi = mid;
  }
  return { value: 0.5 * (lo + hi), state };
}

/** The multiplier that a flip takes through −1: the most negative real eigenvalue (1-D, 2-D). */
export function flipMultiplier(monodromy: Float64Array, k: number): number {
  if (k === 1) return monodromy[0];
  if (k === 2) {
    const [re1, im1, re2] = eigenvalues2x2(monodromy);
    if (im1 !== 0) return Infinity; // a complex pair cannot cross −1
    return Math.min(re1, re2);
  }
  throw new Error('cascade location supports maps of dimension 1 and 2');
}

/**
 * Iterates until the orbit settles on an attracting cycle of period p (checked), then polishes
 * it with Newton's method. Throws if the orbit diverges or settles on something else.
 */
export function settle(map: DiscreteMap, start: Float64Array, p: number, steps: number): Float64Array {
  const z = Float64Array.from(start);
  for (let t = 0; t < steps; t++) {
    map.step(z, z);
    if (!z.every(Number.isFinite)) throw new Error('the orbit diverges');
  }
  const orbit = findPeriodicOrbit(map, z, p);
  if (!orbit) throw new Error(`the orbit does not settle on a period-${p} cycle`);
  // a genuine period p, not a divisor of it
  if (p > 1) {
    const half = new Float64Array(z.length);
    iterateWithMonodromy(map, orbit.state, p / 2, half, new Float64Array(z.length * z.length));
    const scale = Math.max(1e-300, ...orbit.state.map(Math.abs));
    const distance = Math.max(...half.map((v, i) => Math.abs(v - orbit.state[i])));
    if (distance < 1e-9 * scale) throw new Error(`the orbit settles on period ${p / 2}, not ${p}`);
  }
  return orbit.state;
}
