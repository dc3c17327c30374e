import { describe, expect, it } from 'vitest';
import { groupRuns, recordedMean, sameAttractor, NON_PERIODIC_TOLERANCE, type RunSummary } from '../../src/analysis/attractor-grouping.js';

/** The summary of a recorded orbit, computed here from its values. */
function summary(values: number[], period: number): RunSummary {
  return { period, min: Math.min(...values), max: Math.max(...values), mean: recordedMean(values, values.length, period) };
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

  it('a 3-cycle over a record that is not a whole number of periods has one mean at every phase', () => {
    const phases = [0, 1, 2].map((phase) => summary(cycle([0.1, 0.5, 0.9], 1000, phase), 3));
    for (const s of phases) expect(s.mean).toBeCloseTo(0.5, 15);
    expect(Array.from(groupRuns(phases, 1e-6))).toEqual([0, 0, 0]);
    // the naive mean over all 1000 samples would differ by (0.9 − 0.1)/1000 between phases
    const naive = [0, 1].map((phase) => cycle([0.1, 0.5, 0.9], 1000, phase).reduce((s, v) => s + v, 0) / 1000);
    expect(Math.abs(naive[0] - naive[1])).toBeGreaterThan(1e-4);
  });

  it('two distinct fixed points are two attractors, and a third run joins the one it equals', () => {
    const runs = [summary([1, 1, 1], 1), summary([-1, -1, -1], 1), summary([1 + 1e-9, 1 + 1e-9], 1)];
    expect(Array.from(groupRuns(runs, 1e-6))).toEqual([0, 1, 0]);
  });

  it('fixed points closer than the tolerance, relative to their magnitude, are one; farther, two', () => {
    expect(sameAttractor(summary([100], 1), summary([100 + 5e-5], 1), 1e-6)).toBe(true);
    expect(sameAttractor(summary([100], 1), summary([100 + 2e-4], 1), 1e-6)).toBe(false);
  });

  it('different periods are different attractors, even over the same extent', () => {
    expect(sameAttractor(summary([0, 1], 2), summary([0, 0.5, 1, 0.5], 4), 0.1)).toBe(false);
  });

  it('diverged runs form group −1 and are never an attractor', () => {
    const diverged: RunSummary = { period: -1, min: NaN, max: NaN, mean: NaN };
    expect(Array.from(groupRuns([diverged, summary([0.5], 1), diverged], 1e-6))).toEqual([-1, 0, -1]);
    expect(sameAttractor(diverged, diverged, 1)).toBe(false);
  });

  it('chaotic records of one attractor agree within a tenth of its extent; disjoint chaotic bands do not', () => {
    // two records of the same band [0, 1] that sample its ends and mean slightly differently
    const a: RunSummary = { period: 0, min: 0.001, max: 0.999, mean: 0.5 };
    const b: RunSummary = { period: 0, min: 0.004, max: 0.995, mean: 0.52 };
    expect(sameAttractor(a, b, 1e-6)).toBe(true);
    const far: RunSummary = { period: 0, min: 0.001 + 2 * NON_PERIODIC_TOLERANCE, max: 1.2, mean: 0.7 };
    expect(sameAttractor(a, far, 1e-6)).toBe(false);
  });

  it('the mean of a diverged run is NaN; of a non-periodic one, over every sample', () => {
    expect(recordedMean([1, 2], 2, -1)).toBeNaN();
    expect(recordedMean([1, 2, 6], 3, 0)).toBe(3);
    expect(recordedMean([1, 2, 6], 3, 2)).toBe(1.5);
  });
});
