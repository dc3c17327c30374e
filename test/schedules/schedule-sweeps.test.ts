import { describe, expect, it } from 'vitest';
import { sweep, type SweepSpecInput } from '../../src/api/index.js';

// A sweep under a schedule records its attractor where η has become constant: with a linear
// warmup of W ≤ transient + 1 steps (step W − 1 already takes the peak), every record step runs at
// the grid point's peak. Recorded η × sharpness over recorded sharpness is that peak, exactly
// (a positive factor keeps the order of the samples, so the extremes are the same steps).
const uv = { kind: 'uv', width: 50, inputDim: 4, target: 3, init: { seed: 11, sigmaU: 0.3, sigmaV: 0.3 } } as const;
const settings = { transient: 40, record: 32, period: { max: 8 }, lyapunov: { enabled: false } };
const options = { workers: 1 };

async function pairOfSweeps(spec: SweepSpecInput) {
  const scaled = await sweep({ ...spec, observable: 'eta_sharpness' }, options);
  const plain = await sweep({ ...spec, observable: 'sharpness' }, options);
  return { scaled: scaled.rows, plain: plain.rows };
}

describe('sweeps under a schedule', () => {
  for (const warmupSteps of [40, 41]) {
    it(`a linear-warmup sweep with W = ${warmupSteps} (transient 40) runs, and its record is at the peak`, async () => {
      const spec = {
        name: 's',
        model: uv,
        eta: { schedule: 'linear-warmup', warmupSteps },
        sweep: { from: 0.8, to: 1.5, points: 8 },
        ...settings,
      } as SweepSpecInput;
      const { scaled, plain } = await pairOfSweeps(spec);
      // the lower peaks converge, the upper ones stay beyond the edge of stability; none diverges
      const regimes = scaled.map((row) => row.regime);
      expect(regimes.slice(0, 6)).toEqual(Array(6).fill('converged'));
      expect(regimes.slice(6)).toEqual(['chaotic', 'chaotic']);
      scaled.forEach((row, i) => {
        const peak = row.eta as number;
        expect(row.eta_sharpness_max).toBe(peak * (plain[i].sharpness_max as number));
        expect(row.eta_sharpness_min).toBe(peak * (plain[i].sharpness_min as number));
      });
    });
  }

  it('a sweep over warmupSteps runs each W, its record at the one peak', async () => {
    const spec = {
      name: 's',
      model: uv,
      eta: { schedule: 'linear-warmup', peak: 1.2, warmupSteps: 1 },
      sweep: { parameter: 'warmupSteps', from: 0, to: 40, points: 5 },
      ...settings,
    } as SweepSpecInput;
    const { scaled, plain } = await pairOfSweeps(spec);
    expect(scaled.map((row) => row.warmupSteps)).toEqual([0, 10, 20, 30, 40]);
    scaled.forEach((row, i) => expect(row.eta_sharpness_max).toBe(1.2 * (plain[i].sharpness_max as number)));
    // the warmup changes the run (a different attractor phase or minimum), not only its label
    expect(new Set(scaled.map((row) => row.final_f)).size).toBeGreaterThan(1);
  });

  it('a step schedule with factor 1 is constant, so it sweeps like a plain η', async () => {
    const spec = { name: 's', model: uv, sweep: { from: 0.3, to: 1.3, points: 4 }, ...settings } as SweepSpecInput;
    const plainEta = await sweep(spec, options);
    const stepOne = await sweep({ ...spec, eta: { schedule: 'step', every: 5, factor: 1 } } as SweepSpecInput, options);
    // the weights engine (any schedule) against the function-space kernels: the same regimes
    expect(stepOne.rows.map((row) => [row.regime, row.period])).toEqual(plainEta.rows.map((row) => [row.regime, row.period]));
  });
});
