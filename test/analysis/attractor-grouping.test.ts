import { describe, expect, it } from 'vitest';
import {
  convergenceDistance,
  slowestMultiplier,
  groupRuns,
  runSummary,
  sameAttractor,
  NON_PERIODIC_TOLERANCE,
  type RunSummary,
} from '../../src/analysis/attractor-grouping.js';

/** The summary of a recorded orbit, computed here from its values. */
function summary(values: number[], period: number): RunSummary {
  return runSummary(values, values.length, period);
}

/** A p-cycle recorded for `record` steps starting at phase `phase`. */
function cycle(points: number[], record: number, phase: number): number[] {
  return Array.from({ length: record }, (_, t) => points[(t + phase) % points.length]);
}

describe('grouping the runs of one grid point', () => {
  it('a 2-cycle recorded at its two phases is one attractor', () => {
    const a = summary(cycle([0.3, 0.8], 1000, 0), 2);
    const b = summary(cycle([0.3, 0.8], 1000, 1), 2);
    expect(sameAttractor(a, b, 1e-6)).toBe(true);
    expect(Array.from(groupRuns([a, b], 1e-6))).toEqual([0, 0]);
  });

  it('a 3-cycle recorded over a record that is not a whole number of periods has one mean at every phase', () => {
    const phases = [0, 1, 2].map((phase) => summary(cycle([0.1, 0.5, 0.9], 1000, phase), 3));
    for (const s of phases) expect(s.mean).toBeCloseTo(0.5, 15);
    expect(Array.from(groupRuns(phases, 1e-6))).toEqual([0, 0, 0]);
    // the naive mean over all 1000 samples would differ by (0.9 − 0.1)/1000 between phases
    const naive = [0, 1].map((phase) => cycle([0.1, 0.5, 0.9], 1000, phase).reduce((s, v) => s + v, 0) / 1000);
    expect(Math.abs(naive[0] - naive[1])).toBeGreaterThan(1e-4);
  });

  it('two distinct fixed points are two attractors, and a third run joins the one it equals', () => {
    const runs = [summary([1, 1, 1], 1), summary([-1, -1, -1], 1), summary([1 + 1e-9, 1 + 1e-9, 1 + 1e-9], 1)];
    expect(Array.from(groupRuns(runs, 1e-6))).toEqual([0, 1, 0]);
  });

  it('fixed points closer than the tolerance, relative to their magnitude, are one; farther, two', () => {
    expect(sameAttractor(summary([100], 1), summary([100 + 5e-5], 1), 1e-6)).toBe(true);
    expect(sameAttractor(summary([100], 1), summary([100 + 2e-4], 1), 1e-6)).toBe(false);
  });

  it('orbits still converging to one fixed point are one attractor; to two fixed points, two', () => {
    // x_t = x* + d·μ^t with μ = −0.995 per step: the slowest contraction the period detector accepts over 1000 steps is 0.05^(4/3000) = 0.99601
    const record = 1000;
    const orbit = (fixed: number, d: number) => Array.from({ length: record }, (_, t) => fixed + d * Math.pow(-0.995, t + 200));
    const a = summary(orbit(0.5, 0.3), 1);
    const b = summary(orbit(0.5, -0.2), 1);
    expect(Math.abs(a.max - b.max)).toBeGreaterThan(1e-6); // not converged to the tolerance
    expect(sameAttractor(a, b, 1e-6)).toBe(true);
    expect(sameAttractor(a, summary(orbit(0.6, 0.3), 1), 1e-6)).toBe(false);
    // the uncertainty is Aitken's distance |Δ·μ/(1 − μ)| with μ = −0.995, and it covers the true distance
    expect(slowestMultiplier(1, 1000)).toBeCloseTo(0.99601, 5);
    const o = orbit(0.5, 0.3);
    const delta = o[record - 1] - o[record - 2];
    expect(a.uncertainty).toBeCloseTo(Math.abs((delta * -0.995) / 1.995), 12);
    expect(Math.abs(o[record - 1] - 0.5)).toBeLessThanOrEqual(a.uncertainty * (1 + 1e-9));
    // a slow monotone approach (μ = 0.99) is allowed more: Δ·μ/(1 − μ)
    expect(convergenceDistance(1e-3, 1e-3 / 0.99, 0.996)).toBeCloseTo(0.099, 12);
    // an estimate past the detector's slowest multiplier is clamped to it
    expect(convergenceDistance(1e-3, 1e-3, 0.996)).toBeCloseTo((1e-3 * 0.996) / 0.004, 9);
  });

  it('different periods are different attractors, even over the same extent', () => {
    expect(sameAttractor(summary([0, 1], 2), summary([0, 0.5, 1, 0.5], 4), 0.1)).toBe(false);
  });

  it('diverged runs form group −1 and are never an attractor', () => {
    const diverged: RunSummary = { period: -1, min: NaN, max: NaN, mean: NaN, uncertainty: NaN };
    expect(Array.from(groupRuns([diverged, summary([0.5], 1), diverged], 1e-6))).toEqual([-1, 0, -1]);
    expect(sameAttractor(diverged, diverged, 1)).toBe(false);
  });

  it('chaotic records of one attractor agree within a tenth of its extent; disjoint chaotic bands do not', () => {
    // two records of the same band [0, 1] that sample its ends and mean slightly differently
    const a: RunSummary = { period: 0, min: 0.001, max: 0.999, mean: 0.5, uncertainty: 0 };
    const b: RunSummary = { period: 0, min: 0.004, max: 0.995, mean: 0.52, uncertainty: 0 };
    expect(sameAttractor(a, b, 1e-6)).toBe(true);
    const far: RunSummary = { period: 0, min: 0.001 + 2 * NON_PERIODIC_TOLERANCE, max: 1.2, mean: 0.7, uncertainty: 0 };
    expect(sameAttractor(a, far, 1e-6)).toBe(false);
  });

  it('a cycle is summarised by its last p values; other runs by the whole record; a diverged run by NaN', () => {
    expect(runSummary([5, 1, 2], 3, 1)).toEqual({
      period: 1,
      min: 2,
      max: 2,
      mean: 2,
      uncertainty: convergenceDistance(1, -4, slowestMultiplier(1, 3)),
    });
    expect(runSummary([1, 2, 6], 3, 0)).toEqual({ period: 0, min: 1, max: 6, mean: 3, uncertainty: 0 });
    expect(runSummary([1, 2], 2, -1).mean).toBeNaN();
  });
});
