import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/optimizers/create-optimizer.js';
import type { OptimizerSpec } from '../../src/optimizers/optimizer.js';

// Two steps of every optimizer on L = ½ θᵀAθ − bᵀθ, worked out by hand from the update rules of
// issue 27's table (not from the code), and cross-checked against torch 1.13.1 (float64, torch.optim),
// whose printed results are the literals in the comments.
const A = [
  [3, 1, 0],
  [1, 2, 0.5],
  [0, 0.5, 1],
];
const b = [1, -2, 0.5];
const theta0 = [0.5, -1, 2];
/** ∇L = Aθ − b */
const gradientAt = (t: number[]) => A.map((row, i) => row[0] * t[0] + row[1] * t[1] + row[2] * t[2] - b[i]);
// g₀ = ∇L(θ₀) = (1.5 − 1 − 1, 0.5 − 2 + 1 + 2, −0.5 + 2 − 0.5)
const g0 = [-0.5, 1.5, 1];

function twoSteps(spec: OptimizerSpec, eta: number): number[][] {
  const optimizer = createOptimizer(spec);
  const theta = Float64Array.from(theta0);
  const state = new Float64Array(optimizer.stateLength(3));
  const out: number[][] = [];
  for (let t = 1; t <= 2; t++) {
    optimizer.step(theta, state, Float64Array.from(gradientAt([...theta])), eta, t);
    out.push([...theta]);
  }
  return out;
}

function expectClose(actual: number[], expected: number[], relative = 1e-14) {
  actual.forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThanOrEqual(relative * Math.abs(expected[i])));
}

const range3 = [0, 1, 2];

describe('two steps by hand on a 3-parameter quadratic', () => {
  it('the gradient used by hand is ∇L', () => {
    expect(gradientAt(theta0)).toEqual(g0);
  });

  it('gd: θ ← θ − η g', () => {
    const [theta1, theta2] = twoSteps({ kind: 'gd' }, 0.1);
    // θ₁ = θ₀ − 0.1 g₀; g₁ = (1.65 − 1.15 − 1, 0.55 − 2.3 + 0.95 + 2, −0.575 + 1.9 − 0.5) = (−0.5, 1.2, 0.825)
    expectClose(theta1, [0.55, -1.15, 1.9]);
    expectClose(theta2, [0.6, -1.27, 1.8175]);
  });

  it('momentum β = 0.5: v ← βv + g; θ ← θ − ηv', () => {
    const [theta1, theta2] = twoSteps({ kind: 'momentum', beta: 0.5 }, 0.1);
    // v₁ = g₀, θ₁ as GD's; v₂ = 0.5 v₁ + g₁ = (−0.25 − 0.5, 0.75 + 1.2, 0.5 + 0.825) = (−0.75, 1.95, 1.325)
    expectClose(theta1, [0.55, -1.15, 1.9]);
    expectClose(theta2, [0.625, -1.345, 1.7675]); // torch: 0.625, -1.345, 1.7674999999999998
  });

  it('nesterov β = 0.5: v ← βv + g; θ ← θ − η(g + βv)', () => {
    const [theta1, theta2] = twoSteps({ kind: 'nesterov', beta: 0.5 }, 0.1);
    // v₁ = g₀, d₁ = g₀ + 0.5 v₁ = (−0.75, 2.25, 1.5); θ₁ = θ₀ − 0.1 d₁
    expectClose(theta1, [0.575, -1.225, 1.85]);
    // g₁ = (1.725 − 1.225 − 1, 0.575 − 2.45 + 0.925 + 2, −0.6125 + 1.85 − 0.5) = (−0.5, 1.05, 0.7375)
    // v₂ = 0.5 v₁ + g₁ = (−0.75, 1.8, 1.2375); d₂ = g₁ + 0.5 v₂ = (−0.875, 1.95, 1.35625)
    expectClose(theta2, [0.6625, -1.42, 1.714375]); // torch: 0.6625, -1.4200000000000002, 1.714375
  });

  it('rmsprop ρ = 0.99, ε = 1e-8: s ← ρs + (1 − ρ)g²; θ ← θ − ηg/(√s + ε)', () => {
    const [theta1, theta2] = twoSteps({ kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 }, 0.01);
    // s₁ = 0.01 g₀² = (0.0025, 0.0225, 0.01), √s₁ = (0.05, 0.15, 0.1)
    const expected1 = [0.5 - (0.01 * -0.5) / (0.05 + 1e-8), -1 - (0.01 * 1.5) / (0.15 + 1e-8), 2 - (0.01 * 1) / (0.1 + 1e-8)];
    expectClose(theta1, expected1); // torch: 0.599999980000004, -1.0999999933333338, 1.900000009999999
    const g1 = gradientAt(expected1);
    const s1 = [0.0025, 0.0225, 0.01];
    const s2 = range3.map((i) => 0.99 * s1[i] + 0.01 * g1[i] * g1[i]);
    const expected2 = range3.map((i) => expected1[i] - (0.01 * g1[i]) / (Math.sqrt(s2[i]) + 1e-8));
    expectClose(theta2, expected2); // torch: 0.6516397557928432, -1.1670820292794448, 1.835046353182911
  });

  it('adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8, with both bias corrections', () => {
    const [theta1, theta2] = twoSteps({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.1);
    // t = 1: m̂ = 0.1 g₀/0.1 = g₀ and ŝ = 0.001 g₀²/0.001 = g₀², so θ₁ = θ₀ − 0.1 g₀/(|g₀| + ε)
    const expected1 = [0.5 + 0.1 * (0.5 / (0.5 + 1e-8)), -1 - 0.1 * (1.5 / (1.5 + 1e-8)), 2 - 0.1 * (1 / (1 + 1e-8))];
    expectClose(theta1, expected1); // torch: 0.599999998, -1.0999999993333334, 1.900000001
    // t = 2: m₂ = 0.9 m₁ + 0.1 g₁, s₂ = 0.999 s₁ + 0.001 g₁², 1 − β₁² = 0.19, 1 − β₂² = 0.001999
    const g1 = gradientAt(expected1);
    const m2 = range3.map((i) => 0.9 * (0.1 * g0[i]) + 0.1 * g1[i]);
    const s2 = range3.map((i) => 0.999 * (0.001 * g0[i] * g0[i]) + 0.001 * g1[i] * g1[i]);
    const expected2 = range3.map((i) => expected1[i] - (0.1 * (m2[i] / 0.19)) / (Math.sqrt(s2[i] / 0.001999) + 1e-8));
    expectClose(theta2, expected2); // torch: 0.6957490135210906, -1.1995877709635296, 1.8007484444130826
  });
});
