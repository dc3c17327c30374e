import { describe, expect, it } from 'vitest';
import { phase, SpecError, type PhaseSpecInput } from '../../src/index.js';

/**
 * The shipped warmup diagram's network (32 tanh units, 64 digits) under a linear warmup, 316 steps
 * a cell: a cheap (η_max, W) plane whose cells train or diverge, each far from the thresholds (its
 * final loss at η_max = 0.6 is 0.02 L₀, the threshold 0.1 L₀; η_max = 2.4 diverged already).
 */
const spec: PhaseSpecInput = {
  name: 'p',
  model: { kind: 'mlp', layers: [32], activation: 'tanh', data: { dataset: 'digits', classes: [0, 1], examples: 64 } },
  eta: { schedule: 'linear-warmup', warmupSteps: 0 },
  classify: 'outcome',
  grid: {
    x: { parameter: 'eta', from: 0.6, to: 4.8, points: 3 },
    y: { parameter: 'warmupSteps', from: 0, to: 20, points: 2 },
  },
  transient: 300,
  record: 16,
  period: { max: 4 },
  early: { steps: 10 },
  lyapunov: { enabled: false },
};

describe('phase() classified by outcome', () => {
  it('an mlp over (η_max, W): the cells that train and the ones that diverge, with their losses', async () => {
    const result = await phase(spec, { workers: 2 });
    expect(result.columns.slice(-4)).toEqual(['outcome', 'loss_initial', 'loss_max', 'loss_final']);
    expect(result.spec.outcome).toEqual({ trained: 0.1, catapult: 2 });
    expect(result.outcomes).toEqual({ trains: 2, 'catapult then trains': 0, stuck: 0, diverges: 4 });
    expect(result.rows.map((row) => [row.eta, row.warmupSteps, row.outcome])).toEqual([
      [0.6, 0, 'trains'],
      [2.7, 0, 'diverges'],
      [4.8, 0, 'diverges'],
      [0.6, 20, 'trains'],
      [2.7, 20, 'diverges'],
      [4.8, 20, 'diverges'],
    ]);
    for (const row of result.rows) {
      const [initial, largest, final] = [row.loss_initial, row.loss_max, row.loss_final] as number[];
      expect(initial).toBe(result.rows[0].loss_initial); // one initialisation for every cell
      expect(largest).toBeGreaterThanOrEqual(initial);
      if (row.outcome === 'trains') expect(final).toBeLessThanOrEqual(0.1 * initial);
      if (row.outcome === 'diverges') expect(final).toBeNull();
    }
    expect(Array.from(result.outcome)).toEqual([0, 3, 3, 0, 3, 3]);
  });

  it('a spec without classify keeps the regime diagram: no outcome columns, no counts, no new spec fields', async () => {
    const { classify, ...regime } = spec;
    void classify;
    const result = await phase({ ...regime, grid: { ...spec.grid, x: { ...spec.grid.x, points: 2 }, y: { ...spec.grid.y, points: 2 } } });
    expect(result.columns).toEqual(['eta', 'warmupSteps', 'early', 'sharpness_ratio', 'regime', 'period', 'lyap_max']);
    expect(result.outcomes).toBeUndefined();
    expect('classify' in result.spec || 'outcome' in result.spec).toBe(false);
  });

  it.each([
    [
      'the UV kind',
      { model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } }, eta: undefined },
      'classify: the uv kind records no loss statistics; "outcome" needs an mlp (or classify "regime")',
    ],
    [
      'thresholds without classify "outcome"',
      { classify: undefined, outcome: { trained: 0.2 } },
      'outcome: thresholds of classify "outcome"',
    ],
    ['trained ≥ 1', { outcome: { trained: 1 } }, 'outcome.trained'],
    ['catapult ≤ 1', { outcome: { catapult: 1 } }, 'outcome.catapult'],
  ])('refuses %s with a one-line spec error', async (_, change, message) => {
    const y = { parameter: 'model' in change ? 'target' : 'warmupSteps', from: 1, to: 2, points: 2 };
    const bad = { ...spec, ...change, grid: { ...spec.grid, y } };
    const error = await phase(bad as PhaseSpecInput).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
