import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { batchSchema, optimizerSchema } from '../../src/optimizers/spec-schema.js';
import { describeFirstIssue } from '../../src/spec/zod-issues.js';

// The two fields as a spec holds them, read the way loadSpec reads a spec (reportInput: the message
// quotes what the user wrote).
const spec = z.strictObject({ optimizer: optimizerSchema, batch: batchSchema.optional() });

function parse(input: unknown) {
  return spec.parse(input, { reportInput: true });
}

function problem(input: unknown): string {
  const result = spec.safeParse(input, { reportInput: true });
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  const { field, detail } = describeFirstIssue(spec, result.error.issues);
  return `${field}: ${detail}`;
}

describe('optimizer and batch spec fields', () => {
  it('default to plain GD on the full batch, so every existing spec runs unchanged', () => {
    expect(parse({})).toEqual({ optimizer: { kind: 'gd' } });
  });

  it("fill each optimizer's defaults (torch.optim's)", () => {
    expect(parse({ optimizer: { kind: 'momentum' } }).optimizer).toEqual({ kind: 'momentum', beta: 0.9 });
    expect(parse({ optimizer: { kind: 'nesterov' } }).optimizer).toEqual({ kind: 'nesterov', beta: 0.9 });
    expect(parse({ optimizer: { kind: 'rmsprop' } }).optimizer).toEqual({ kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 });
    expect(parse({ optimizer: { kind: 'adam' } }).optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(parse({ optimizer: { kind: 'adam', beta2: 0.99 } }).optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.99, epsilon: 1e-8 });
  });

  it('keep β = 0 (no momentum) and values just below 1', () => {
    expect(parse({ optimizer: { kind: 'momentum', beta: 0 } }).optimizer).toEqual({ kind: 'momentum', beta: 0 });
    expect(parse({ optimizer: { kind: 'rmsprop', rho: 0.9999 } }).optimizer).toEqual({ kind: 'rmsprop', rho: 0.9999, epsilon: 1e-8 });
  });

  it('fill the batch defaults: seed 0, a fresh shuffle each epoch', () => {
    expect(parse({ batch: { size: 16 } }).batch).toEqual({ size: 16, seed: 0, order: 'shuffle' });
    expect(parse({ batch: { size: 16, seed: 3, order: 'sequential' } }).batch).toEqual({ size: 16, seed: 3, order: 'sequential' });
  });

  it('refuse an unknown optimizer, naming the ones there are', () => {
    expect(problem({ optimizer: { kind: 'sgd' } })).toBe(
      'optimizer.kind: expected one of "gd", "momentum", "nesterov", "rmsprop", "adam", got "sgd"',
    );
  });

  it('refuse β, β₁, β₂ or ρ outside [0, 1), naming the field', () => {
    expect(problem({ optimizer: { kind: 'momentum', beta: -0.1 } })).toBe('optimizer.beta: expected a number in [0, 1), got -0.1');
    expect(problem({ optimizer: { kind: 'nesterov', beta: 1 } })).toBe('optimizer.beta: expected a number in [0, 1), got 1');
    expect(problem({ optimizer: { kind: 'momentum', beta: 1.5 } })).toBe('optimizer.beta: expected a number in [0, 1), got 1.5');
    expect(problem({ optimizer: { kind: 'adam', beta1: 1 } })).toBe('optimizer.beta1: expected a number in [0, 1), got 1');
    expect(problem({ optimizer: { kind: 'adam', beta2: -0.1 } })).toBe('optimizer.beta2: expected a number in [0, 1), got -0.1');
    expect(problem({ optimizer: { kind: 'rmsprop', rho: 1 } })).toBe('optimizer.rho: expected a number in [0, 1), got 1');
  });

  it('refuse ε ≤ 0', () => {
    expect(problem({ optimizer: { kind: 'adam', epsilon: 0 } })).toBe('optimizer.epsilon: expected a number > 0, got 0');
    expect(problem({ optimizer: { kind: 'rmsprop', epsilon: -1e-8 } })).toBe('optimizer.epsilon: expected a number > 0, got -1e-8');
  });

  it('refuse a field another optimizer takes, and suggest the right one', () => {
    expect(problem({ optimizer: { kind: 'momentum', beta1: 0.9 } })).toMatch(/^optimizer: unknown key "beta1"/);
    expect(problem({ optimizer: { kind: 'momentum', bta: 0.9 } })).toMatch(/^optimizer: unknown key "bta" \(did you mean "beta"\?\)/);
  });

  it('refuse a batch size of 0, a fractional size, a negative seed and an unknown order', () => {
    expect(problem({ batch: { size: 0 } })).toBe('batch.size: expected a number ≥ 1, got 0');
    expect(problem({ batch: { size: 2.5 } })).toBe('batch.size: expected an integer, got 2.5');
    expect(problem({ batch: { size: 4, seed: -1 } })).toBe('batch.seed: expected a number ≥ 0, got -1');
    expect(problem({ batch: { size: 4, order: 'random' } })).toBe('batch.order: expected one of "shuffle", "sequential", got "random"');
  });
});
