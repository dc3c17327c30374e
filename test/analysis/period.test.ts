import { describe, expect, it } from 'vitest';
import { detectContractingPeriod, detectPeriod, detectPeriodScalar } from '../../src/analysis/period.js';
import { createLanes, uvTransient } from '../../src/models/uv/orbit-kernel.js';
import { uvRecordLanes } from '../../src/models/uv/record-kernel.js';
import { spectralRadius } from '../../src/analysis/period-refine.js';
import { classifyOrbit } from '../../src/analysis/regime.js';
import { SeededRandom } from '../../src/random/rng.js';

/** Component-major record of a 2-D sequence z(t) = (x(t), y(t)). */
function record(length: number, x: (t: number) => number, y: (t: number) => number): Float64Array {
  const s = new Float64Array(2 * length);
  for (let t = 0; t < length; t++) {
    s[t] = x(t);
    s[length + t] = y(t);
  }
  return s;
}

const options = { max: 64, tol: 1e-6 };

describe('period detection', () => {
  it("gives the JavaScript definition's answer from the WebAssembly scans, on every kind of record", () => {
    const cases: { states: Float64Array; dimension: number; length: number; max: number; tol: number }[] = [];
    // UV orbits across the demo's grid: converged, 2-, 4-, 8-cycles, windows, chaos
    const lanes = createLanes();
    for (let b = 0; b < 400; b += 4) {
      for (let k = 0; k < 4; k++) {
        lanes.eta[k] = 0.9 + (1.0 * (b + k)) / 400;
        lanes.eps[k] = 0.01;
        lanes.target[k] = 10;
        lanes.f[k] = 0;
        lanes.ntk[k] = 0.2;
        lanes.divergedAt[k] = -1;
      }
      uvTransient(lanes, 20000, 0, 1e12);
      for (const r of uvRecordLanes(lanes, [0, 1, 2, 3], 1000, 20000, 1e12, 0, false)) {
        if (r.states) cases.push({ states: Float64Array.from(r.states), dimension: 2, length: 1000, ...options });
      }
    }
    // exact cycles in 1, 2 and 3 dimensions, odd and even lengths, periods up to the maximum
    for (const length of [37, 100, 101, 999]) {
      for (const dimension of [1, 2, 3]) {
        for (const p of [1, 2, 3, 7, 16]) {
          const states = Float64Array.from({ length: dimension * length }, (_, i) =>
            Math.cos(1 + ((i % length) % p) + 3 * Math.floor(i / length)),
          );
          cases.push({ states, dimension, length, max: Math.min(16, length - 2), tol: 1e-9 });
        }
      }
    }
    // edges: all zeros (scale 1), a NaN late or early, a difference exactly at the bound, ±0
    const edge = (f: (t: number) => number, length = 64) => record(length, f, () => 1);
    cases.push({ states: edge(() => 0), dimension: 2, length: 64, max: 8, tol: 1e-6 });
    const lateNaN = edge((t) => (t === 60 ? NaN : t % 2));
    const earlyNaN = edge((t) => (t === 1 ? NaN : t % 2));
    cases.push(
      { states: lateNaN, dimension: 2, length: 64, max: 8, tol: 1e-6 },
      { states: earlyNaN, dimension: 2, length: 64, max: 8, tol: 1e-6 },
    );
    // x alternates 0, 1 (scale 1) and tol 1: every difference sits exactly at the bound, so p = 1
    // matches (≤, not <)
    cases.push({ states: edge((t) => t % 2), dimension: 2, length: 64, max: 8, tol: 1 });
    cases.push({ states: edge((t) => (t % 2 ? 0 : -0)), dimension: 2, length: 64, max: 8, tol: 0 });

    const answers = new Set<number>();
    for (const c of cases) {
      const expected = detectPeriodScalar(c.states, c.dimension, c.length, c);
      expect(detectPeriod(c.states, c.dimension, c.length, c)).toBe(expected);
      answers.add(expected);
    }
    // the cases reach periods 0, 1, 2, 4 and more, so both the early exits and full scans ran
    for (const p of [0, 1, 2, 3, 4, 7, 16]) expect(answers.has(p)).toBe(true);
  });

  it('finds the smallest period of exact cycles', () => {
    for (const p of [1, 2, 3, 5, 12, 48]) {
      const r = record(
        1000,
        (t) => Math.sin(1 + (t % p)),
        (t) => 2 + (((t % p) * 7) % p),
      );
      expect(detectPeriod(r, 2, 1000, options)).toBe(p);
    }
  });

  it('does not report a period for an aperiodic (random) record or one longer than max', () => {
    const rng = new SeededRandom(1);
    expect(
      detectPeriod(
        record(
          1000,
          () => rng.uniform(),
          () => rng.uniform(),
        ),
        2,
        1000,
        options,
      ),
    ).toBe(0);
    expect(
      detectPeriod(
        record(
          1000,
          (t) => Math.sin(t % 80),
          () => 1,
        ),
        2,
        1000,
        options,
      ),
    ).toBe(0);
  });

  it('uses a tolerance relative to the attractor scale', () => {
    const rng = new SeededRandom(3);
    const noise = Array.from({ length: 1000 }, () => rng.uniform() - 0.5);
    const noisy = (scale: number) =>
      record(
        1000,
        (t) => scale * ((t % 2) + 1e-8 * noise[t]),
        () => scale,
      );
    expect(detectPeriod(noisy(1e-6), 2, 1000, options)).toBe(2);
    expect(detectPeriod(noisy(1e6), 2, 1000, options)).toBe(2);
    expect(detectPeriod(noisy(1), 2, 1000, { max: 64, tol: 1e-9 })).toBe(0);
  });

  it('recognises slow convergence towards a cycle, and nothing else', () => {
    // a 2-cycle approached slowly (deviation shrinking by 0.995 per step, alternating or not):
    // not within tol after 1000 steps, but its 2-step mismatch shrinks ~ 40-fold over the record
    for (const rate of [0.995, -0.995]) {
      const slow = record(
        1000,
        (t) => (t % 2 ? 3 : 1) + 0.5 * rate ** t,
        () => 1,
      );
      expect(detectPeriod(slow, 2, 1000, options)).toBe(0);
      expect(detectContractingPeriod(slow, 2, 1000, { ...options, ratio: 0.05 })).toBe(2);
    }
    // slower than the ratio can see: no claim
    const slower = record(
      1000,
      (t) => (t % 2 ? 3 : 1) + 0.5 * 0.999 ** t,
      () => 1,
    );
    expect(detectContractingPeriod(slower, 2, 1000, { ...options, ratio: 0.05 })).toBe(0);
    const rng = new SeededRandom(2);
    expect(
      detectContractingPeriod(
        record(
          1000,
          () => rng.uniform(),
          () => rng.uniform(),
        ),
        2,
        1000,
        { ...options, ratio: 0.05 },
      ),
    ).toBe(0);
  });
});

describe('classification', () => {
  it('lets a period win over the exponent and uses λ_max only without one', () => {
    expect(classifyOrbit(1, 0, 1e-3)).toEqual({ regime: 'converged', period: 1 });
    expect(classifyOrbit(4, -0.2, 1e-3)).toEqual({ regime: 'periodic', period: 4 });
    expect(classifyOrbit(0, 0.3, 1e-3)).toEqual({ regime: 'chaotic', period: 0 });
    expect(classifyOrbit(0, -0.3, 1e-3)).toEqual({ regime: 'periodic', period: 0 });
    expect(classifyOrbit(0, 2e-4, 1e-3)).toEqual({ regime: 'quasiperiodic', period: 0 });
    expect(classifyOrbit(0, NaN, 1e-3)).toEqual({ regime: 'chaotic', period: 0 });
  });
});

describe('spectral radius', () => {
  it('matches known eigenvalue moduli in 1, 2 and 3 dimensions', () => {
    expect(spectralRadius(new Float64Array([-0.7]), 1)).toBeCloseTo(0.7, 15);
    // rotation by 0.3 scaled by 0.9: complex pair of modulus 0.9
    const c = 0.9 * Math.cos(0.3);
    const s = 0.9 * Math.sin(0.3);
    expect(spectralRadius(new Float64Array([c, -s, s, c]), 2)).toBeCloseTo(0.9, 14);
    expect(spectralRadius(new Float64Array([0.5, 1, 0, 0, -1.2, 1, 0, 0, 0.3]), 3)).toBeCloseTo(1.2, 10);
  });
});
