import type { Optimizer, OptimizerSpec } from '../../src/optimizers/optimizer.js';

/** Every optimizer kind at its defaults, and momentum and Nesterov at a second β. */
export const EVERY_OPTIMIZER: OptimizerSpec[] = [
  { kind: 'gd' },
  { kind: 'momentum', beta: 0.9 },
  { kind: 'momentum', beta: 0.5 },
  { kind: 'nesterov', beta: 0.9 },
  { kind: 'nesterov', beta: 0.5 },
  { kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 },
  { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
];

export type Matrix = number[][];

export function matVec(m: Matrix, v: ArrayLike<number>): Float64Array {
  return Float64Array.from(m, (row) => row.reduce((sum, x, j) => sum + x * v[j], 0));
}

/**
 * The Jacobian of one step over (θ, state), column by column from optimizer.tangent() at (state, g),
 * with hv = H dθ for the dense Hessian H. Also checks that tangent() leaves state and g alone.
 */
export function tangentMatrix(
  optimizer: Optimizer,
  state: Float64Array,
  gradient: Float64Array,
  hessian: Matrix,
  eta: number,
  t: number,
): Matrix {
  const p = gradient.length;
  const n = p + optimizer.stateLength(p);
  const stateBefore = Float64Array.from(state);
  const gradientBefore = Float64Array.from(gradient);
  const columns: number[][] = [];
  for (let j = 0; j < n; j++) {
    const dTheta = new Float64Array(p);
    const dState = new Float64Array(n - p);
    if (j < p) dTheta[j] = 1;
    else dState[j - p] = 1;
    const hv = matVec(hessian, dTheta);
    optimizer.tangent(state, gradient, dTheta, dState, hv, eta, t);
    columns.push([...dTheta, ...dState]);
  }
  if (state.some((x, i) => x !== stateBefore[i]) || gradient.some((x, i) => x !== gradientBefore[i])) {
    throw new Error('tangent() moved the state or the gradient');
  }
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}

/** det by LU with partial pivoting */
export function determinant(m: Matrix): number {
  const a = m.map((row) => [...row]);
  const n = a.length;
  let det = 1;
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) pivot = i;
    if (a[pivot][k] === 0) return 0;
    if (pivot !== k) {
      [a[pivot], a[k]] = [a[k], a[pivot]];
      det = -det;
    }
    det *= a[k][k];
    for (let i = k + 1; i < n; i++) {
      const factor = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= factor * a[k][j];
    }
  }
  return det;
}

export function diagonal(values: number[]): Matrix {
  return values.map((x, i) => values.map((_, j) => (i === j ? x : 0)));
}
