import { beforeAll, describe, expect, it } from 'vitest';
import { searchCascade } from '../../src/analysis/cascade-search.js';
import { loadMathjs } from '../../src/maps/expression/mathjs-loader.js';
import { sweepSpecSchema, type SweepSpec } from '../../src/spec/sweep-spec.js';
import { runSweep } from '../../src/sweep/run-sweep.js';

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

const FEIGENBAUM_DELTA = 4.669201609102990;

describe('cascade location', () => {
  it('finds the logistic flips r1 … r6 to 1e-9 and δ within 0.01 of Feigenbaum at k = 6', async () => {
    const report = await cascade({ model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 }, cascade: { levels: 8 } });
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
      { model: { kind: 'uv', width: 64, inputDim: 8, inputNorm2: 2.5, target: -7, init: { f0: 1, ntk0: 2 } }, scale: 1 / (Math.sqrt(2.5 / 64) * 7) },
    ];
    const rescaled: number[][] = [];
    for (const { model, scale } of configs) {
      const report = await cascade({ model, sweep: { parameter: 'eta', from: 0.9 * scale, to: 1.4 * scale, points: 200 }, cascade: { levels: 7 } });
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
    const b = await cascade({ model: { kind: 'expression', variables: ['x'], parameters: { r: 3 }, equations: { x: 'r*x*(1-x)' }, init: { x: 0.1 } }, sweep: grid, cascade: { levels: 6 } });
    expect(b.rows.map((r) => r.value)).toEqual(a.rows.map((r) => r.value));
  });

  it('says how far it got: no cascade in range, divergence, and levels beyond double precision', async () => {
    const none = await cascade({ model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 1.5, to: 2.9, points: 100 } });
    expect(none.rows).toHaveLength(0);
    expect(none.stopped).toMatch(/no doubling of period 1/);
    const deep = await cascade({ model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 }, cascade: { levels: 14 } });
    expect(deep.rows.length).toBeGreaterThanOrEqual(9);
    expect(deep.rows.length).toBeLessThan(14);
    expect(deep.stopped).toMatch(/beyond double precision|cannot resolve deeper levels/);
    const cut = await cascade({ model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 2.8, to: 3.56, points: 200 }, cascade: { levels: 6 } });
    expect(cut.rows).toHaveLength(3);
    expect(cut.stopped).toMatch(/level 4: .*end of the range/);
  });
});
