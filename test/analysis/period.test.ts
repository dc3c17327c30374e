import { describe, expect, it } from 'vitest';
import { detectContractingPeriod, detectPeriod } from '../../src/analysis/period.js';
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
  it('finds the smallest period of exact cycles', () => {
    for (const p of [1, 2, 3, 5, 12, 48]) {
      const r = record(1000, (t) => Math.sin(1 + (t % p)), (t) => 2 + ((t % p) * 7) % p);
      expect(detectPeriod(r, 2, 1000, options)).toBe(p);
    }
  });

  it('does not report a period for an aperiodic (random) record or one longer than max', () => {
    const rng = new SeededRandom(1);
    expect(detectPeriod(record(1000, () => rng.uniform(), () => rng.uniform()), 2, 1000, options)).toBe(0);
    expect(detectPeriod(record(1000, (t) => Math.sin(t % 80), () => 1), 2, 1000, options)).toBe(0);
  });

  it('uses a tolerance relative to the attractor scale', () => {
    const rng = new SeededRandom(3);
    const noise = Array.from({ length: 1000 }, () => rng.uniform() - 0.5);
    const noisy = (scale: number) => record(1000, (t) => scale * ((t % 2) + 1e-8 * noise[t]), () => scale);
    expect(detectPeriod(noisy(1e-6), 2, 1000, options)).toBe(2);
    expect(detectPeriod(noisy(1e6), 2, 1000, options)).toBe(2);
    expect(detectPeriod(noisy(1), 2, 1000, { max: 64, tol: 1e-9 })).toBe(0);
  });

  it('recognises slow convergence towards a cycle, and nothing else', () => {
    // a 2-cycle approached slowly (deviation shrinking by 0.995 per step, alternating or not):
    // not within tol after 1000 steps, but its 2-step mismatch shrinks ~ 40-fold over the record
    for (const rate of [0.995, -0.995]) {
      const slow = record(1000, (t) => (t % 2 ? 3 : 1) + 0.5 * rate ** t, () => 1);
      expect(detectPeriod(slow, 2, 1000, options)).toBe(0);
      expect(detectContractingPeriod(slow, 2, 1000, { ...options, ratio: 0.05 })).toBe(2);
    }
    // slower than the ratio can see: no claim
    const slower = record(1000, (t) => (t % 2 ? 3 : 1) + 0.5 * 0.999 ** t, () => 1);
    expect(detectContractingPeriod(slower, 2, 1000, { ...options, ratio: 0.05 })).toBe(0);
    const rng = new SeededRandom(2);
    expect(detectContractingPeriod(record(1000, () => rng.uniform(), () => rng.uniform()), 2, 1000, { ...options, ratio: 0.05 })).toBe(0);
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
