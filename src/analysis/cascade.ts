import type { DiscreteMap } from '../kind/discrete-map.js';
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
  /** how many doublings to locate, from the period the scan starts with */
  levels: number;
  to: number;
  /**
   * Optional: locates the doubling out of period 1 itself (the UV model's onset of the edge of
   * stability, which is not the flip of a hyperbolic fixed point). Used only when the scan starts
   * in period 1. Gets the last value of period 1 and a value inside the period-2 window.
   */
  periodOneFlip?: (below: number, inside: number) => number;
  /**
   * Optional: the period the sweep engine reports at one parameter value. Lets the search refine
   * a scan too coarse to show a point of the doubled period (see refineToDoubled).
   */
  periodAt?: (value: number) => number;
}

export interface CascadeResult {
  flips: Flip[];
  /** why the search stopped before `levels`, if it did */
  stopped: string | null;
}

/**
 * A reason, in the tool's own words, why a cascade step cannot go on (the orbit diverges, Newton's
 * method loses the cycle …). The search reports these as where it stopped; any other exception is
 * a bug and propagates.
 */
export class CascadeStop extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CascadeStop';
  }
}

/** Relative width below which a parameter bracket is at the limit of double precision. */
const RESOLUTION = 2e-13;

/** Halvings of a grid gap the scan refinement tries before it gives up (a millionth of the gap). */
const REFINE_HALVINGS = 20;

/**
 * The level of the doubling out of period p in its cascade: a cascade starts from an odd period q
 * (1 for the main route, 3 in a period-3 window …), and q·2^(k−1) → q·2^k is level k. So a range
 * that starts inside period 4 of the main cascade begins at level 3, as a full-range run numbers it.
 */
export function doublingLevel(p: number): number {
  let k = 1;
  for (let q = p; q % 2 === 0; q /= 2) k++;
  return k;
}

/**
 * Locates successive period-doubling points, starting from the period the scan starts with. For
 * each level the attracting 2^k-cycle is found by iterating just past the previous flip, then
 * continued in the parameter with Newton's method on F^p(z) = z (products of Jacobians); the flip
 * is where its most negative multiplier crosses −1, located by bisection to the resolution of
 * double precision. The coarse scan only brackets the first doubling; the flip values never come
 * from its period column.
 */
export function locateCascade(search: CascadeSearch): CascadeResult {
  const flips: Flip[] = [];
  try {
    return { flips, stopped: searchFlips(search, flips) };
  } catch (err) {
    if (err instanceof CascadeStop) return { flips, stopped: err.message };
    throw err;
  }
}

/** Appends the flips it finds to `flips`; returns why it stopped early, or null. */
function searchFlips(search: CascadeSearch, flips: Flip[]): string | null {
  const { values, periods } = search.scan;
  const p0 = periods.find((p) => p > 0) ?? 0;
  if (p0 <= 0) return 'no grid point of the coarse scan has a detected period';
  // Where the first doubling starts from: the last grid point of period p0 before the scan's
  // period-2p0 window, or, if the scan shows none, the end of the first run of period p0.
  const seen = doubledWindow(search.scan, p0);
  let last = periods.indexOf(p0);
  if (seen) last = seen.below;
  else while (last + 1 < periods.length && periods[last + 1] === p0) last++;
  if (last + 1 >= periods.length) return noDoublingMessage(p0);
  const k0 = doublingLevel(p0);

  let value: number;
  let state: Float64Array;
  /** a value known to lie past the first flip, and the window length the second level starts from */
  let past: number;
  let window: number;
  if (search.periodOneFlip && p0 === 1) {
    // Not a hyperbolic flip: the hook needs a value inside the period-2 window.
    const inside = seen ?? refineToDoubled(search, last, p0);
    if (typeof inside === 'string') return inside;
    const below = values[last];
    value = stopAt(`level ${k0}`, () => search.periodOneFlip!(below, inside.value));
    state = stopAt(`level ${k0}`, () => settle(search.mapAt(inside.value), search.initial, 2 * p0, 200_000));
    past = inside.lastSeen;
    window = Math.max(inside.window, inside.firstSeen - below);
  } else {
    // A flip of the p0-cycle: continue it from the last grid point of period p0 until its
    // multiplier passes −1, trying the next grid point first. That needs no grid point inside the
    // doubled window (a coarse scan may jump to 4·p0 or chaos), nor a correct period there.
    const below = values[last];
    const start = stopAt(`level ${k0}`, () => settle(search.mapAt(below), search.initial, p0, 200_000));
    const bracket = marchToFlip(search, below, start, p0, values[last + 1] - below, values[last + 1]);
    if (typeof bracket === 'string') return `level ${k0}: ${bracket}`;
    const located = bisectFlip(search.mapAt, bracket.lo, bracket.hi, bracket.loState, p0);
    if (typeof located === 'string') return `level ${k0}: ${located}`;
    value = located.value;
    state = located.state;
    past = seen ? seen.lastSeen : bracket.hi;
    window = seen ? Math.max(seen.window, seen.firstSeen - below) : bracket.hi - below;
  }
  flips.push({ k: k0, periodFrom: p0, periodTo: 2 * p0, value });

  for (let n = 2; n <= search.levels; n++) {
    const k = k0 + n - 1;
    const p = p0 * 2 ** (n - 1);
    const previous = flips[flips.length - 1].value;
    // The next window is about (previous gap) / δ long (δ ≈ 4.67; for the second flip, what the
    // scan shows of the period-2p0 window); start 30 % into it.
    if (flips.length >= 2) window = (previous - flips[flips.length - 2].value) / 4.669;
    if (window < RESOLUTION * Math.abs(previous) * 8) {
      return `level ${k} would need parameter resolution ${(window / Math.abs(previous)).toExponential(1)} (relative), beyond double precision`;
    }
    // For the second flip, stay short of the last value known to be past the first: a coarse
    // scan's bracket can be much wider than the window.
    let startValue = n === 2 ? Math.min(previous + 0.3 * window, 0.5 * (previous + past)) : previous + 0.3 * window;
    if (startValue >= search.to) return `level ${k}: the range ends at ${search.to} before the period-${p} cycle`;
    // Kick the old cycle off its now unstable orbit and let the new one attract it; if it does not
    // settle there (a start beyond the window), start closer to the previous flip.
    const kicked = Float64Array.from(state, (v) => v * (1 + 1e-4) + 1e-6);
    let cycle: Float64Array | null = null;
    for (let attempt = 0; cycle === null; attempt++) {
      try {
        cycle = settle(search.mapAt(startValue), kicked, p, Math.min(2_000_000, 20_000 * p));
      } catch (err) {
        if (!(err instanceof CascadeStop)) throw err;
        if (attempt === 4) return `level ${k}: ${err.message} at ${startValue}`;
        window /= 4;
        startValue = previous + 0.3 * window;
      }
    }
    const bracket = marchToFlip(search, startValue, cycle, p, 0.3 * window);
    if (typeof bracket === 'string') return `level ${k}: ${bracket}`;
    const located = bisectFlip(search.mapAt, bracket.lo, bracket.hi, bracket.loState, p);
    if (typeof located === 'string') return `level ${k}: ${located}`;
    // The cascade shrinks geometrically (δ ≈ 4.67); a flip that breaks that pattern means the
    // search landed on another cycle, i.e. it has run out of resolution.
    if (flips.length >= 2) {
      const delta = (previous - flips[flips.length - 2].value) / (located.value - previous);
      if (!(delta > 2 && delta < 12)) {
        return `level ${k}: the flip found at ${located.value} breaks the geometric cascade (ratio ${delta.toFixed(3)}); the search cannot resolve deeper levels`;
      }
    }
    flips.push({ k, periodFrom: p, periodTo: 2 * p, value: located.value });
    state = located.state;
  }
  return null;
}

/**
 * Continues the attracting period-p cycle (at `lo`, state on it `loState`) up in the parameter
 * with Newton's method until its flip multiplier passes −1: returns the last value where it had
 * not (lo, with its cycle) and the first where it had (hi). Steps start at `step` (the first at
 * `firstNext` if given), halve when Newton's method loses the cycle and double once they have
 * covered `step`'s expected window (0.3 of it, so 1/0.3 steps) without a flip.
 */
function marchToFlip(
  search: CascadeSearch,
  lo: number,
  loState: Float64Array,
  p: number,
  step: number,
  firstNext?: number,
): { lo: number; loState: Float64Array; hi: number } | string {
  const start = lo;
  const expected = step / 0.3;
  let next = firstNext ?? Math.min(lo + step, search.to);
  for (let tries = 0; tries < 200; tries++) {
    if (!(next > lo)) return `no flip of the period-${p} cycle before the end of the range (${search.to})`;
    const orbit = findPeriodicOrbit(search.mapAt(next), loState, p);
    if (!orbit) {
      step = Math.min(step, next - lo) / 2;
      if (step < RESOLUTION * Math.abs(lo)) return `lost the period-${p} cycle near ${lo}`;
    } else if (flipMultiplier(orbit.monodromy, orbit.state.length) < -1) {
      return { lo, loState, hi: next };
    } else {
      lo = next;
      loState = orbit.state;
      // Past the expected window and still stable: the estimate was short (a coarse scan saw
      // little of the window), so widen the steps.
      if (lo - start > expected) step *= 2;
    }
    next = Math.min(lo + step, search.to);
  }
  return `the period-${p} cycle did not reach multiplier −1`;
}

/** Runs a step whose CascadeStop becomes "<where>: <reason><suffix>". */
function stopAt<T>(where: string, step: () => T, suffix = ''): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof CascadeStop) throw new CascadeStop(`${where}: ${err.message}${suffix}`);
    throw err;
  }
}

/** A value inside the doubled window, and what is known of that window. */
interface DoubledWindow {
  /** the grid index of the last point of period p0 before the window (scans only) */
  below: number;
  /** a value of period 2·p0, about 30 % into what the scan shows of the window */
  value: number;
  /** the first and the last value seen with period 2·p0 */
  firstSeen: number;
  lastSeen: number;
  /** how far the window reaches beyond its first value seen */
  window: number;
}

/**
 * The first period-2·p0 window of the scan that follows a point of period p0, possibly across a
 * few points without a detected period (an orbit next to a flip converges too slowly for its
 * record to show one). Null if the scan shows none.
 */
function doubledWindow(scan: Scan, p0: number): DoubledWindow | null {
  const { values, periods } = scan;
  for (let first = periods.indexOf(2 * p0); first > 0; first = periods.indexOf(2 * p0, first + 1)) {
    let below = first - 1;
    while (below > 0 && periods[below] === 0) below--;
    if (periods[below] !== p0) continue;
    let end = first;
    while (end + 1 < periods.length && periods[end + 1] === 2 * p0) end++;
    const value = Math.max(values[first + Math.floor(0.3 * (end - first))], values[first]);
    return { below, value, firstSeen: values[first], lastSeen: values[end], window: values[end] - values[first] };
  }
  return null;
}

function noDoublingMessage(p0: number): string {
  return `the coarse scan shows no doubling of period ${p0} in the range (no period ${2 * p0} right after period ${p0})`;
}

/**
 * A scan too coarse to have a grid point inside the doubled window (it jumps from period p0 to
 * 4·p0, or to chaos) is refined by bisection between grid point `last` (period p0) and the next,
 * asking the sweep engine for the period at each midpoint; if that finds nothing, the message says
 * how fine the grid would have to be.
 */
function refineToDoubled(search: CascadeSearch, last: number, p0: number): DoubledWindow | string {
  const { values } = search.scan;
  const noDoubling = noDoublingMessage(p0);
  if (!search.periodAt) return noDoubling;
  let lo = values[last];
  let hi = values[last + 1];
  for (let h = 0; h < REFINE_HALVINGS; h++) {
    const mid = 0.5 * (lo + hi);
    const p = search.periodAt(mid);
    if (p === 2 * p0) return { below: last, value: mid, firstSeen: mid, lastSeen: mid, window: 0 };
    if (p === p0) lo = mid;
    else hi = mid;
  }
  // A window narrower than the spacing reached needs a grid spacing below it: points − 1 > range / spacing.
  const spacing = (values[last + 1] - values[last]) / 2 ** REFINE_HALVINGS;
  const needed = Math.floor((values[values.length - 1] - values[0]) / spacing) + 1;
  return `${noDoubling}, nor when refined between ${values[last]} and ${values[last + 1]} down to a spacing of ${spacing.toPrecision(2)}: if the doubling is there, the grid is too coarse for it and would need more than ${needed} points`;
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
  throw new CascadeStop('cascade location supports maps of dimension 1 and 2');
}

/**
 * Iterates until the orbit settles on an attracting cycle of period p (checked), then polishes
 * it with Newton's method. Throws a CascadeStop if the orbit diverges or settles on something else.
 */
export function settle(map: DiscreteMap, start: Float64Array, p: number, steps: number): Float64Array {
  const z = Float64Array.from(start);
  for (let t = 0; t < steps; t++) {
    map.step(z, z);
    if (!z.every(Number.isFinite)) throw new CascadeStop('the orbit diverges');
  }
  const orbit = findPeriodicOrbit(map, z, p);
  if (!orbit) throw new CascadeStop(`the orbit does not settle on a period-${p} cycle`);
  // a genuine period p, not a divisor of it
  if (p > 1) {
    const half = new Float64Array(z.length);
    iterateWithMonodromy(map, orbit.state, p / 2, half, new Float64Array(z.length * z.length));
    const scale = Math.max(1e-300, ...orbit.state.map(Math.abs));
    const distance = Math.max(...half.map((v, i) => Math.abs(v - orbit.state[i])));
    if (distance < 1e-9 * scale) throw new CascadeStop(`the orbit settles on period ${p / 2}, not ${p}`);
  }
  return orbit.state;
}
