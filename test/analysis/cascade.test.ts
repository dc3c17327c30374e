import { beforeAll, describe, expect, it } from 'vitest';
import { locateCascade } from '../../src/analysis/cascade.js';
import { searchCascade } from '../../src/api/engine-by-kind.js';
import { locateUvOnset } from '../../src/models/uv/onset.js';
import { createUvMap } from '../../src/models/uv/map.js';
import { loadMathjs } from '../../src/models/expression/mathjs-loader.js';
import { sweepSpecSchema, type SweepSpec } from '../../src/spec/sweep-spec.js';
import { runSweep } from '../../src/api/engine-by-kind.js';

beforeAll(async () => {
  await loadMathjs();
});

/** The coarse scan (the sweep's period column) and the cascade search on it. */
async function cascade(fields: Record<string, unknown>) {
  const spec: SweepSpec = sweepSpecSchema.parse({ name: 'c', transient: 5000, record: 512, ...fields });
  const periods = new Int32Array(spec.sweep.points);
  await runSweep(spec, { pool: null, workers: 1, raster: null }, (c) => {
    for (let i = c.start; i < c.end; i++) periods[i] = c.ints[i - c.start];
  });
  return searchCascade(spec, periods);
}

const FEIGENBAUM_DELTA = 4.66920160910299;
/**
 * Two runs that bracket the same flip to the README's relative width 2e-13 agree to that width;
 * twice it leaves room for rounding in the multiplier next to −1.
 */
const SAME_FLIP = 2 * 2e-13;

describe('cascade location', () => {
  it('finds the logistic flips r1 … r6 to 1e-9 and δ within 0.01 of Feigenbaum at k = 6', async () => {
    const report = await cascade({
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 },
      cascade: { levels: 8 },
    });
    const known = [3, 1 + Math.sqrt(6), 3.5440903596, 3.5644072661, 3.5687594195, 3.5696916098];
    expect(report.stopped).toBeNull();
    for (const [i, r] of known.entries()) {
      expect(report.rows[i].k).toBe(i + 1);
      expect(report.rows[i].periodTo).toBe(2 ** (i + 1));
      expect(Math.abs(report.rows[i].value - r)).toBeLessThan(1e-9);
    }
    expect(Math.abs(report.rows[5].delta! - FEIGENBAUM_DELTA)).toBeLessThan(0.01);
    expect(Math.abs(report.accumulation! - 3.5699456718)).toBeLessThan(1e-8);
  });

  it('UV: the onset of the edge of stability is 1/(√ε|y|), and the flips in η√ε|y| do not depend on width, target or input norm', async () => {
    const configs = [
      { model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } }, scale: 1 },
      { model: { kind: 'uv', width: 400, inputDim: 4, target: 3, init: { f0: 0.5, ntk0: 0.3 } }, scale: 1 / (Math.sqrt(4 / 400) * 3) },
      {
        model: { kind: 'uv', width: 64, inputDim: 8, inputNorm2: 2.5, target: -7, init: { f0: 1, ntk0: 2 } },
        scale: 1 / (Math.sqrt(2.5 / 64) * 7),
      },
    ];
    const rescaled: number[][] = [];
    for (const { model, scale } of configs) {
      const report = await cascade({
        model,
        sweep: { parameter: 'eta', from: 0.9 * scale, to: 1.4 * scale, points: 200 },
        cascade: { levels: 7 },
      });
      expect(report.stopped).toBeNull();
      expect(Math.abs(report.rows[0].value - report.theoryOnset!) / report.theoryOnset!).toBeLessThan(1e-9);
      rescaled.push(report.rows.map((r) => r.etaRescaled!));
    }
    for (const other of rescaled.slice(1)) {
      for (let k = 0; k < rescaled[0].length; k++) expect(Math.abs(other[k] - rescaled[0][k])).toBeLessThan(1e-8);
    }
    // the first flip of the 2-cycle sits at η√ε|y| = √5 − 1
    expect(Math.abs(rescaled[0][1] - (Math.sqrt(5) - 1))).toBeLessThan(1e-10);
  });

  it('UV: the Feigenbaum ratios approach δ = 4.6692 (the period-doubling universality class)', async () => {
    const report = await cascade({
      model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
      sweep: { parameter: 'eta', from: 0.9, to: 1.4, points: 200 },
      cascade: { levels: 10 },
    });
    const deltas = report.rows.map((r) => r.delta).filter((d): d is number => d !== null);
    const errors = deltas.map((d) => Math.abs(d - FEIGENBAUM_DELTA));
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]);
    expect(errors[errors.length - 1]).toBeLessThan(1e-4);
  });

  it('an expression map gives the same cascade as the built-in map', async () => {
    const grid = { parameter: 'r', from: 2.8, to: 3.6, points: 200 };
    const a = await cascade({ model: { kind: 'logistic' }, sweep: grid, cascade: { levels: 6 } });
    const b = await cascade({
      model: { kind: 'expression', variables: ['x'], parameters: { r: 3 }, equations: { x: 'r*x*(1-x)' }, init: { x: 0.1 } },
      sweep: grid,
      cascade: { levels: 6 },
    });
    expect(b.rows.map((r) => r.value)).toEqual(a.rows.map((r) => r.value));
  });

  it('says how far it got: no cascade in range, divergence, and levels beyond double precision', async () => {
    const none = await cascade({ model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 1.5, to: 2.9, points: 100 } });
    expect(none.rows).toHaveLength(0);
    expect(none.stopped).toMatch(/no doubling of period 1/);
    const deep = await cascade({
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 },
      cascade: { levels: 14 },
    });
    expect(deep.rows.length).toBeGreaterThanOrEqual(9);
    expect(deep.rows.length).toBeLessThan(14);
    expect(deep.stopped).toMatch(/beyond double precision|cannot resolve deeper levels/);
    const cut = await cascade({
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 3.56, points: 200 },
      cascade: { levels: 6 },
    });
    expect(cut.rows).toHaveLength(3);
    expect(cut.stopped).toMatch(/level 4: .*end of the range/);
  });
});

describe('cascade location on coarse scans', () => {
  const uvModel = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

  for (const points of [2, 3, 4]) {
    it(`UV, η ∈ [0.9, 1.02] on ${points} points: finds the onset, then says the range ends before the 2-cycle flips`, async () => {
      const report = await cascade({ model: uvModel, sweep: { from: 0.9, to: 1.02, points }, cascade: { levels: 2 } });
      expect(report.rows).toHaveLength(1);
      expect(report.rows[0]).toMatchObject({ k: 1, periodFrom: 1, periodTo: 2 });
      expect(Math.abs(report.rows[0].value - report.theoryOnset!) / report.theoryOnset!).toBeLessThan(1e-9);
      expect(report.stopped).toMatch(/^level 2: no flip of the period-2 cycle before the end of the range \(1\.02\)$/);
    });
  }

  it('UV and logistic on 2, 3 and 4 points: the same flips as on 200 points (the scan is refined where it skips a window)', async () => {
    for (const [model, sweep, levels] of [
      [uvModel, { parameter: 'eta', from: 0.9, to: 1.4 }, 7],
      [{ kind: 'logistic' }, { parameter: 'r', from: 2.8, to: 3.6 }, 8],
    ] as const) {
      const fine = await cascade({ model, sweep: { ...sweep, points: 200 }, cascade: { levels } });
      expect(fine.stopped).toBeNull();
      for (const points of [2, 3, 4]) {
        const coarse = await cascade({ model, sweep: { ...sweep, points }, cascade: { levels } });
        expect(coarse.stopped).toBeNull();
        expect(coarse.rows.map((r) => r.k)).toEqual(fine.rows.map((r) => r.k));
        for (const [i, row] of coarse.rows.entries()) {
          // the UV onset is an extrapolated root, not a bracketed flip: it is checked against the theory
          if (row.periodFrom === 1 && coarse.theoryOnset !== null)
            expect(Math.abs(row.value - coarse.theoryOnset) / coarse.theoryOnset).toBeLessThan(1e-10);
          else expect(Math.abs(row.value - fine.rows[i].value)).toBeLessThan(SAME_FLIP * row.value);
        }
      }
    }
  });
});

describe('cascade location when even refinement finds no doubled period', () => {
  it('says that the grid is too coarse for the doubling, if there is one, and how many points it would need', () => {
    const mapAt = (eta: number) => createUvMap({ eta, eps: 0.01, target: 10 });
    // an engine that never reads period 2 between the grid points (as a too-short record would not)
    const result = locateCascade({
      mapAt,
      initial: Float64Array.of(0, 0.2),
      scan: { values: Float64Array.of(0.9, 1.4), periods: Int32Array.of(1, 0) },
      levels: 2,
      to: 1.4,
      periodOneFlip: (below, inside) => locateUvOnset(mapAt, Float64Array.of(0, 0.2), below, inside),
      periodAt: () => 0,
    });
    expect(result.flips).toEqual([]);
    // 20 halvings of the gap 0.5: spacing 0.5 / 2^20; (1.4 − 0.9) / spacing + 1 = 2^20 + 1 points
    expect(result.stopped).toBe(
      'the coarse scan shows no doubling of period 1 in the range (no period 2 right after period 1), nor when refined between 0.9 and 1.4 down to a spacing of 4.8e-7: if the doubling is there, the grid is too coarse for it and would need more than 1048577 points',
    );
  });
});

describe('cascade location on a zoomed range', () => {
  // ‖x‖² = 2 puts the onset at η = 1/(√ε|y|) = 1/√2 ≈ 0.707 and the flips at 0.874 (2 → 4),
  // 0.911 (4 → 8), 0.919 (8 → 16), 0.920 (16 → 32), …
  const model = { kind: 'uv', width: 100, inputDim: 1, inputNorm2: 2, target: 10, init: { f0: 0, ntk0: 0.2 } };

  it('a range that starts inside period 2 (or 4) finds the doublings from there on, numbered as in the full cascade', async () => {
    const full = await cascade({ model, sweep: { from: 0.6, to: 0.99, points: 400 }, cascade: { levels: 6 } });
    expect(full.stopped).toBeNull();
    expect(full.theoryOnset).not.toBeNull();
    for (const [from, firstK] of [
      [0.75, 2],
      [0.89, 3],
    ] as const) {
      const zoom = await cascade({ model, sweep: { from, to: 0.93, points: 400 }, cascade: { levels: 6 - firstK + 1 } });
      expect(zoom.stopped).toBeNull();
      const expected = full.rows.filter((r) => r.k >= firstK);
      expect(zoom.rows.map((r) => [r.k, r.periodFrom, r.periodTo])).toEqual(expected.map((r) => [r.k, r.periodFrom, r.periodTo]));
      expect(zoom.rows[0].periodFrom).toBe(2 ** (firstK - 1));
      for (const [i, row] of zoom.rows.entries()) expect(Math.abs(row.value - expected[i].value)).toBeLessThan(SAME_FLIP * row.value);
      // δ needs three flips of the range; where it has them it is the full run's
      for (const [i, row] of zoom.rows.entries()) {
        if (i < 2) expect(row.delta).toBeNull();
        else expect(Math.abs(row.delta! - expected[i].delta!)).toBeLessThan(1e-6);
      }
      // the onset is not in the range: no comparison with the theory's onset
      expect(zoom.theoryOnset).toBeNull();
    }
  });
});
