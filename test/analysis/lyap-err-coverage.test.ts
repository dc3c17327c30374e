import { sweepRowsOnThisThread } from '../sweep-rows.js';
import { describe, expect, it } from 'vitest';
import { batchEnds, batchMeansError } from '../../src/analysis/batch-means.js';
import { sweepSpecSchema, type SweepSpec } from '../../src/spec/sweep-spec.js';
import { lyapunovWarmup } from '../../src/sweep/chunk.js';

/**
 * lyap_err is a 1σ standard error (batch means, src/analysis/batch-means.ts), so λ_max ± 2·lyap_err
 * should hold the exponent of the attractor in about 94 % of records (Student-t, 15 degrees of
 * freedom): at least 90 %, and at most 99 % (an interval that always covers is too wide). The
 * exponent is a reference computed here by a plain scalar loop 100–200× longer than the record.
 */

/** A sweep on this thread, its rows keyed by column name. */
async function sweepRows(input: Record<string, unknown>): Promise<{ spec: SweepSpec; rows: Record<string, number | string | null>[] }> {
  const spec = sweepSpecSchema.parse({ name: 'coverage', ...input });
  const rows = await sweepRowsOnThisThread(spec);
  return { spec, rows };
}

/** Share of |estimate − reference| ≤ 2·error. */
function coverage(trials: { estimate: number; error: number; reference: number }[]): number {
  return trials.filter((t) => Math.abs(t.estimate - t.reference) <= 2 * t.error).length / trials.length;
}

const UV_EPS = 0.01; // width 100, |x|² = 1: ε = |x|²/width
const UV_TARGET = 10;

/**
 * λ_max of the UV map at η by the C-style long run: from (f, λ) = (0, 0.2), `skip` plain steps,
 * 1000 steps to align the tangent vector, then `steps` steps averaging log‖J u‖ (renormalised
 * every step). The map and its 2×2 Jacobian written out here, independent of the kernels.
 */
function uvReference(eta: number, skip: number, steps: number): number {
  const b = UV_EPS * eta * eta;
  const c4 = 4 * UV_EPS * eta;
  let f = 0;
  let l = 0.2;
  let u = 1;
  let w = 0;
  let sum = 0;
  const align = skip + 1000;
  for (let t = 0; t < align + steps; t++) {
    const r = f - UV_TARGET;
    const rr = r * r;
    if (t >= skip) {
      // ∂(f', λ')/∂(f, λ) at (f, λ)
      const nu = (1 - eta * l + b * (2 * r * f + rr)) * u - eta * r * w;
      const nw = (2 * b * r * l - c4 * (f + r)) * u + (1 + b * rr) * w;
      const norm = Math.hypot(nu, nw);
      u = nu / norm;
      w = nw / norm;
      if (t >= align) sum += Math.log(norm);
    }
    const fNext = f - eta * r * l + b * rr * f;
    l = l + b * rr * l - c4 * r * f;
    f = fNext;
  }
  return sum / steps;
}

/** λ of the logistic map at r by the long run: `skip` steps from x0, then `steps` steps of log|r(1 − 2x)|. */
function logisticReference(r: number, x0: number, skip: number, steps: number): number {
  let x = x0;
  let sum = 0;
  for (let t = 0; t < skip + steps; t++) {
    if (t >= skip) sum += Math.log(Math.abs(r * (1 - 2 * x)));
    x = r * x * (1 - x);
  }
  return sum / steps;
}

describe('lyap_err: batch means over the record', () => {
  it('is the standard error of the mean for independent samples, and weighs unequal batches by length', () => {
    expect(Array.from(batchEnds(32))).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32]);
    expect(Array.from(batchEnds(5))).toEqual([1, 2, 3, 4, 5]);
    // 1 for 16 steps, then 3: 8 two-step batches at 1, 8 at 3, mean 2, σ² = Σ n_b (x̄_b − x̄)² / (B − 1)
    const ends = batchEnds(32);
    const cumulative = Array.from(ends, (e) => (e <= 16 ? e : 16 + 3 * (e - 16)));
    const sigma2 = (16 * 2 * 1) / 15;
    expect(batchMeansError(ends, cumulative, ends.length)).toBeCloseTo(Math.sqrt(sigma2 / 32), 14);
    // segments every 6 steps of a 32-step record: batches close at 6, 12, …, 30 and 32 (n = 6, …, 2)
    const segmentEnds = [6, 12, 18, 24, 30, 32];
    const values = [1, 2, 3, 4, 5, 6];
    const sums = segmentEnds.map((_, s) =>
      segmentEnds.slice(0, s + 1).reduce((a, e, j) => a + values[j] * (e - (segmentEnds[j - 1] ?? 0)), 0),
    );
    const mean = sums[5] / 32;
    const lengths = [6, 6, 6, 6, 6, 2];
    const expected = Math.sqrt(lengths.reduce((a, n, j) => a + n * (values[j] - mean) ** 2, 0) / 5 / 32);
    expect(batchMeansError(segmentEnds, sums, 6)).toBeCloseTo(expected, 14);
    expect(batchMeansError([10], [3], 1)).toBeNaN(); // one batch: no spread to measure
  });

  it('covers the UV route to chaos: a 2000-step record against a 200k-step reference', async () => {
    const trials = [];
    for (const transient of [20000, 30000, 40000]) {
      const record = 2000;
      const { spec, rows } = await sweepRows({
        model: { kind: 'uv', width: 100, inputDim: 1, target: UV_TARGET, init: { f0: 0, ntk0: 0.2 } },
        sweep: { parameter: 'eta', from: 1.55, to: 1.9, points: 120 },
        transient,
        record,
        observable: 'eta_sharpness',
      });
      const after = spec.transient + record + lyapunovWarmup(spec); // the reference starts after the record
      for (const row of rows) {
        if (row.regime !== 'chaotic') continue;
        const reference = uvReference(row.eta as number, after, 200_000);
        if (!(reference > 0.01)) continue; // a window the record had not reached
        trials.push({ estimate: row.lyap_max as number, error: row.lyap_err as number, reference });
      }
    }
    expect(trials.length).toBeGreaterThan(300);
    const covered = coverage(trials);
    expect(covered).toBeGreaterThanOrEqual(0.9);
    expect(covered).toBeLessThanOrEqual(0.99);
  }, 60_000);

  it('covers the logistic map’s chaotic range: a 1000-step record against a 200k-step reference', async () => {
    const transient = 1000;
    const record = 1000;
    const { rows } = await sweepRows({
      model: { kind: 'logistic', init: { x: 0.1 } },
      sweep: { parameter: 'r', from: 3.6, to: 4, points: 400 },
      transient,
      record,
    });
    const trials = [];
    for (const row of rows) {
      if (row.regime !== 'chaotic') continue;
      const reference = logisticReference(row.r as number, 0.1, transient + 2 * record, 200_000);
      if (!(reference > 0.02)) continue;
      trials.push({ estimate: row.lyap_max as number, error: row.lyap_err as number, reference });
    }
    expect(trials.length).toBeGreaterThan(300);
    const covered = coverage(trials);
    expect(covered).toBeGreaterThanOrEqual(0.9);
    expect(covered).toBeLessThanOrEqual(0.99);
  });

  it('covers ln 2 at r = 4, where the error is O(1/record) and the interval is wide', async () => {
    // At r = 4, x = sin²(πθ) turns the map into θ → 2θ, and log|f′(x)| = ln 2 + g(x′) − g(x) with
    // g(x) = ½ ln(x(1 − x)): the record's sum is record·ln 2 plus g(last) − g(first), so its error
    // is O(1/record), not O(1/√record), and a standard error built for correlated noise (any
    // batch size) can only over-cover. The 99 % ceiling does not apply here; the floor does.
    const trials = [];
    for (let i = 0; i < 50; i++) {
      const x = 0.01 + 0.98 * ((i * 0.6180339887498949) % 1);
      const { rows } = await sweepRows({
        model: { kind: 'logistic', init: { x } },
        sweep: { parameter: 'r', from: 3.9, to: 4, points: 2 },
        transient: 100,
        record: 1000,
      });
      const row = rows[1];
      expect(row.r).toBe(4);
      trials.push({ estimate: row.lyap_max as number, error: row.lyap_err as number, reference: Math.LN2 });
      // the telescoped sum: the record's error is bounded by the range of g over the orbit
      expect(Math.abs((row.lyap_max as number) - Math.LN2)).toBeLessThan(20 / 1000);
    }
    expect(coverage(trials)).toBeGreaterThanOrEqual(0.9);
  });
});
