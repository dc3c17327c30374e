import { describe, expect, it } from 'vitest';
import { createOptimizer, OPTIMIZER_SWEEP_PARAMETERS, withOptimizerParameter } from '../../src/optimizers/create-optimizer.js';
import { describeOptimizer } from '../../src/optimizers/describe-optimizer.js';
import type { OptimizerSpec } from '../../src/optimizers/optimizer.js';
import { EVERY_OPTIMIZER } from './optimizer-helpers.js';

describe('createOptimizer', () => {
  it('builds the optimizer its spec names, with the state each rule keeps', () => {
    const stateLengths: Record<string, number> = { gd: 0, momentum: 7, nesterov: 7, rmsprop: 7, adam: 14 };
    for (const spec of EVERY_OPTIMIZER) {
      const optimizer = createOptimizer(spec);
      expect(optimizer.spec).toEqual(spec);
      expect(optimizer.stateLength(7)).toBe(stateLengths[spec.kind]);
      expect(optimizer.preconditioner !== undefined).toBe(optimizer.threshold.on === 'preconditioned');
    }
  });

  it("gd's step is exactly θ − η g (existing GD runs stay byte-identical)", () => {
    const theta = Float64Array.from([0.1, -0.7, 3]);
    const g = Float64Array.from([0.3, 1 / 3, -2.2]);
    const eta = 0.37;
    const expected = theta.map((x, k) => x - eta * g[k]);
    createOptimizer({ kind: 'gd' }).step(theta, new Float64Array(0), g, eta, 1);
    expect([...theta]).toEqual([...expected]);
  });

  it('writes each threshold formula for figures and CSV metadata', () => {
    const formulas = EVERY_OPTIMIZER.map((spec) => createOptimizer(spec).threshold.formula);
    expect(formulas).toEqual(['2', '2(1 + β)', '2(1 + β)', '2(1 + β)/(1 + 2β)', '2(1 + β)/(1 + 2β)', '2', '(2 + 2β₁)/(1 − β₁)']);
  });
});

describe('sweepable optimizer parameters', () => {
  it('are beta for momentum and Nesterov, rho for RMSprop, beta1 for Adam', () => {
    expect(OPTIMIZER_SWEEP_PARAMETERS).toEqual({ gd: [], momentum: ['beta'], nesterov: ['beta'], rmsprop: ['rho'], adam: ['beta1'] });
  });

  it('withOptimizerParameter sets one field and keeps the others', () => {
    const adam: OptimizerSpec = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    expect(withOptimizerParameter(adam, 'beta1', 0.5)).toEqual({ ...adam, beta1: 0.5 });
    expect(adam.beta1).toBe(0.9); // a copy, not the caller's spec
    expect(withOptimizerParameter({ kind: 'momentum', beta: 0.9 }, 'beta', 0)).toEqual({ kind: 'momentum', beta: 0 });
    expect(createOptimizer(withOptimizerParameter({ kind: 'nesterov', beta: 0.9 }, 'beta', 0.5)).threshold.value).toBe(1.5);
  });

  it('withOptimizerParameter refuses a field the kind does not sweep, and a value outside [0, 1)', () => {
    expect(() => withOptimizerParameter({ kind: 'gd' }, 'beta', 0.5)).toThrow(/gd optimizer has no sweepable parameter "beta"/);
    expect(() => withOptimizerParameter({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 'epsilon', 0.1)).toThrow(/"epsilon"/);
    expect(() => withOptimizerParameter({ kind: 'momentum', beta: 0.9 }, 'beta', 1)).toThrow(/beta must be in \[0, 1\), got 1/);
  });
});

describe('describeOptimizer', () => {
  it('names the optimizer and its fields for figure subtitles', () => {
    expect(EVERY_OPTIMIZER.map(describeOptimizer)).toEqual([
      'GD',
      'momentum β = 0.9',
      'momentum β = 0.5',
      'Nesterov β = 0.9',
      'Nesterov β = 0.5',
      'RMSprop ρ = 0.99, ε = 1e-8',
      'Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8',
    ]);
  });
});
