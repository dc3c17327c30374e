import { describe, it } from 'vitest';
import { expectSpecRefused } from './spec-refusal.js';

// Every bad optimizer or batch field through the real CLI: exit 2, one line on stderr naming the
// spec file and the field, and nothing in --out (a folder of its own, so "empty or absent" is exact).
const mlp = { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 8 } };
const uv = { kind: 'uv', width: 10, inputDim: 1, target: 2, init: { f0: 0, ntk0: 0.2 } };
const settings = { transient: 10, record: 16, period: { max: 4 } };
const trajectory = { name: 't', model: mlp, eta: 0.5, steps: 5 };
const sweep = { name: 's', model: mlp, sweep: { from: 0.2, to: 3, points: 3 }, ...settings };
const phase = {
  name: 'p',
  model: mlp,
  grid: { x: { parameter: 'eta', from: 0.1, to: 1, points: 3 }, y: { parameter: 'beta', from: 0.5, to: 0.9, points: 3 } },
  ...settings,
  early: { steps: 5 },
};
const momentum = { kind: 'momentum', beta: 0.9 };

type Case = [label: string, command: 'trajectory' | 'sweep' | 'phase', spec: object, field: string, message: RegExp];
const cases: Case[] = [
  [
    'an unknown optimizer kind',
    'trajectory',
    { ...trajectory, optimizer: { kind: 'lion' } },
    'optimizer.kind',
    /expected one of "gd", .*got "lion"/,
  ],
  ['β = 1', 'trajectory', { ...trajectory, optimizer: { kind: 'momentum', beta: 1 } }, 'optimizer.beta', /\[0, 1\), got 1$/],
  ['β = −0.1', 'sweep', { ...sweep, optimizer: { kind: 'nesterov', beta: -0.1 } }, 'optimizer.beta', /\[0, 1\), got -0.1$/],
  ['ε = 0', 'trajectory', { ...trajectory, optimizer: { kind: 'adam', epsilon: 0 } }, 'optimizer.epsilon', /> 0, got 0$/],
  ['batch size 0', 'trajectory', { ...trajectory, batch: { size: 0 } }, 'batch.size', /≥ 1, got 0$/],
  ['batch size above n (trajectory)', 'trajectory', { ...trajectory, batch: { size: 9 } }, 'batch.size', /at most 8 .*got 9$/],
  ['batch size above n (sweep)', 'sweep', { ...sweep, batch: { size: 9 } }, 'batch.size', /at most 8 .*got 9$/],
  [
    'a batchSize axis reaching above n',
    'phase',
    { ...phase, grid: { ...phase.grid, y: { parameter: 'batchSize', from: 2, to: 9, points: 8 } }, batch: { size: 2 } },
    'grid.y.to',
    /batchSize must stay ≤ 8 .*got 9$/,
  ],
  ['a batch on the UV kind', 'trajectory', { ...trajectory, model: uv, batch: { size: 1 } }, 'batch', /one example/],
  ['a batch on the UV kind (sweep)', 'sweep', { ...sweep, model: uv, batch: { size: 1 } }, 'batch', /one example/],
  [
    'Adam with the UV function-space engine',
    'trajectory',
    { ...trajectory, model: uv, engine: 'map', optimizer: { kind: 'adam' } },
    'engine',
    /closes only under plain GD/,
  ],
  [
    'an optimizer on a logistic map (sweep)',
    'sweep',
    { name: 'l', model: { kind: 'logistic' }, sweep: { from: 3, to: 4, points: 3 }, ...settings, optimizer: momentum },
    'optimizer',
    /logistic map iterates itself/,
  ],
  [
    'an optimizer on a logistic map (trajectory)',
    'trajectory',
    { name: 'l', model: { kind: 'logistic' }, eta: 3.5, steps: 5, optimizer: momentum },
    'optimizer',
    /logistic map iterates itself/,
  ],
  [
    'sweep parameter beta under GD',
    'sweep',
    { ...sweep, eta: 0.5, sweep: { parameter: 'beta', from: 0.1, to: 0.5, points: 3 } },
    'sweep.parameter',
    /got "beta"$/,
  ],
  [
    'a beta sweep reaching 1',
    'sweep',
    { ...sweep, eta: 0.5, optimizer: momentum, sweep: { parameter: 'beta', from: 0.1, to: 1, points: 3 } },
    'sweep.to',
    /beta must stay in \[0, 1\), got to = 1$/,
  ],
  [
    'a beta phase axis reaching 1',
    'phase',
    { ...phase, optimizer: momentum, grid: { ...phase.grid, y: { parameter: 'beta', from: 0.5, to: 1, points: 3 } } },
    'grid.y.to',
    /got to = 1$/,
  ],
  [
    'a beta1 phase axis below 0',
    'phase',
    { ...phase, optimizer: { kind: 'adam' }, grid: { ...phase.grid, y: { parameter: 'beta1', from: -0.5, to: 0.9, points: 3 } } },
    'grid.y.from',
    /got from = -0.5$/,
  ],
];

describe('bad optimizer and batch input: exit 2, one line naming the spec file and the field, no output', () => {
  it.each(cases)('%s', (_label, command, spec, field, message) => expectSpecRefused(command, spec, field, message));
});
