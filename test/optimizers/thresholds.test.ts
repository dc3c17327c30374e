import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/optimizers/create-optimizer.js';
import { describeOptimizer } from '../../src/optimizers/describe-optimizer.js';
import type { Optimizer, OptimizerSpec } from '../../src/optimizers/optimizer.js';
import { diagonal, tangentMatrix, type Matrix } from './optimizer-helpers.js';

// On a quadratic with H = diag(λ) the step is linear and splits into one small block per λ: the
// coordinates (θᵢ, stateᵢ, stateᵢ₊ₚ, …). We build the step's matrix from tangent() itself, check
// that it has that block form, take each block's eigenvalues in closed form, and find by bisection
// the η where the spectral radius crosses 1. It must sit at threshold.value / λ_max to 1e-8.

/** spectral radius of a 1×1 or 2×2 real block */
function blockRadius(block: Matrix): number {
  if (block.length === 1) return Math.abs(block[0][0]);
  const [[a, b], [c, d]] = block;
  const trace = a + d;
  const det = a * d - b * c;
  const discriminant = trace * trace - 4 * det;
  if (discriminant < 0) return Math.sqrt(det); // a complex pair, |z|² = det
  const root = Math.sqrt(discriminant);
  return Math.max(Math.abs((trace + root) / 2), Math.abs((trace - root) / 2));
}

/**
 * The spectral radius of a matrix over (θ, state) whose only couplings are within each block
 * {i, p + i} (the first `coupled` state vectors); any further state vector (Adam's or RMSprop's s)
 * must only feed itself (a triangular part whose eigenvalues are its diagonal).
 */
function radiusOfBlocks(matrix: Matrix, p: number, coupled: number): number {
  const n = matrix.length;
  const blockOf = (k: number) => k % p;
  let radius = 0;
  for (let i = 0; i < p; i++) {
    const members = Array.from({ length: coupled + 1 }, (_, k) => i + k * p);
    radius = Math.max(radius, blockRadius(members.map((r) => members.map((c) => matrix[r][c]))));
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const insideBlock = blockOf(r) === blockOf(c) && r < (coupled + 1) * p && c < (coupled + 1) * p;
      const uncoupledDiagonal = r === c && r >= (coupled + 1) * p;
      // the rest of the s rows and columns are exactly 0: nothing feeds s and s feeds nothing here
      if (!insideBlock && !uncoupledDiagonal && matrix[r][c] !== 0)
        throw new Error(`entry (${r}, ${c}) = ${matrix[r][c]} breaks the blocks`);
      if (uncoupledDiagonal) radius = Math.max(radius, Math.abs(matrix[r][c]));
    }
  }
  return radius;
}

/** the η in (lo, hi) where radius(η) crosses 1 (radius(lo) < 1 < radius(hi)), to the last bit */
function flipEta(radius: (eta: number) => number, lo: number, hi: number): number {
  expect(radius(lo)).toBeLessThan(1);
  expect(radius(hi)).toBeGreaterThan(1);
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (radius(mid) > 1) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

const LAMBDAS = [0.5, 2, 5, 3.2];

describe('the edge of stability sits at threshold.value / λ_max on a quadratic (to 1e-8)', () => {
  const plain: OptimizerSpec[] = [
    { kind: 'gd' },
    { kind: 'momentum', beta: 0.9 },
    { kind: 'momentum', beta: 0.5 },
    { kind: 'nesterov', beta: 0.9 },
    { kind: 'nesterov', beta: 0.5 },
  ];
  for (const spec of plain) {
    it(`${describeOptimizer(spec)}: η λ_max = ${createOptimizer(spec).threshold.formula}`, () => {
      const optimizer = createOptimizer(spec);
      expect(optimizer.threshold.on).toBe('sharpness');
      const p = LAMBDAS.length;
      const state = new Float64Array(optimizer.stateLength(p));
      const zero = new Float64Array(p); // the map is affine: its matrix is the same at every point
      const radius = (eta: number) =>
        radiusOfBlocks(tangentMatrix(optimizer, state, zero, diagonal(LAMBDAS), eta, 1), p, optimizer.stateLength(p) / p);
      const predicted = optimizer.threshold.value / Math.max(...LAMBDAS);
      const found = flipEta(radius, 0.5 * predicted, 1.5 * predicted);
      expect(Math.abs(found - predicted)).toBeLessThanOrEqual(1e-8 * predicted);
    });
  }

  it('the thresholds are the literature values: 2, 3.8 (momentum 0.9), 1.357… (Nesterov 0.9), 38 (Adam 0.9)', () => {
    expect(createOptimizer({ kind: 'gd' }).threshold.value).toBe(2);
    expect(createOptimizer({ kind: 'momentum', beta: 0.9 }).threshold.value).toBeCloseTo(3.8, 14);
    expect(createOptimizer({ kind: 'nesterov', beta: 0.9 }).threshold.value).toBeCloseTo(3.8 / 2.8, 14);
    expect(createOptimizer({ kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 }).threshold.value).toBe(2);
    expect(createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }).threshold.value).toBeCloseTo(38, 12);
    expect(createOptimizer({ kind: 'adam', beta1: 0.5, beta2: 0.999, epsilon: 1e-8 }).threshold.value).toBeCloseTo(6, 13);
  });

  // At a minimum (θ = 0, g = 0, m = 0) with s > 0, the adaptive step's linearization has P frozen:
  // ds' = β₂ ds feeds nothing (its term in dθ' carries m' = 0), so the (θ, m) blocks are exactly
  // θ' = θ − η P⁻¹ m', m' = β₁ m + (1 − β₁) H θ (Adam) and θ' = θ − η P⁻¹ H θ (RMSprop). Late in a
  // run (t = 10000, β₁ᵗ = 0) the step size is η itself.
  const adaptive: { spec: OptimizerSpec; expected: number }[] = [
    { spec: { kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 }, expected: 2 },
    { spec: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, expected: 38 },
    { spec: { kind: 'adam', beta1: 0.5, beta2: 0.99, epsilon: 1e-8 }, expected: 6 },
  ];
  for (const { spec, expected } of adaptive) {
    it(`${describeOptimizer(spec)}, P frozen: η λ_max(P⁻¹H) = ${expected}`, () => {
      const optimizer: Optimizer = createOptimizer(spec);
      expect(optimizer.threshold.on).toBe('preconditioned');
      expect(optimizer.threshold.value).toBeCloseTo(expected, 12);
      const p = LAMBDAS.length;
      const t = 10_000;
      const state = new Float64Array(optimizer.stateLength(p));
      // s chosen so that λ/P peaks at λ = 2, not at λ_max = 5
      state.set([0.3, 0.01, 4, 1], optimizer.stateLength(p) - p);
      const zero = new Float64Array(p);
      const preconditioner = new Float64Array(p);
      optimizer.preconditioner!(state, zero, t, preconditioner);
      const mu = LAMBDAS.map((lambda, i) => lambda / preconditioner[i]);
      expect(mu.indexOf(Math.max(...mu))).toBe(1);
      const coupled = optimizer.stateLength(p) / p - 1; // Adam's m is coupled to θ; s is not
      const radius = (eta: number) => radiusOfBlocks(tangentMatrix(optimizer, state, zero, diagonal(LAMBDAS), eta, t), p, coupled);
      const predicted = optimizer.threshold.value / Math.max(...mu);
      const found = flipEta(radius, 0.5 * predicted, 1.5 * predicted);
      expect(Math.abs(found - predicted)).toBeLessThanOrEqual(1e-8 * predicted);
    });
  }
});
