import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/analysis/attractor-grouping.js';
import { continuationRank, matchAttractors, observableSpan } from '../../src/analysis/attractor-matching.js';

const fixed = (x: number): RunSummary => ({ period: 1, min: x, max: x, mean: x, uncertainty: 0 });
const twoCycle = (lo: number, hi: number): RunSummary => ({ period: 2, min: lo, max: hi, mean: (lo + hi) / 2, uncertainty: 0 });
const chaos = (lo: number, hi: number): RunSummary => ({ period: 0, min: lo, max: hi, mean: (lo + hi) / 2, uncertainty: 0 });
const labels = (points: RunSummary[][]) => matchAttractors(points).map((l) => Array.from(l));

describe('matching attractors across grid points', () => {
  it('two branches keep their labels while they drift, whatever order the runs found them in', () => {
    const points = [
      [fixed(0), fixed(1)],
      [fixed(1.02), fixed(0.01)],
      [fixed(0.02), fixed(1.03)],
    ];
    expect(labels(points)).toEqual([
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
  });

  it('labels are 1, 2, … in order of first appearance; an attractor far from every earlier one is new', () => {
    expect(labels([[fixed(0)], [fixed(0)], [fixed(0), fixed(10)]])).toEqual([[1], [1], [1, 2]]);
  });

  it('a period doubling continues its branch; a 3-cycle cannot continue a fixed point', () => {
    const p3: RunSummary = { period: 3, min: 0.49, max: 0.51, mean: 0.5, uncertainty: 0 };
    expect(
      labels([
        [fixed(0.5), fixed(2)],
        [twoCycle(0.49, 0.51), fixed(2)],
      ]),
    ).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(
      labels([
        [fixed(0.5), fixed(2)],
        [p3, fixed(2)],
      ]),
    ).toEqual([
      [1, 2],
      [3, 2],
    ]);
    expect(continuationRank(2, 4)).toBe(1);
    expect(continuationRank(4, 2)).toBe(1);
    expect(continuationRank(1, 3)).toBe(-1);
    // several doublings between two grid points: a cascade's stages stepped over
    expect(continuationRank(6, 24)).toBe(1);
    expect(continuationRank(24, 6)).toBe(1);
    expect(continuationRank(1, 8)).toBe(1);
    expect(continuationRank(6, 18)).toBe(-1);
    expect(continuationRank(4, 12)).toBe(-1);
    expect(continuationRank(3, 5)).toBe(-1);
    expect(continuationRank(0, 3)).toBe(2);
  });

  it('a window inside chaos keeps the chaotic label across a cascade whose stages fall between grid points', () => {
    // chaos, its 3-cycle window doubling to 6, then to 24 with 12 stepped over, then chaos again
    // (the tanh network on one digit near η = 55.9), beside a 2-cycle throughout
    const cycle = (period: number, lo: number, hi: number): RunSummary => ({
      period,
      min: lo,
      max: hi,
      mean: (lo + hi) / 2,
      uncertainty: 0,
    });
    const points = [
      [twoCycle(1, 3), chaos(0.2, 4)],
      [twoCycle(1, 3), cycle(3, 0.3, 3.8)],
      [twoCycle(1, 3), cycle(6, 0.3, 3.9)],
      [twoCycle(1, 3), cycle(24, 0.25, 3.95)],
      [twoCycle(1, 3), chaos(0.2, 4)],
    ];
    expect(labels(points)).toEqual(new Array(5).fill([1, 2]));
  });

  it('a label missing at one point resumes when its attractor is found again', () => {
    expect(labels([[fixed(0), fixed(1)], [fixed(1)], [fixed(0.001), fixed(1)]])).toEqual([[1, 2], [2], [1, 2]]);
  });

  it('an equal period is preferred to a nearer attractor of another period', () => {
    // the chaotic band surrounds the 2-cycle; at the next point the 2-cycle continues the 2-cycle
    const points = [
      [twoCycle(0.4, 0.6), chaos(0.39, 0.61)],
      [chaos(0.395, 0.605), twoCycle(0.41, 0.59)],
    ];
    expect(labels(points)).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('each label is taken once: two attractors near one old one do not share it', () => {
    expect(
      labels([
        [fixed(0), fixed(10)],
        [fixed(0.002), fixed(0.001), fixed(10)],
      ]),
    ).toEqual([
      [1, 2],
      [3, 1, 2],
    ]);
  });

  it('the span is the extent over every attractor; a single value gives its magnitude; none gives 1', () => {
    expect(observableSpan([[fixed(-1)], [twoCycle(0, 3)]])).toBe(4);
    expect(observableSpan([[fixed(-2)]])).toBe(2);
    expect(observableSpan([[], []])).toBe(1);
  });
});
