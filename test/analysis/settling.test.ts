import { sweepRowsOnThisThread } from '../sweep-rows.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyOrbit } from '../../src/analysis/regime.js';
import { SETTLING_EFFECT, SETTLING_Z, settlingTest } from '../../src/analysis/settling.js';
import { loadMathjs } from '../../src/models/expression/mathjs-loader.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';

/** A seeded uniform generator (mulberry32), so the noisy records are the same on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller. */
function gaussian(seed: number): () => number {
  const u = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const RECORD = 256;

describe('settlingTest', () => {
  it('a noiseless ramp: z = 8√6 and effect = 192/√(64·65/12), whatever the slope (exact block algebra)', () => {
    // 8 block means per quarter, spaced d: their sample variance is 6d², so each quarter mean has
    // se = d√(6/8); the quarter means are 8d apart, so the drift is 24d: z = 24/√(2·6/8) = 8√6.
    // The raw samples of a quarter (64 steps of slope s) have variance s²·64·65/12; drift 192s.
    for (const slope of [1e-9, 3e-3, -7]) {
      const x = Float64Array.from({ length: RECORD }, (_, t) => 1.5 + slope * t);
      const r = settlingTest(x, RECORD);
      expect(r.z).toBeCloseTo(8 * Math.sqrt(6), 6);
      expect(r.effect).toBeCloseTo(192 / Math.sqrt((64 * 65) / 12), 6);
      expect(r.drift).toBeCloseTo(192 * slope, 9);
      expect(r.monotone).toBe(true);
      expect(r.settling).toBe(true);
    }
  });

  it('the quarters end with the record: a longer record drops its first samples, not its last', () => {
    // 260 = 4·64 + 4: the first 4 samples (a spike) are left out
    const x = Float64Array.from({ length: 260 }, (_, t) => (t < 4 ? 1e6 : 0.01 * t));
    expect(settlingTest(x, 260).drift).toBeCloseTo(0.01 * 192, 9);
  });

  it('a slow drift under noise of 3× its size per quarter: settling (z, effect above both thresholds)', () => {
    const noise = gaussian(29);
    // drift over the record: 1.0 · (3/4 of 256 steps) ≈ 0.75 between quarter means … with σ = 0.25
    const x = Float64Array.from({ length: RECORD }, (_, t) => t / RECORD + 0.25 * noise());
    const r = settlingTest(x, RECORD);
    expect(r.drift).toBeGreaterThan(0.6);
    expect(r.drift).toBeLessThan(0.9);
    expect(r.z).toBeGreaterThan(SETTLING_Z);
    expect(r.effect).toBeGreaterThan(SETTLING_EFFECT);
    expect(r.settling).toBe(true);
  });

  it('the same drift with its sign flipped: settling too', () => {
    const noise = gaussian(30);
    const x = Float64Array.from({ length: RECORD }, (_, t) => -t / RECORD + 0.25 * noise());
    expect(settlingTest(x, RECORD).settling).toBe(true);
  });

  it('the logistic map at r = 4 (stationary chaos): never settling over 500 starts; the drift is sampling noise', () => {
    const u = uniform(4);
    let largest = 0;
    let largestEffect = 0;
    let squares = 0;
    for (let k = 0; k < 500; k++) {
      let v = 0.05 + 0.9 * u();
      for (let t = 0; t < 1000; t++) v = 4 * v * (1 - v);
      const x = new Float64Array(RECORD);
      for (let t = 0; t < RECORD; t++) x[t] = v = 4 * v * (1 - v);
      const r = settlingTest(x, RECORD);
      expect(r.settling).toBe(false);
      largest = Math.max(largest, r.z);
      largestEffect = Math.max(largestEffect, r.effect);
      squares += r.effect ** 2;
    }
    expect(largest).toBeLessThan(SETTLING_Z);
    expect(largestEffect).toBeLessThan(SETTLING_EFFECT);
    // x_t at r = 4 is uncorrelated from step to step, so the difference of two 64-sample means has
    // standard deviation σ·√(2/64): the effect's rms over the starts is √2/8 ≈ 0.177
    expect(Math.sqrt(squares / 500)).toBeGreaterThan(0.15);
    expect(Math.sqrt(squares / 500)).toBeLessThan(0.2);
  });

  it('a stationary quasiperiodic sequence (cos of a golden-mean rotation, and with a 2-cycle on top): not settling', () => {
    const rho = (Math.sqrt(5) - 1) / 2;
    for (const phase of [0, 0.1, 0.37, 0.5, 0.81]) {
      const rotation = Float64Array.from({ length: RECORD }, (_, t) => Math.cos(2 * Math.PI * (phase + rho * t)));
      const flip = Float64Array.from({ length: RECORD }, (_, t) => (t % 2 ? 1 : -1) + 0.01 * rotation[t]);
      for (const x of [rotation, flip]) {
        const r = settlingTest(x, RECORD);
        expect(r.settling).toBe(false);
        expect(r.effect).toBeLessThan(0.1);
      }
    }
  });

  it('a 2-cycle whose mean drifts by 1e-5 (the mlp along the edge of stability): significant, yet not settling', () => {
    // The drift is real (z > 6: blocks of 8 steps cancel the flip exactly) but a thousandth of the
    // orbit's own swing, so the orbit is on its attractor and moving along it.
    const x = Float64Array.from({ length: RECORD }, (_, t) => 2 + (t % 2 ? 3e-3 : -3e-3) + (1e-5 * t) / RECORD);
    const r = settlingTest(x, RECORD);
    expect(r.z).toBeGreaterThan(SETTLING_Z);
    expect(r.effect).toBeLessThan(0.01);
    expect(r.settling).toBe(false);
  });

  it('too short a record, a constant, or NaN samples: no verdict of settling', () => {
    expect(
      settlingTest(
        Float64Array.from({ length: 63 }, (_, t) => t),
        63,
      ).settling,
    ).toBe(false);
    expect(settlingTest(new Float64Array(RECORD).fill(3), RECORD).settling).toBe(false);
    const withNaN = Float64Array.from({ length: RECORD }, (_, t) => (t === 100 ? NaN : t));
    expect(settlingTest(withNaN, RECORD).settling).toBe(false);
  });
});

describe('classifyOrbit with a trend', () => {
  it('a detected period wins; without one, settling wins over λ_max', () => {
    expect(classifyOrbit(1, 0, 1e-3, true)).toEqual({ regime: 'converged', period: 1 });
    expect(classifyOrbit(2, -0.1, 1e-3, true)).toEqual({ regime: 'periodic', period: 2 });
    expect(classifyOrbit(0, 0, 1e-3, true)).toEqual({ regime: 'settling', period: 0 });
    expect(classifyOrbit(0, 0.5, 1e-3, true)).toEqual({ regime: 'settling', period: 0 });
    expect(classifyOrbit(0, 0, 1e-3, false)).toEqual({ regime: 'quasiperiodic', period: 0 });
  });
});

describe('the sweep labels a circle map with an irrational rotation quasiperiodic, not settling', () => {
  beforeAll(async () => {
    await loadMathjs();
  });

  /**
   * The sine circle map θ ← θ + Ω − (K/2π) sin 2πθ, as a rotation of (u, v) = (cos 2πθ, sin 2πθ)
   * by 2πΩ − K·v, so the plotted observable is a smooth function of the angle (θ mod 1 jumps).
   */
  const circleMap = (k: number) => ({
    kind: 'expression',
    variables: ['u', 'v'],
    parameters: { omega: 0.6, k },
    equations: {
      u: 'u * cos(2*pi*omega - k*v) - v * sin(2*pi*omega - k*v)',
      v: 'u * sin(2*pi*omega - k*v) + v * cos(2*pi*omega - k*v)',
    },
    init: { u: 1, v: 0 },
  });

  /** The rotation number of the lift over n steps from θ = 0. */
  function rotationNumber(omega: number, k: number, n = 100_000): number {
    let theta = 0;
    for (let t = 0; t < n; t++) theta += omega - (k / (2 * Math.PI)) * Math.sin(2 * Math.PI * theta);
    return theta / n;
  }

  /** Ω with rotation number the golden mean conjugate, by bisection (ρ(Ω) is monotone). */
  function goldenOmega(k: number): number {
    const rho = (Math.sqrt(5) - 1) / 2;
    let lo = 0.5;
    let hi = 0.7;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (rotationNumber(mid, k, 20_000) < rho) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }

  it.each([0, 0.5, 0.9])('K = %s at the Ω of golden-mean rotation: quasiperiodic, λ_max ≈ 0', async (k) => {
    const omega = goldenOmega(k);
    // the bisection found a rotation number within 1e-4 of the golden mean conjugate
    expect(Math.abs(rotationNumber(omega, k) - (Math.sqrt(5) - 1) / 2)).toBeLessThan(1e-4);
    const spec = sweepSpecSchema.parse({
      name: 'circle',
      model: circleMap(k),
      sweep: { parameter: 'omega', from: omega, to: omega + 1e-9, points: 2 },
      transient: 2000,
      record: 2048,
      observable: 'v',
    });
    for (const row of await sweepRowsOnThisThread(spec)) {
      expect(row.regime).toBe('quasiperiodic');
      expect(Math.abs(row.lyap_max as number)).toBeLessThan(1e-3);
    }
  });
});
