import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/optimizers/create-optimizer.js';
import { SeededRandom } from '../../src/random/rng.js';
import { determinant, tangentMatrix, type Matrix } from './optimizer-helpers.js';

// The volume identities of the momentum tangent maps on a 4-parameter problem with a random
// symmetric H (any H: the identities hold for every θ, so they hold along a training run too).
// Momentum over (θ, v): [[I − ηH, −ηβI], [H, βI]], det = det(β(I − ηH) + ηβH) = β^P.
// Nesterov: [[I − η(1 + β)H, −ηβ²I], [H, βI]], det = det(β(I − η(1 + β)H) + ηβ²H) = β^P det(I − ηH).
const P = 4;
const rng = new SeededRandom(27);
const M = Array.from({ length: P }, () => Array.from({ length: P }, () => rng.gaussian()));
const H: Matrix = M.map((row, i) => row.map((_, j) => (M[i][j] + M[j][i]) / 2));
const ETA = 0.3;
// a point with a nonzero velocity and gradient: the tangent map must not depend on them
const velocity = Float64Array.from({ length: P }, () => rng.gaussian());
const gradient = Float64Array.from({ length: P }, () => rng.gaussian());

describe('determinant of the tangent map over (θ, v)', () => {
  it('the LU determinant of the test is right on matrices with known determinants', () => {
    expect(
      determinant([
        [2, 1],
        [1, 3],
      ]),
    ).toBe(5);
    expect(
      determinant([
        [0, 1, 0],
        [0, 0, 1],
        [1, 0, 0],
      ]),
    ).toBe(1); // a cyclic permutation: two row swaps
    expect(
      determinant([
        [0, 2],
        [3, 0],
      ]),
    ).toBe(-6);
  });

  for (const beta of [0.9, 0.5]) {
    it(`momentum β = ${beta}: |det| = β^P (sum of the 2P exponents P log β)`, () => {
      const jacobian = tangentMatrix(createOptimizer({ kind: 'momentum', beta }), velocity, gradient, H, ETA, 7);
      const expected = beta ** P;
      expect(Math.abs(Math.abs(determinant(jacobian)) - expected)).toBeLessThanOrEqual(1e-12 * expected);
    });

    it(`nesterov β = ${beta}: |det| = β^P |det(I − ηH)|`, () => {
      const jacobian = tangentMatrix(createOptimizer({ kind: 'nesterov', beta }), velocity, gradient, H, ETA, 7);
      const gd = H.map((row, i) => row.map((h, j) => (i === j ? 1 : 0) - ETA * h));
      const expected = beta ** P * Math.abs(determinant(gd));
      expect(Math.abs(Math.abs(determinant(jacobian)) - expected)).toBeLessThanOrEqual(1e-12 * expected);
    });
  }

  it('the Nesterov identity is not trivially β^P here: det(I − ηH) is far from ±1', () => {
    const gd = H.map((row, i) => row.map((h, j) => (i === j ? 1 : 0) - ETA * h));
    expect(Math.abs(Math.abs(determinant(gd)) - 1)).toBeGreaterThan(0.05);
  });
});
