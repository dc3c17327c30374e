import { beforeAll, describe, expect, it } from 'vitest';
import { sweep, type SweepResult, type SweepSpecInput } from '../../src/index.js';
import { fractionsFigureInput } from '../../src/api/fractions-figure.js';
import { modelKindOf } from '../../src/models/registry.js';
import { SeededRandom } from '../../src/random/rng.js';

const K = 201;
const SEED = 7;
const INIT_X = 0.2;

/** A logistic sweep over r in (3.5, 4) (r = 3.835, in the period-3 window, among its points) from K starts in x ∈ [−0.5, 1.5]. */
const spec: SweepSpecInput = {
  name: 'logistic-fractions',
  model: { kind: 'logistic', parameters: { r: 3.6 }, init: { x: INIT_X } },
  sweep: { parameter: 'r', from: 3.535, to: 3.985, points: 10 },
  transient: 2000,
  record: 240,
  period: { max: 64 },
  image: { width: 400, height: 300 },
  initialConditions: { count: K, seed: SEED, box: { x: [-0.5, 1.5] } },
};

/**
 * The K starts, drawn here as docs/spec-format.md says: start 0 is model.init, starts 1 … K − 1 take
 * lo + (hi − lo)·u with u from SeededRandom(seed).uniform(), one per start.
 */
function starts(): number[] {
  const rng = new SeededRandom(SEED);
  return Array.from({ length: K }, (_, k) => (k === 0 ? INIT_X : -0.5 + 2 * rng.uniform()));
}

describe('attractor fractions of the logistic map from a box of starts', () => {
  let result: SweepResult;
  beforeAll(async () => {
    result = await sweep(spec, { workers: 1 });
  }, 120_000);

  it('the diverged fraction is exactly the share of starts outside [0, 1]; the rest is one attractor (Singer)', () => {
    // x ∉ [0, 1] gives x' < 0 and then x → −∞ for r > 1; x ∈ (0, 1) stays in (0, 1] for r ≤ 4
    const outside = starts().filter((x) => x < 0 || x > 1).length;
    expect(outside / K).toBeGreaterThan(0.4); // the box is half outside [0, 1]
    expect(outside / K).toBeLessThan(0.6);
    const fractions = result.fractions!;
    expect(fractions.count).toBe(K);
    expect(fractions.points).toHaveLength(10);
    for (const { attractors } of fractions.points) {
      const diverged = attractors.find((a) => a.label === -1)!;
      expect(diverged.runs).toBe(outside);
      expect(diverged.fraction).toBe(outside / K);
      const bounded = attractors.filter((a) => a.label !== -1);
      expect(bounded).toHaveLength(1); // at most one stable periodic orbit, and the chaotic one is unique too
      expect(bounded[0].runs).toBe(K - outside);
      expect(attractors.at(-1)!.label).toBe(-1); // divergence last
    }
  });

  it('fractions sum to 1 at every point, with the binomial error √(f(1 − f)/K)', () => {
    for (const { attractors } of result.fractions!.points) {
      expect(attractors.reduce((s, a) => s + a.fraction, 0)).toBeCloseTo(1, 14);
      for (const a of attractors) expect(a.fraction_err).toBeCloseTo(Math.sqrt((a.fraction * (1 - a.fraction)) / K), 15);
    }
  });

  it('the period-3 window is labelled period 3, and λ_max per attractor is the mean over its rows', () => {
    const rows = result.rows;
    expect(rows).toHaveLength(10 * K);
    const window = result.fractions!.points.findIndex((p) => Math.abs(p.value - 3.835) < 1e-9);
    expect(window).toBeGreaterThan(0);
    const a = result.fractions!.points[window].attractors[0];
    expect(a.period).toBe(3);
    const own = rows.slice(window * K, (window + 1) * K).filter((row) => row.attractor === a.label);
    expect(own).toHaveLength(a.runs);
    const mean = own.reduce((s, row) => s + (row.lyap_max as number), 0) / own.length;
    expect(a.lyap_max_mean).toBeCloseTo(mean, 12);
    expect(a.lyap_max_mean).toBeLessThan(0);
  });

  it('rows are grid-major with ic and attractor after the parameter; diverged rows are attractor −1', () => {
    expect(result.columns.slice(0, 4)).toEqual(['r', 'ic', 'attractor', 'regime']);
    result.rows.forEach((row, n) => {
      expect(row.ic).toBe(n % K);
      expect(row.attractor === -1).toBe(row.regime === 'diverged');
    });
  });

  it('run k is the plain sweep started from its drawn x', async () => {
    const x = starts();
    for (const k of [0, 5]) {
      const plain = await sweep({ ...spec, initialConditions: undefined, model: { kind: 'logistic', init: { x: x[k] } } }, { workers: 1 });
      expect(plain.fractions).toBeNull();
      for (let i = 0; i < 10; i++) {
        const { ic, attractor, ...row } = result.rows[i * K + k];
        expect(ic).toBe(k);
        expect(attractor).toBeTypeOf('number');
        expect(row).toEqual(plain.rows[i]);
      }
    }
  }, 60_000);

  it('count 1 is the sweep without the field: no fractions, one row per point', async () => {
    const one = await sweep({ ...spec, initialConditions: { count: 1, box: { x: [0, 1] } } }, { workers: 1 });
    expect(one.fractions).toBeNull();
    expect(one.rows).toHaveLength(10);
    expect(one.columns).not.toContain('ic');
  });

  it('the per-attractor rasters add up to the raster of all runs, and the figure input says so', () => {
    const total = new Uint32Array(result.raster.counts.length);
    for (const { counts } of result.fractions!.rasters) for (let p = 0; p < total.length; p++) total[p] += counts[p];
    expect(total).toEqual(result.raster.counts);
    const figure = fractionsFigureInput(modelKindOf(result.spec.model).info, { ...result, fractions: result.fractions! });
    expect(figure.count).toBe(K);
    const labels = [...new Set(result.rows.map((row) => row.attractor as number))].filter((l) => l !== -1).sort((a, b) => a - b);
    expect(labels[0]).toBe(1);
    expect(figure.attractors.map((a) => a.label)).toEqual([...labels, -1]);
    expect(figure.attractors.at(-1)!.raster).toBeNull();
    for (let i = 0; i < 10; i++) expect(figure.attractors.reduce((s, a) => s + a.fraction[i], 0)).toBeCloseTo(1, 14);
    // each label's fraction at each point, counted from the rows
    for (const a of figure.attractors)
      for (let i = 0; i < 10; i++) {
        const runs = result.rows.slice(i * K, (i + 1) * K).filter((row) => row.attractor === a.label).length;
        expect(a.fraction[i]).toBe(runs / K);
      }
    expect(figure.base.raster).toBe(result.raster.counts);
    expect(Array.from(figure.base.diverged)).toEqual(new Array(10).fill(0));
  });
});

describe('runs still settling are counted apart, not as attractors', () => {
  // x' = (1 + r)x above 0 (a slow drift: still trending at the end of any record) and x/2 below 0
  // (the fixed point 0, approached from below): every start above 0 is still settling
  const SETTLING_K = 50;
  const SETTLING_SEED = 3;
  const settlingSpec: SweepSpecInput = {
    name: 'settling-fractions',
    model: {
      kind: 'expression',
      variables: ['x'],
      parameters: { r: 1e-3 },
      equations: { x: '(x + abs(x)) / 2 * (1 + r) + (x - abs(x)) / 4' },
      init: { x: 0.5 },
    },
    sweep: { parameter: 'r', from: 1e-3, to: 2e-3, points: 6 },
    transient: 500,
    record: 256,
    image: { width: 400, height: 300 },
    initialConditions: { count: SETTLING_K, seed: SETTLING_SEED, box: { x: [-1, 1] } },
  };
  const rng = new SeededRandom(SETTLING_SEED);
  const x0 = Array.from({ length: SETTLING_K }, (_, k) => (k === 0 ? 0.5 : -1 + 2 * rng.uniform()));
  const above = x0.filter((x) => x > 0).length;
  let result: SweepResult;
  beforeAll(async () => {
    result = await sweep(settlingSpec, { workers: 1 });
  }, 120_000);

  it('every start above 0 is label −2 (settling), every start below is the one fixed point', () => {
    expect(above).toBeGreaterThan(15);
    expect(above).toBeLessThan(35);
    result.rows.forEach((row, n) => {
      const settling = x0[n % SETTLING_K] > 0;
      expect({ n, regime: row.regime, attractor: row.attractor }).toEqual({
        n,
        regime: settling ? 'settling' : 'converged',
        attractor: settling ? -2 : 1,
      });
    });
    for (const { attractors } of result.fractions!.points) {
      expect(attractors.map((a) => [a.label, a.period, a.runs])).toEqual([
        [1, 1, SETTLING_K - above],
        [-2, 0, above],
      ]);
      expect(attractors[0].lyap_max_mean).toBeCloseTo(Math.log(0.5), 12);
      expect(attractors[1].lyap_max_mean).toBeNaN();
      expect(attractors[1].fraction_err).toBeCloseTo(Math.sqrt(((above / SETTLING_K) * (1 - above / SETTLING_K)) / SETTLING_K), 15);
    }
  });

  it('the figure names them "still settling", after the attractors, with their samples in their own raster', () => {
    const figure = fractionsFigureInput(modelKindOf(result.spec.model).info, { ...result, fractions: result.fractions! });
    expect(figure.attractors.map((a) => [a.label, a.name])).toEqual([
      [1, 'A1: period 1'],
      [-2, 'still settling'],
    ]);
    const settlingRaster = result.fractions!.rasters.find((r) => r.label === -2)!.counts;
    const samples = settlingRaster.reduce((s, c) => s + c, 0);
    expect(samples).toBeGreaterThan(0);
    const total = new Uint32Array(result.raster.counts.length);
    for (const { counts } of result.fractions!.rasters) for (let p = 0; p < total.length; p++) total[p] += counts[p];
    expect(total).toEqual(result.raster.counts);
  });
});
