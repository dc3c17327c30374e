import { sweepRowsOnThisThread } from '../sweep-rows.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMathjs } from '../../src/models/expression/mathjs-loader.js';
import { sweepSpecSchema, type SweepSpec } from '../../src/spec/sweep-spec.js';

beforeAll(async () => {
  await loadMathjs();
});

/** Runs a sweep on this thread; rows as objects keyed by column. */
async function sweep(fields: Record<string, unknown>): Promise<Record<string, number | string | null>[]> {
  const spec: SweepSpec = sweepSpecSchema.parse({ name: 't', transient: 5000, record: 2000, ...fields });
  return sweepRowsOnThisThread(spec);
}

const logistic = { kind: 'logistic', init: { x: 0.1 } };
const henon = { kind: 'henon', parameters: { a: 1.4, b: 0.3 }, init: { x: 0, y: 0 } };

describe('logistic map', () => {
  it('λ = ln|2 − r| on the fixed point for 1 < r < 3 (±1e-6)', async () => {
    const rows = await sweep({ model: logistic, sweep: { parameter: 'r', from: 1.1, to: 2.9, points: 30 } });
    for (const row of rows) {
      expect(row.period).toBe(1);
      expect(Math.abs((row.lyap_1 as number) - Math.log(Math.abs(2 - (row.r as number))))).toBeLessThan(1e-6);
    }
  });

  it('λ = ln 2 at r = 4 (±2e-3)', async () => {
    const rows = await sweep({ model: logistic, sweep: { parameter: 'r', from: 3.999, to: 4, points: 2 }, record: 200_000 });
    expect(rows[1].r).toBe(4);
    expect(rows[1].regime).toBe('chaotic');
    expect(Math.abs((rows[1].lyap_1 as number) - Math.LN2)).toBeLessThan(2e-3);
  });

  it('puts periods 1, 2, 4 and 8 where the flips r = 3, 1 + √6, 3.5441, 3.5644 say', async () => {
    const flips = [3, 1 + Math.sqrt(6), 3.5440903596, 3.5644072661, 3.5687594195];
    const mids = [2.8, 0.5 * (flips[0] + flips[1]), 0.5 * (flips[1] + flips[2]), 0.5 * (flips[2] + flips[3])];
    for (const [i, r] of mids.entries()) {
      const rows = await sweep({ model: logistic, sweep: { parameter: 'r', from: r - 1e-6, to: r, points: 2 }, transient: 50_000 });
      expect(rows[1].period).toBe(2 ** i);
      expect(rows[1].regime).toBe(i === 0 ? 'converged' : 'periodic');
    }
  });

  it('opens the period-3 window at r = 1 + √8', async () => {
    const r3 = 1 + Math.sqrt(8);
    const rows = await sweep({ model: logistic, sweep: { parameter: 'r', from: r3 - 2e-3, to: r3 + 2e-4, points: 2 }, transient: 100_000 });
    expect(rows[0].regime).toBe('chaotic');
    expect(rows[1].period).toBe(3);
    expect(rows[1].regime).toBe('periodic');
  });
});

describe('Hénon map', () => {
  it('λ₁ ≈ 0.4192, λ₂ ≈ −1.6232 at a = 1.4, b = 0.3, and λ₁ + λ₂ = ln 0.3 to 1e-9', async () => {
    const rows = await sweep({ model: henon, sweep: { parameter: 'a', from: 1.3999, to: 1.4, points: 2 }, record: 200_000 });
    const row = rows[1];
    expect(row.a).toBe(1.4);
    expect(row.regime).toBe('chaotic');
    expect(Math.abs((row.lyap_1 as number) - 0.4192)).toBeLessThan(5e-3);
    expect(Math.abs((row.lyap_2 as number) + 1.6232)).toBeLessThan(5e-3);
    expect(Math.abs((row.lyap_1 as number) + (row.lyap_2 as number) - Math.log(0.3))).toBeLessThan(1e-9);
  });

  it('sweeps any named parameter (b)', async () => {
    const rows = await sweep({ model: henon, sweep: { parameter: 'b', from: 0.1, to: 0.3, points: 5 } });
    expect(rows.map((r) => r.b)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    for (const row of rows)
      expect(Math.abs((row.lyap_1 as number) + (row.lyap_2 as number) - Math.log(row.b as number))).toBeLessThan(1e-9);
  });
});

describe('expression maps', () => {
  const expressionLogistic = {
    kind: 'expression',
    variables: ['x'],
    parameters: { r: 4 },
    equations: { x: 'r*x*(1-x)' },
    init: { x: 0.1 },
  };
  const expressionHenon = {
    kind: 'expression',
    variables: ['x', 'y'],
    parameters: { a: 1.4, b: 0.3 },
    equations: { x: '1 - a*x^2 + y', y: 'b*x' },
    init: { x: 0, y: 0 },
  };

  it('give tables identical to the built-in Hénon map, value for value', async () => {
    const grid = { parameter: 'a', from: 0.3, to: 1.42, points: 97 };
    const a = await sweep({ model: henon, sweep: grid, transient: 3000, record: 500 });
    const b = await sweep({ model: expressionHenon, sweep: grid, transient: 3000, record: 500 });
    expect(b).toEqual(a);
    expect(new Set(a.map((r) => r.regime)).size).toBeGreaterThan(2); // the grid crosses regimes
  });

  it('give the built-in logistic table: orbits value for value, Lyapunov exponents to rounding', async () => {
    // The Jacobian r·(1 − x) − r·x (the derivative, its leftovers folded) rounds differently
    // from the hand-written r·(1 − 2x); everything the orbit alone decides is identical.
    const grid = { parameter: 'r', from: 2.8, to: 4, points: 97 };
    const a = await sweep({ model: logistic, sweep: grid, transient: 3000, record: 500 });
    const b = await sweep({ model: expressionLogistic, sweep: grid, transient: 3000, record: 500 });
    expect(new Set(a.map((r) => r.regime)).size).toBeGreaterThan(2);
    expect(b).toHaveLength(a.length);
    for (const [i, row] of a.entries()) {
      for (const [column, value] of Object.entries(row)) {
        if (column.startsWith('lyap_'))
          expect(Math.abs((b[i][column] as number) - (value as number)), `${column} at r = ${row.r}`).toBeLessThan(1e-12);
        else expect(b[i][column], `${column} at r = ${row.r}`).toBe(value);
      }
    }
  });

  it('reproduce the built-in UV map', async () => {
    const uvExpression = {
      kind: 'expression',
      variables: ['f', 'ntk'],
      parameters: { eta: 1, eps: 0.01, y: 10 },
      equations: { f: 'f - eta*(f - y)*ntk + eps*eta^2*(f - y)^2*f', ntk: 'ntk + eps*eta*(f - y)*(eta*ntk*(f - y) - 4*f)' },
      init: { f: 0, ntk: 0.2 },
    };
    const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
    const grid = { parameter: 'eta', from: 0.9, to: 1.3, points: 41 };
    const a = await sweep({ model: uv, sweep: grid, observable: 'f' });
    const b = await sweep({ model: uvExpression, sweep: grid, observable: 'f' });
    for (let i = 0; i < a.length; i++) {
      expect(b[i].regime).toBe(a[i].regime);
      expect(b[i].period).toBe(a[i].period);
      // written in another order than the built-in, so equal to rounding, not bit for bit;
      // periodic orbits forget rounding, so their numbers agree closely
      if (a[i].regime === 'chaotic') continue;
      for (const col of ['lyap_1', 'lyap_2', 'f_min', 'f_max', 'final_f', 'final_ntk']) {
        const x = a[i][col] as number;
        expect(Math.abs((b[i][col] as number) - x)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(x)));
      }
    }
  });
});
