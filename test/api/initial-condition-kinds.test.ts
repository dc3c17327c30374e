import { describe, expect, it } from 'vitest';
import { sweep, type SweepSpecInput } from '../../src/index.js';
import { SeededRandom } from '../../src/random/rng.js';

/** Each run k of a sweep with initialConditions is the plain sweep from start k: checked row by row for every run. */
async function expectRunsAreStarts(spec: SweepSpecInput, startModel: (k: number) => unknown): Promise<void> {
  const result = await sweep(spec, { workers: 1 });
  const K = spec.initialConditions!.count;
  const points = spec.sweep.points;
  expect(result.rows).toHaveLength(K * points);
  for (let k = 0; k < K; k++) {
    const plain = await sweep({ ...spec, initialConditions: undefined, model: startModel(k) as SweepSpecInput['model'] }, { workers: 1 });
    for (let i = 0; i < points; i++) {
      const { ic, attractor, ...row } = result.rows[i * K + k];
      expect(ic).toBe(k);
      expect(attractor === -1).toBe(row.regime === 'diverged');
      expect(row).toEqual(plain.rows[i]);
    }
  }
  for (const { attractors } of result.fractions!.points) expect(attractors.reduce((s, a) => s + a.runs, 0)).toBe(K);
}

describe('what an initial condition is, kind by kind', () => {
  it('Hénon: a box over x and y, drawn x then y per start', async () => {
    const henon = { kind: 'henon' as const, parameters: { a: 1.2, b: 0.3 }, init: { x: 0.1, y: 0 } };
    const rng = new SeededRandom(11);
    const starts = [henon.init, ...Array.from({ length: 3 }, () => ({ x: -1 + 2 * rng.uniform(), y: -0.4 + 0.8 * rng.uniform() }))];
    await expectRunsAreStarts(
      {
        name: 'h',
        model: henon,
        sweep: { parameter: 'a', from: 1, to: 1.4, points: 5 },
        transient: 1000,
        record: 100,
        period: { max: 32 },
        initialConditions: { count: 4, seed: 11, box: { y: [-0.4, 0.4], x: [-1, 1] } },
      },
      (k) => ({ ...henon, init: starts[k] }),
    );
  }, 60_000);

  it('UV in function space: a box over f0 and ntk0 (f0 then ntk0); a name left out keeps the init', async () => {
    const uv = { kind: 'uv' as const, width: 10, inputDim: 1, target: 2, init: { f0: 0.1, ntk0: 1.5 } };
    const rng = new SeededRandom(2);
    const ntk0 = [1.5, ...Array.from({ length: 2 }, () => 1 + rng.uniform())];
    await expectRunsAreStarts(
      {
        name: 'u',
        model: uv,
        sweep: { from: 0.5, to: 1.5, points: 4 },
        transient: 500,
        record: 64,
        period: { max: 16 },
        initialConditions: { count: 3, seed: 2, box: { ntk0: [1, 2] } },
      },
      (k) => ({ ...uv, init: { f0: 0.1, ntk0: ntk0[k] } }),
    );
  }, 60_000);

  it('UV with seeded weights and no box: start k draws its weights with seed init.seed + k', async () => {
    const uv = { kind: 'uv' as const, width: 20, inputDim: 3, target: 1, init: { seed: 5, sigmaU: 1, sigmaV: 1 } };
    await expectRunsAreStarts(
      {
        name: 'w',
        model: uv,
        sweep: { from: 0.5, to: 1.5, points: 3 },
        transient: 300,
        record: 64,
        period: { max: 16 },
        initialConditions: { count: 3 },
      },
      (k) => ({ ...uv, init: { ...uv.init, seed: 5 + k } }),
    );
  }, 60_000);

  it('mlp with a perturbation: start k ≥ 1 is the spec with model.init.perturbation {norm: δ, seed: seed + k}', async () => {
    const mlp = { kind: 'mlp' as const, layers: [4], data: { dataset: 'digits' as const, classes: [0, 1], examples: 8 } };
    await expectRunsAreStarts(
      {
        name: 'm',
        model: mlp,
        sweep: { from: 0.5, to: 2, points: 2 },
        transient: 20,
        record: 16,
        period: { max: 4 },
        initialConditions: { count: 3, seed: 8, perturbation: 1e-3 },
      },
      (k) => (k === 0 ? mlp : { ...mlp, init: { perturbation: { norm: 1e-3, seed: 8 + k } } }),
    );
  }, 120_000);
});
