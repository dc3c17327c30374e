import { describe, expect, it } from 'vitest';
import { trajectory, type TrajectorySpecInput } from '../../src/api/index.js';

// The trajectory's eta column against the schedule formulas of docs/schedules.md, written here
// from the table and not from src/schedules: equal to the last bit at every row, the
// final row (from which no step is taken) holding the schedule's end value.
const mlp = { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 8 } } as const;
const uv = { kind: 'uv', width: 10, inputDim: 1, target: 2, init: { f0: 0, ntk0: 0.2 } } as const;
const steps = 40;
const T = steps - 1; // a trajectory's last step: the cosine reaches `final` there
const peak = 0.6;

const warmup = (t: number, w: number) => peak * Math.min(1, (t + 1) / w);
const cosine = (t: number, w: number, final: number) =>
  t < w ? warmup(t, w) : final + (peak - final) * 0.5 * (1 + Math.cos((Math.PI * (Math.min(t, T) - w)) / (T - w)));
const stepDecay = (t: number, every: number, factor: number) => peak * factor ** Math.floor(t / every);

type Case = [label: string, eta: TrajectorySpecInput['eta'], formula: (t: number) => number];
const cases: Case[] = [
  ['constant', { schedule: 'constant', peak }, () => peak],
  ['linear-warmup W = 10', { schedule: 'linear-warmup', peak, warmupSteps: 10 }, (t) => warmup(t, 10)],
  ['linear-warmup W = 0 (no warmup)', { schedule: 'linear-warmup', peak, warmupSteps: 0 }, () => peak],
  ['linear-warmup W = steps (the peak at the last step)', { schedule: 'linear-warmup', peak, warmupSteps: steps }, (t) => warmup(t, steps)],
  ['warmup-cosine W = 10, final 0', { schedule: 'warmup-cosine', peak, warmupSteps: 10 }, (t) => cosine(t, 10, 0)],
  ['warmup-cosine W = 7, final 0.05', { schedule: 'warmup-cosine', peak, warmupSteps: 7, final: 0.05 }, (t) => cosine(t, 7, 0.05)],
  ['warmup-cosine W = 0', { schedule: 'warmup-cosine', peak, warmupSteps: 0, final: 0.1 }, (t) => cosine(t, 0, 0.1)],
  ['step every 8, factor 0.5', { schedule: 'step', peak, every: 8, factor: 0.5 }, (t) => stepDecay(t, 8, 0.5)],
  ['step every 5, factor 0.3', { schedule: 'step', peak, every: 5, factor: 0.3 }, (t) => stepDecay(t, 5, 0.3)],
];

async function etaColumn(model: object, eta: TrajectorySpecInput['eta']) {
  const result = await trajectory({ name: 't', model, eta, steps } as TrajectorySpecInput);
  expect(result.length).toBe(steps + 1);
  expect(result.columnNames[1]).toBe('eta'); // right after step, as in the CSV
  return result;
}

describe('the eta column is the schedule formula at every row, to the last bit', () => {
  for (const [label, eta, formula] of cases) {
    it(`${label} (mlp and uv)`, async () => {
      for (const model of [mlp, uv]) {
        const { columns } = await etaColumn(model, eta);
        for (let t = 0; t <= steps; t++) expect([t, columns.eta[t]]).toEqual([t, formula(t)]);
      }
    });
  }

  it('the edges: the warmup ends at t = W − 1 (the peak) and W, a cosine is final exactly at T and on the final row', async () => {
    const { columns: w } = await etaColumn(mlp, { schedule: 'linear-warmup', peak, warmupSteps: 10 });
    expect([w.eta[8], w.eta[9], w.eta[10]]).toEqual([peak * 0.9, peak, peak]);
    const { columns: c } = await etaColumn(mlp, { schedule: 'warmup-cosine', peak, warmupSteps: 10, final: 0.05 });
    expect(c.eta[9]).toBe(peak); // the last warmup step, (9 + 1)/10 = 1
    expect(c.eta[10]).toBe(peak); // the cosine's first step: cos 0 = 1
    expect(c.eta[11]).toBeLessThan(peak);
    expect(c.eta[T]).toBe(0.05); // cos π = −1 exactly: ½(1 + cos π) = 0
    expect(c.eta[steps]).toBe(0.05); // the final row, no step from it
    const { columns: z } = await etaColumn(mlp, { schedule: 'warmup-cosine', peak, warmupSteps: 10 });
    expect(z.eta[T]).toBe(0);
  });

  it('the step schedule drops exactly at multiples of every', async () => {
    const { columns } = await etaColumn(uv, { schedule: 'step', peak, every: 8, factor: 0.5 });
    for (const k of [1, 2, 3, 4]) {
      expect(columns.eta[8 * k - 1]).toBe(peak * 0.5 ** (k - 1));
      expect(columns.eta[8 * k]).toBe(peak * 0.5 ** k);
    }
  });

  it('eta_sharpness = η_t × sharpness in every row (mlp with sharpness every 3rd step, and uv)', async () => {
    for (const model of [mlp, uv]) {
      const result = await trajectory({
        name: 't',
        model,
        eta: { schedule: 'warmup-cosine', peak, warmupSteps: 10 },
        steps,
        ...(model === mlp ? { sharpnessEvery: 3 } : {}),
      } as TrajectorySpecInput);
      const { eta, sharpness, eta_sharpness } = result.columns;
      let checked = 0;
      for (let t = 0; t < result.length; t++) {
        expect(eta_sharpness[t]).toBe(eta[t] * sharpness[t]); // NaN rows stay NaN on both sides
        if (!Number.isNaN(sharpness[t])) checked++;
      }
      expect(checked).toBeGreaterThan(model === mlp ? 13 : steps);
    }
  });
});
