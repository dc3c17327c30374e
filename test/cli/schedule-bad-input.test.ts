import { describe, it } from 'vitest';
import { expectSpecRefused } from './spec-refusal.js';

// Every bad schedule through the real CLI: exit 2, one line on stderr naming the spec file and the
// field, and nothing in --out (a folder of its own, so "empty or absent" is exact).
const mlp = { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 8 } };
const uv = { kind: 'uv', width: 10, inputDim: 1, target: 2, init: { f0: 0, ntk0: 0.2 } };
const settings = { transient: 10, record: 16, period: { max: 4 } };
const trajectory = { name: 't', model: mlp, steps: 5 };
const sweep = { name: 's', model: uv, sweep: { from: 0.2, to: 1, points: 3 }, ...settings };
const phase = {
  name: 'p',
  model: uv,
  grid: { x: { parameter: 'eta', from: 0.1, to: 1, points: 3 }, y: { parameter: 'warmupSteps', from: 0, to: 8, points: 3 } },
  ...settings,
  early: { steps: 5 },
};
const warmup = (warmupSteps: number) => ({ schedule: 'linear-warmup', peak: 0.5, warmupSteps });
const step = (factor: number) => ({ schedule: 'step', peak: 0.5, every: 2, factor });

type Case = [label: string, command: 'trajectory' | 'sweep' | 'phase', spec: object, field: string, message: RegExp];
const cases: Case[] = [
  [
    'an unknown schedule',
    'trajectory',
    { ...trajectory, eta: { schedule: 'exponential', peak: 0.5 } },
    'eta.schedule',
    /expected one of "constant", "linear-warmup", "warmup-cosine", "step", got "exponential"$/,
  ],
  ['a schedule without its name', 'trajectory', { ...trajectory, eta: { peak: 0.5 } }, 'eta.schedule', /expected one of/],
  [
    'a misspelt field',
    'trajectory',
    { ...trajectory, eta: { schedule: 'step', peak: 0.5, every: 2, gamma: 0.5 } },
    'eta',
    /unknown key "gamma"/,
  ],
  ['warmupSteps < 0', 'trajectory', { ...trajectory, eta: warmup(-1) }, 'eta.warmupSteps', /≥ 0, got -1$/],
  ['a fractional warmupSteps', 'trajectory', { ...trajectory, eta: warmup(2.5) }, 'eta.warmupSteps', /an integer, got 2.5$/],
  ['warmupSteps larger than the run', 'trajectory', { ...trajectory, eta: warmup(6) }, 'eta.warmupSteps', /at most 5 .*got 6$/],
  [
    'a cosine warmup reaching the last step',
    'trajectory',
    { ...trajectory, eta: { schedule: 'warmup-cosine', peak: 0.5, warmupSteps: 4 } },
    'eta.warmupSteps',
    /less than 4 .*got 4$/,
  ],
  ['factor 0', 'trajectory', { ...trajectory, eta: step(0) }, 'eta.factor', /\(0, 1\], got 0$/],
  ['factor 1.5', 'trajectory', { ...trajectory, eta: step(1.5) }, 'eta.factor', /\(0, 1\], got 1.5$/],
  ['factor −1', 'trajectory', { ...trajectory, eta: step(-1) }, 'eta.factor', /\(0, 1\], got -1$/],
  ['every 0', 'trajectory', { ...trajectory, eta: { schedule: 'step', peak: 0.5, every: 0, factor: 0.5 } }, 'eta.every', /≥ 1, got 0$/],
  [
    'final > peak',
    'trajectory',
    { ...trajectory, eta: { schedule: 'warmup-cosine', peak: 0.5, warmupSteps: 1, final: 0.6 } },
    'eta.final',
    /at most peak = 0.5, got 0.6$/,
  ],
  [
    'final above the smallest swept peak',
    'sweep',
    { ...sweep, eta: { schedule: 'warmup-cosine', warmupSteps: 1, final: 0.3 } },
    'eta.final',
    /at most peak = 0.2, got 0.3$/,
  ],
  [
    'a schedule without peak in a trajectory',
    'trajectory',
    { ...trajectory, eta: { schedule: 'linear-warmup', warmupSteps: 2 } },
    'eta.peak',
    /missing/,
  ],
  [
    'a cosine sweep (it decays through the record)',
    'sweep',
    { ...sweep, eta: { schedule: 'warmup-cosine', warmupSteps: 2 } },
    'eta.schedule',
    /changes η up to the last step, so the record has no constant η/,
  ],
  [
    'a cosine sweep whose final is the smallest peak (it still decays at the larger ones)',
    'sweep',
    { ...sweep, eta: { schedule: 'warmup-cosine', warmupSteps: 2, final: 0.2 } },
    'eta.schedule',
    /changes η up to the last step/,
  ],
  [
    'a linear-warmup sweep with W > transient + 1',
    'sweep',
    { ...sweep, eta: { schedule: 'linear-warmup', warmupSteps: 12 } },
    'eta.warmupSteps',
    /changes η until step 11, past the transient \(10 steps\)/,
  ],
  [
    'a warmupSteps sweep reaching past the transient',
    'sweep',
    { ...sweep, eta: warmup(1), sweep: { parameter: 'warmupSteps', from: 0, to: 12, points: 3 } },
    'sweep.to',
    /changes η until step 11/,
  ],
  [
    'a step sweep that drops in the record',
    'sweep',
    { ...sweep, eta: { schedule: 'step', every: 4, factor: 0.5 } },
    'eta.schedule',
    /changes η until step 24, past the transient/,
  ],
  [
    'a warmupSteps phase axis past the transient',
    'phase',
    { ...phase, eta: { schedule: 'linear-warmup', warmupSteps: 1 }, grid: { ...phase.grid, y: { ...phase.grid.y, to: 12 } } },
    'grid.y.to',
    /changes η until step 11/,
  ],
  [
    'a warmupSteps sweep without a warmup schedule',
    'sweep',
    { ...sweep, eta: { schedule: 'step', peak: 0.5, every: 4, factor: 1 }, sweep: { parameter: 'warmupSteps', from: 0, to: 8, points: 3 } },
    'sweep.parameter',
    /got "warmupSteps"$/,
  ],
  [
    'a schedule on a logistic map (sweep)',
    'sweep',
    {
      name: 'l',
      model: { kind: 'logistic' },
      eta: { schedule: 'step', every: 4, factor: 1 },
      sweep: { from: 3, to: 4, points: 3 },
      ...settings,
    },
    'eta',
    /belongs to models trained by GD/,
  ],
  [
    'a schedule on a logistic map (trajectory)',
    'trajectory',
    { name: 'l', model: { kind: 'logistic' }, eta: { schedule: 'step', every: 2, factor: 0.5 }, steps: 5 },
    'eta',
    /schedule belongs to models trained by gradient/,
  ],
];

describe('bad schedules: exit 2, one line naming the spec file and the field, no output', () => {
  it.each(cases)('%s', (_label, command, spec, field, message) => expectSpecRefused(command, spec, field, message));
});
