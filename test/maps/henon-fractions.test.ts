import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweep, type SweepResult, type SweepSpecInput } from '../../src/index.js';
import { ROOT } from '../helpers.js';

/**
 * Coexisting attractors of the Hénon map x' = 1 − a x² + y, y' = b x at b = −0.9: the Monte Carlo
 * basin bifurcation example of the Attractors.jl documentation (Datseris et al.; "Featurizing and
 * grouping across parameters"), a ∈ [0.6, 1.1] at 11 points, starts uniform in [−2, 2]², where a
 * fixed point, a period-3 orbit and escape to infinity share the plane. The shipped spec
 * (sweeps/henon-fractions.json) on the example's grid, checked against a plain loop.
 */
const shipped = JSON.parse(readFileSync(join(ROOT, 'sweeps/henon-fractions.json'), 'utf8')) as SweepSpecInput;
const K = 400;
const A = Array.from({ length: 11 }, (_, i) => 0.6 + 0.05 * i);

function specWithSeed(seed: number): SweepSpecInput {
  return {
    ...shipped,
    sweep: { parameter: 'a', from: 0.6, to: 1.1, points: 11 },
    initialConditions: { count: K, seed, box: { x: [-2, 2], y: [-2, 2] } },
  };
}

type Outcome = 'fixed' | 'three' | 'diverged' | 'other';

/** The long-run outcome of one start, by plain iteration: 2000 steps, then the period of x over 64. */
function plainOutcome(a: number, x: number, y: number): Outcome {
  for (let t = 0; t < 2000; t++) {
    const next = 1 - a * x * x + y;
    y = -0.9 * x;
    x = next;
    if (!(Math.abs(x) < 1e8)) return 'diverged';
  }
  const xs: number[] = [];
  for (let t = 0; t < 64; t++) {
    const next = 1 - a * x * x + y;
    y = -0.9 * x;
    x = next;
    xs.push(x);
  }
  const repeats = (p: number) => xs.every((v, t) => t + p >= xs.length || Math.abs(v - xs[t + p]) < 1e-9);
  if (repeats(1)) return 'fixed';
  if (repeats(3)) return 'three';
  return 'other';
}

/** A small generator of our own (mulberry32), independent of the sweep's draws. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fractions of the outcomes at `a` from n uniform starts in [−2, 2]². */
function plainFractions(a: number, n: number): Record<Outcome, number> {
  const rand = mulberry32(12345);
  const counts: Record<Outcome, number> = { fixed: 0, three: 0, diverged: 0, other: 0 };
  for (let i = 0; i < n; i++) counts[plainOutcome(a, -2 + 4 * rand(), -2 + 4 * rand())]++;
  for (const k of Object.keys(counts) as Outcome[]) counts[k] /= n;
  return counts;
}

/** The sweep's fractions at grid point i by outcome: label −1 is divergence, else by period. */
function sweepFractions(result: SweepResult, i: number): Record<Outcome, number> {
  const out: Record<Outcome, number> = { fixed: 0, three: 0, diverged: 0, other: 0 };
  for (const a of result.fractions!.points[i].attractors) {
    const outcome: Outcome = a.label === -1 ? 'diverged' : a.period === 1 ? 'fixed' : a.period === 3 ? 'three' : 'other';
    out[outcome] += a.fraction;
  }
  return out;
}

describe('Hénon map at b = −0.9: a fixed point and a period-3 orbit coexist', () => {
  let first: SweepResult;
  let second: SweepResult;
  beforeAll(async () => {
    first = await sweep(specWithSeed(1), { workers: 1 });
    second = await sweep(specWithSeed(2), { workers: 1 });
  }, 120_000);

  it('fractions sum to 1; one bounded attractor (the fixed point) up to a = 0.9, two (+ the 3-cycle) from 0.95', () => {
    for (const result of [first, second])
      result.fractions!.points.forEach(({ value, attractors }, i) => {
        expect(value).toBeCloseTo(A[i], 12);
        expect(attractors.reduce((s, a) => s + a.fraction, 0)).toBeCloseTo(1, 14);
        const bounded = attractors.filter((a) => a.label !== -1);
        const periods = bounded.map((a) => a.period).sort((p, q) => p - q);
        if (A[i] < 0.925) expect(periods).toEqual([1]);
        else expect(periods.slice(0, 2)).toEqual([1, 3]);
        expect(attractors.at(-1)!.label).toBe(-1); // escape to infinity everywhere in the box
      });
  });

  it('the fixed point keeps one label across a, and the 3-cycle another', () => {
    const labelOf = (period: number) =>
      new Set(
        first.fractions!.points.flatMap(({ attractors }) =>
          attractors.filter((a) => a.label !== -1 && a.period === period).map((a) => a.label),
        ),
      );
    expect([...labelOf(1)]).toEqual([1]);
    expect(labelOf(3).size).toBe(1);
    expect([...labelOf(3)][0]).not.toBe(1);
  });

  it('each fraction agrees with a plain loop over 20,000 starts of its own, within 4 binomial errors', () => {
    const n = 20_000;
    A.forEach((a, i) => {
      const plain = plainFractions(a, n);
      const swept = sweepFractions(first, i);
      for (const outcome of ['fixed', 'three', 'diverged'] as const) {
        const p = plain[outcome];
        const sigma = Math.sqrt((p * (1 - p)) / K + (p * (1 - p)) / n);
        expect(Math.abs(swept[outcome] - p), `a = ${a}, ${outcome}: sweep ${swept[outcome]}, plain ${p}`).toBeLessThanOrEqual(
          4 * sigma + 1 / K,
        );
      }
    });
  });

  it('another seed draws other starts but the same fractions within their binomial errors', () => {
    let differentRuns = 0;
    A.forEach((_, i) => {
      const f1 = sweepFractions(first, i);
      const f2 = sweepFractions(second, i);
      for (const outcome of ['fixed', 'three', 'diverged'] as const) {
        const p = (f1[outcome] + f2[outcome]) / 2;
        const sigma = Math.sqrt((2 * p * (1 - p)) / K);
        expect(Math.abs(f1[outcome] - f2[outcome]), `a = ${A[i]}, ${outcome}`).toBeLessThanOrEqual(4 * sigma + 1 / K);
        if (f1[outcome] !== f2[outcome]) differentRuns++;
      }
    });
    expect(differentRuns).toBeGreaterThan(0); // the seed did change the draws
  });

  it('λ_max of the fixed point is ½ ln 0.9 (complex multipliers of modulus √det = √0.9)', () => {
    for (const { attractors } of first.fractions!.points) {
      const fixed = attractors.find((a) => a.label === 1)!;
      expect(fixed.lyap_max_mean).toBeCloseTo(0.5 * Math.log(0.9), 2);
    }
  });
});
