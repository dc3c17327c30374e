import { describe, expect, it } from 'vitest';
import { detectPeriod, detectPeriodScalar } from '../../src/analysis/period.js';
import { periodOfExactCycle } from '../../src/analysis/period-of-cycle.js';
import { uvAdvance } from '../../src/models/uv/orbit-kernel.js';
import { SeededRandom } from '../../src/random/rng.js';

/** A record of `length` steps that repeats the cycle's states (component-major) exactly. */
function repeated(cycle: number[][], length: number): Float64Array {
  const dimension = cycle[0].length;
  const s = new Float64Array(dimension * length);
  for (let t = 0; t < length; t++) for (let c = 0; c < dimension; c++) s[c * length + t] = cycle[t % cycle.length][c];
  return s;
}

/** The exact cycle reached from a UV point: its states from the first repeated state on, or null. */
function uvCycle(eta: number, eps: number, target: number, steps: number): number[][] | null {
  const s = Float64Array.of(0.1, 1);
  const seen = new Map<string, number>();
  const states: number[][] = [];
  for (let t = 0; t <= steps; t++) {
    const key = `${s[0]}|${s[1]}|${Object.is(s[0], -0)}|${Object.is(s[1], -0)}`;
    const before = seen.get(key);
    if (before !== undefined) return states.slice(before);
    seen.set(key, t);
    states.push([s[0], s[1]]);
    uvAdvance(s, eta, eps, target, 1);
  }
  return null;
}

describe("detectPeriod's answer from one period of an exact cycle", () => {
  it('equals detectPeriod on the whole record for every exact UV cycle across the issue grid', () => {
    const options = { max: 64, tol: 1e-6 };
    const length = 2000;
    let cycles = 0;
    const answers = new Set<number>();
    for (let i = 0; i < 120; i++) {
      const eta = 0.6 + (0.6 * i) / 119;
      const cycle = uvCycle(eta, 0.5, 2, 20_000);
      if (!cycle) continue;
      cycles++;
      const states = repeated(cycle, length);
      const expected = detectPeriod(states, 2, length, options);
      expect(detectPeriodScalar(states, 2, length, options)).toBe(expected);
      const fast = periodOfExactCycle(states, 2, length, cycle.length, options);
      if (cycle.length > options.max) expect(fast).toBe(-1);
      else {
        expect(fast, `η = ${eta}, cycle of ${cycle.length}`).toBe(expected);
        answers.add(fast);
      }
    }
    expect(cycles).toBeGreaterThan(50);
    expect(answers.size).toBeGreaterThan(3); // several periods: 1, 2, 4, 8, windows
  });

  it('finds a shorter period that matches within the tolerance, as detectPeriod does (near a flip)', () => {
    const rng = new SeededRandom(31);
    let shorter = 0;
    for (let trial = 0; trial < 400; trial++) {
      // a cycle of period p whose states nearly repeat with a divisor q, by up to 3 tolerances apart, about the bound (tol × the largest magnitude, 1.5 to 3)
      const q = 1 + Math.floor(rng.uniform() * 6);
      const p = q * (1 + Math.floor(rng.uniform() * 5));
      const tol = 1e-6;
      const base = Array.from({ length: q }, () => [rng.uniform() * 4 - 2, rng.uniform() * 3]);
      const cycle = Array.from({ length: p }, (_, j) => base[j % q].map((x) => x + (rng.uniform() - 0.5) * 3 * tol));
      for (const length of [200, 257, 1000]) {
        const options = { max: Math.min(64, Math.floor(length / 2) - 1), tol };
        const states = repeated(cycle, length);
        const expected = detectPeriodScalar(states, 2, length, options);
        expect(detectPeriod(states, 2, length, options)).toBe(expected);
        expect(periodOfExactCycle(states, 2, length, p, options), `trial ${trial}`).toBe(expected);
        if (expected < p) shorter++;
      }
    }
    expect(shorter).toBeGreaterThan(100); // the near-flip case really occurs in this set
    expect(shorter).toBeLessThan(1100); // and so does its failure
  });

  it('declines a cycle longer than the largest period looked for, or a record too short to show every pair', () => {
    const cycle = Array.from({ length: 10 }, (_, j) => [j, 0]);
    expect(periodOfExactCycle(repeated(cycle, 100), 2, 100, 10, { max: 8, tol: 1e-6 })).toBe(-1);
    expect(periodOfExactCycle(repeated(cycle, 15), 2, 15, 10, { max: 6, tol: 1e-6 })).toBe(-1);
    expect(periodOfExactCycle(repeated(cycle, 100), 2, 100, 10, { max: 12, tol: 1e-6 })).toBe(10);
    expect(detectPeriod(repeated(cycle, 100), 2, 100, { max: 12, tol: 1e-6 })).toBe(10);
  });
});
