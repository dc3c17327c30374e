import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/optimizers/create-optimizer.js';
import type { Optimizer } from '../../src/optimizers/optimizer.js';
import { describeOptimizer } from '../../src/optimizers/describe-optimizer.js';
import { EVERY_OPTIMIZER, tangentMatrix, type Matrix } from './optimizer-helpers.js';

// A smooth non-quadratic loss on 3 parameters with its analytic gradient and Hessian:
// L(θ) = ¼ Σ θᵢ⁴ + ½ θᵀAθ − bᵀθ + c θ₀θ₁θ₂
const A = [
  [2, 0.3, -0.4],
  [0.3, 1, 0.2],
  [-0.4, 0.2, 1.5],
];
const b = [0.7, -1.1, 0.4];
const c = 0.6;
const ROWS = [0, 1, 2];

function gradient(t: ArrayLike<number>): Float64Array {
  const product = [t[1] * t[2], t[0] * t[2], t[0] * t[1]];
  return Float64Array.from(ROWS, (i) => t[i] ** 3 + A[i][0] * t[0] + A[i][1] * t[1] + A[i][2] * t[2] - b[i] + c * product[i]);
}

function hessian(t: ArrayLike<number>): Matrix {
  return ROWS.map((i) => ROWS.map((j) => A[i][j] + (i === j ? 3 * t[i] ** 2 : c * t[3 - i - j])));
}

/** G(x) = F(x) − x, the change one step makes to x = (θ, state) */
function increment(optimizer: Optimizer, x: Float64Array, eta: number, t: number): Float64Array {
  const theta = x.slice(0, 3);
  const state = x.slice(3);
  optimizer.step(theta, state, gradient(theta), eta, t);
  return Float64Array.from([...theta, ...state], (y, i) => y - x[i]);
}

/** ∂G/∂x_j by the 5-point central difference (error O(h⁴)) */
function differenceColumn(optimizer: Optimizer, x: Float64Array, j: number, h: number, eta: number, t: number): Float64Array {
  const at = (offset: number) => {
    const shifted = Float64Array.from(x);
    shifted[j] += offset;
    return increment(optimizer, shifted, eta, t);
  };
  const [p2, p1, m1, m2] = [at(2 * h), at(h), at(-h), at(-2 * h)];
  return Float64Array.from(p1, (_, i) => (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h));
}

const ETA: Record<string, number> = { gd: 0.1, momentum: 0.1, nesterov: 0.1, rmsprop: 0.05, adam: 0.05 };
const THETA0 = [0.9, -1.2, 0.5];

/** (θ, state) before step t: t − 1 real steps from THETA0 and a zero state */
function pointBefore(optimizer: Optimizer, t: number, eta: number): Float64Array {
  const theta = Float64Array.from(THETA0);
  const state = new Float64Array(optimizer.stateLength(3));
  for (let s = 1; s < t; s++) optimizer.step(theta, state, gradient(theta), eta, s);
  return Float64Array.from([...theta, ...state]);
}

describe('tangent() is the Jacobian of step() (5-point central differences, relative error ≤ 1e-6)', () => {
  for (const spec of EVERY_OPTIMIZER) {
    for (const t of [1, 5]) {
      it(`${describeOptimizer(spec)}, step ${t}`, () => {
        const optimizer = createOptimizer(spec);
        const eta = ETA[spec.kind];
        const x = pointBefore(optimizer, t, eta);
        const theta = x.slice(0, 3);
        const state = x.slice(3);
        const jacobian = tangentMatrix(optimizer, state, gradient(theta), hessian(theta), eta, t);
        const n = x.length;
        let worst = 0;
        for (let j = 0; j < n; j++) {
          // a step relative to the coordinate's size: the adaptive rules' s is ~1e-3 after a step
          const h = 1e-4 * Math.max(Math.abs(x[j]), j < 3 ? 1 : 1e-2);
          const column = differenceColumn(optimizer, x, j, h, eta, t);
          // compare J − I (what the step changes) so the identity does not hide an error in the step's part
          const analytic = Float64Array.from(column, (_, i) => jacobian[i][j] - (i === j ? 1 : 0));
          const scale = Math.max(...analytic.map(Math.abs));
          expect(scale).toBeGreaterThan(0);
          for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(analytic[i] - column[i]) / scale);
        }
        expect(worst).toBeLessThanOrEqual(1e-6);
      });
    }
  }
});

describe('a component whose gradient has always been 0 (√s = 0): the tangent is the one-sided limit, not NaN', () => {
  // L = ½|θ|² (H = I, g = θ) with θ₁ = 0 and a state that has never seen a gradient in component 1
  const theta = [0.4, 0, -0.2];
  const cases = [
    { spec: { kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 } as const, state: [0.02, 0, 0.01] },
    { spec: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const, state: [0.1, 0, -0.05, 0.02, 0, 0.01] },
  ];
  for (const { spec, state } of cases) {
    it(describeOptimizer(spec), () => {
      const optimizer = createOptimizer(spec);
      const eta = 0.01;
      const t = 3;
      const x = Float64Array.from([...theta, ...state]);
      const identity = ROWS.map((i) => ROWS.map((j) => (i === j ? 1 : 0)));
      const jacobian = tangentMatrix(optimizer, x.slice(3), x.slice(0, 3), identity, eta, t);
      expect(jacobian.flat().every(Number.isFinite)).toBe(true);
      /** one step of L = ½|θ|², as a function of x */
      const stepOf = (y: Float64Array) => {
        const th = y.slice(0, 3);
        const st = y.slice(3);
        optimizer.step(th, st, Float64Array.from(th), eta, t);
        return [...th, ...st];
      };
      const base = stepOf(x);
      // component 1 of θ, and of each state vector; s stays ≥ 0, so its difference is one-sided.
      // A tiny δ: g/(a|g| + ε) bends on the scale |g| ~ ε/a, so δ ≪ ε keeps the quotient linear to ~1e-9.
      const delta = 1e-17;
      for (const j of [1, ...state.map((_, k) => 3 + k).filter((k) => x[k] === 0)]) {
        const shifted = Float64Array.from(x);
        shifted[j] += delta;
        const column = stepOf(shifted).map((y, i) => (y - base[i]) / delta);
        const scale = Math.max(...column.map(Math.abs));
        column.forEach((value, i) => expect(Math.abs(jacobian[i][j] - value)).toBeLessThanOrEqual(1e-6 * scale));
      }
      // along θ₁: dθ₁' = 1 − (η/(1 − β₁ᵗ))·(1 − β₁)/ε for Adam and 1 − η/ε for RMSprop, a huge slope
      const slope = spec.kind === 'adam' ? 1 - (eta / (1 - 0.9 ** t)) * (0.1 / 1e-8) : 1 - eta / 1e-8;
      expect(jacobian[1][1]).toBeCloseTo(slope, 0);
    });
  }
});
