import { describe, expect, it } from 'vitest';
import { createLanczosWorkspace, lanczosTopEigen, type SymmetricOperator } from '../../src/analysis/lanczos.js';
import { symmetricEigen } from '../../src/models/mlp/symmetric-eigen.js';
import { tridiagonalEigen } from '../../src/analysis/tridiagonal-eigen.js';
import { SeededRandom } from '../../src/random/rng.js';
import { maxAbs } from '../models/mlp/mlp-helpers.js';

/** A dense symmetric n×n matrix Q diag(values) Qᵀ with a random orthogonal Q, and its operator. */
function symmetricWithSpectrum(values: number[], seed: number): { matrix: Float64Array; apply: SymmetricOperator } {
  const n = values.length;
  const rng = new SeededRandom(seed);
  const q = Float64Array.from({ length: n * n }, () => rng.gaussian());
  // orthonormalise the columns (modified Gram–Schmidt)
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + k] * q[i * n + j];
      for (let i = 0; i < n; i++) q[i * n + j] -= dot * q[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + j] ** 2;
    for (let i = 0; i < n; i++) q[i * n + j] /= Math.sqrt(norm);
  }
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) matrix[i * n + j] += q[i * n + k] * values[k] * q[j * n + k];
  const apply: SymmetricOperator = (v, out) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += matrix[i * n + j] * v[j];
      out[i] = s;
    }
  };
  return { matrix, apply };
}

describe('Lanczos with full reorthogonalisation', () => {
  it('keeps its Krylov basis orthonormal to rounding, long after the top eigenvalue has converged', () => {
    // A wide, geometric spectrum: without full reorthogonalisation the basis loses orthogonality
    // as soon as the top Ritz value converges (Paige), and copies of it appear.
    const n = 80;
    const values = Array.from({ length: n }, (_, i) => 100 * 0.9 ** i);
    const { apply } = symmetricWithSpectrum(values, 3);
    const ws = createLanczosWorkspace(n, 60);
    const result = lanczosTopEigen(apply, n, { tolerance: 0, maxIterations: 60, workspace: ws });
    expect(result.iterations).toBe(60);
    expect(Math.abs(result.value - 100) / 100).toBeLessThan(1e-13);
    let worst = 0;
    for (let a = 0; a < 60; a++) {
      for (let b = 0; b <= a; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += ws.basis[a * n + i] * ws.basis[b * n + i];
        worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('finds the largest algebraic eigenvalue when a negative one is larger in magnitude, and stops at an invariant subspace', () => {
    const values = [-9, -3, 0.5, 1, 2, 4];
    const { matrix, apply } = symmetricWithSpectrum(values, 5);
    const result = lanczosTopEigen(apply, 6);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.value - 4)).toBeLessThan(1e-12);
    // started on the top eigenvector, one iteration suffices
    const vectors = symmetricEigen(matrix, 6, true).vectors!;
    const top = Float64Array.from({ length: 6 }, (_, i) => vectors[i * 6 + 5]);
    const warm = lanczosTopEigen(apply, 6, { start: top });
    expect(warm.iterations).toBe(1);
    expect(Math.abs(warm.value - 4)).toBeLessThan(1e-13);
  });
});

describe('small symmetric eigensolvers', () => {
  it('implicit QL on a tridiagonal matrix agrees with Jacobi, eigenvectors included', () => {
    const rng = new SeededRandom(7);
    const m = 30;
    const d = Float64Array.from({ length: m }, () => rng.gaussian());
    const e = Float64Array.from({ length: m - 1 }, () => rng.gaussian());
    const values = new Float64Array(m);
    const vectors = new Float64Array(m * m);
    expect(tridiagonalEigen(d, e, m, values, vectors, new Float64Array(m))).toBe(true);
    const dense = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      dense[i * m + i] = d[i];
      if (i < m - 1) dense[i * m + i + 1] = dense[(i + 1) * m + i] = e[i];
    }
    const jacobi = symmetricEigen(dense, m).values;
    for (let i = 0; i < m; i++) expect(Math.abs(values[i] - jacobi[i])).toBeLessThan(1e-13 * maxAbs(jacobi));
    // T v = λ v for every column
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < m; i++) {
        let tv = 0;
        for (let k = 0; k < m; k++) tv += dense[i * m + k] * vectors[k * m + j];
        expect(Math.abs(tv - values[j] * vectors[i * m + j])).toBeLessThan(1e-13 * maxAbs(jacobi));
      }
    }
  });
});
