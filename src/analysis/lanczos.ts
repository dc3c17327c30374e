import { SeededRandom } from '../random/rng.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';

/** A symmetric linear operator: out ← A v (out never aliases v). */
export type SymmetricOperator = (v: Float64Array, out: Float64Array) => void;

export interface LanczosOptions {
  /** start vector (any norm, not all zero), e.g. the previous top eigenvector; default a seeded Gaussian */
  start?: Float64Array;
  /** seed of the Gaussian start vector when none is given; default 1 */
  seed?: number;
  /** stop when ‖A y − θ y‖ ≤ tolerance · |θ| for the top Ritz pair (θ, y); default 1e-10 */
  tolerance?: number;
  /** iteration cap, each one operator application; default 100 (never more than the dimension) */
  maxIterations?: number;
  /** reusable buffers from createLanczosWorkspace, so repeated calls allocate nothing */
  workspace?: LanczosWorkspace;
}

export interface LanczosResult {
  /** the largest (algebraic) Ritz value */
  value: number;
  /** its unit Ritz vector; a view into the workspace, overwritten by its next use */
  vector: Float64Array;
  /** operator applications made */
  iterations: number;
  /** ‖A y − θ y‖ / |θ| as Lanczos measures it (β_m |s_m|), exact in exact arithmetic */
  residual: number;
  converged: boolean;
}

export const LANCZOS_DEFAULTS = { tolerance: 1e-10, maxIterations: 100, seed: 1 } as const;

export interface LanczosWorkspace {
  dimension: number;
  maxIterations: number;
  /** Krylov basis, one row of `dimension` per vector (maxIterations + 1 rows) */
  basis: Float64Array;
  current: Float64Array;
  product: Float64Array;
  ritz: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
  values: Float64Array;
  vectors: Float64Array;
  scratch: Float64Array;
}

export function createLanczosWorkspace(dimension: number, maxIterations: number = LANCZOS_DEFAULTS.maxIterations): LanczosWorkspace {
  const m = Math.max(1, Math.min(maxIterations, dimension));
  return {
    dimension,
    maxIterations: m,
    basis: new Float64Array((m + 1) * dimension),
    current: new Float64Array(dimension),
    product: new Float64Array(dimension),
    ritz: new Float64Array(dimension),
    alpha: new Float64Array(m),
    beta: new Float64Array(m),
    values: new Float64Array(m),
    vectors: new Float64Array(m * m),
    scratch: new Float64Array(m),
  };
}

/**
 * The top (largest algebraic) eigenvalue of a symmetric operator by the Lanczos method with full
 * reorthogonalisation: every new Krylov vector is orthogonalised against all previous ones twice
 * (classical Gram–Schmidt, "twice is enough"), so no spurious copies of converged eigenvalues
 * appear and the Ritz values are those of an exactly orthonormal basis. After each step the
 * tridiagonal matrix T_m is diagonalised (implicit QL) and the top Ritz pair's residual
 * ‖A y − θ y‖ = β_m |s_m| is checked against the tolerance. The eigenvalue error is at most the
 * residual, and near residual²/gap once the top eigenvalue is separated.
 *
 * A warm start close to the top eigenvector (the previous step's) converges in a few iterations.
 * Like every Krylov method, it can only find eigenvectors that the start vector is not orthogonal
 * to; a random start makes that a probability-zero event.
 */
export function lanczosTopEigen(apply: SymmetricOperator, dimension: number, options: LanczosOptions = {}): LanczosResult {
  const tolerance = options.tolerance ?? LANCZOS_DEFAULTS.tolerance;
  const cap = Math.max(1, Math.min(options.maxIterations ?? LANCZOS_DEFAULTS.maxIterations, dimension));
  let ws = options.workspace;
  if (!ws || ws.dimension !== dimension || ws.maxIterations < cap) ws = createLanczosWorkspace(dimension, cap);
  const { basis, current, product: w, ritz, alpha, beta, values, vectors, scratch } = ws;
  const n = dimension;

  // q_0 = start / ‖start‖
  if (options.start) {
    if (options.start.length !== n) throw new RangeError(`Lanczos start vector has ${options.start.length} entries, expected ${n}`);
    basis.set(options.start, 0);
  } else {
    const rng = new SeededRandom(options.seed ?? LANCZOS_DEFAULTS.seed);
    for (let i = 0; i < n; i++) basis[i] = rng.gaussian();
  }
  const startNorm = norm(basis, 0, n);
  if (!(startNorm > 0) || !Number.isFinite(startNorm)) throw new RangeError('Lanczos start vector must be finite and not zero');
  for (let i = 0; i < n; i++) basis[i] /= startNorm;

  let m = 0;
  let top = NaN;
  let residual = Infinity;
  let converged = false;
  for (let j = 0; j < cap; j++) {
    const q = j * n;
    for (let i = 0; i < n; i++) current[i] = basis[q + i]; // a copy, not a subarray view: nothing allocated
    apply(current, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += basis[q + i] * w[i];
    alpha[j] = a;
    // Full reorthogonalisation, twice, against q_0 … q_j (this also removes α_j q_j and β_{j−1} q_{j−1}).
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k <= j; k++) {
        const off = k * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += basis[off + i] * w[i];
        for (let i = 0; i < n; i++) w[i] -= dot * basis[off + i];
      }
    }
    const b = norm(w, 0, n);
    beta[j] = b;
    m = j + 1;
    tridiagonalEigen(alpha, beta, m, values, vectors, scratch);
    top = values[m - 1];
    const lastComponent = vectors[(m - 1) * m + (m - 1)];
    residual = (b * Math.abs(lastComponent)) / Math.max(Math.abs(top), Number.MIN_VALUE);
    // An invariant subspace (b ≈ 0) makes the Ritz values exact eigenvalues of A.
    const invariant = b <= 1e-14 * Math.max(Math.abs(top), Math.abs(a), Number.MIN_VALUE);
    if (residual <= tolerance || invariant || m === n) {
      converged = true;
      if (invariant) residual = 0;
      break;
    }
    const next = (j + 1) * n;
    for (let i = 0; i < n; i++) basis[next + i] = w[i] / b;
  }

  // Ritz vector y = Q s for the top eigenvector s of T_m.
  ritz.fill(0);
  for (let k = 0; k < m; k++) {
    const coefficient = vectors[k * m + (m - 1)];
    const off = k * n;
    for (let i = 0; i < n; i++) ritz[i] += coefficient * basis[off + i];
  }
  const ritzNorm = norm(ritz, 0, n);
  for (let i = 0; i < n; i++) ritz[i] /= ritzNorm;
  return { value: top, vector: ritz, iterations: m, residual: Number.isFinite(residual) ? residual : NaN, converged };
}

function norm(v: Float64Array, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[off + i] * v[off + i];
  return Math.sqrt(s);
}
