import type { DiscreteMap } from '../kind/discrete-map.js';
import { multiplyInto, setIdentity } from './matrix.js';

export interface PeriodicOrbit {
  /** a point z with F^p(z) = z */
  state: Float64Array;
  /** monodromy matrix D(F^p)(z) = DF(z_{p−1}) ⋯ DF(z_0), row-major */
  monodromy: Float64Array;
  /** ‖F^p(z) − z‖∞ at the returned state */
  residual: number;
  iterations: number;
}

/**
 * Applies F p times from z, accumulating the product of Jacobians into `monodromy`. `scratch`
 * (two k×k matrices) spares an allocation per call; Newton calls this in a loop, once per point
 * of a sweep, and the garbage would otherwise cost more than the arithmetic.
 */
export function iterateWithMonodromy(
  map: DiscreteMap,
  z: Float64Array,
  p: number,
  out: Float64Array,
  monodromy: Float64Array,
  scratch = { jac: new Float64Array(map.dimension ** 2), tmp: new Float64Array(map.dimension ** 2) },
): void {
  const k = map.dimension;
  const { jac, tmp } = scratch;
  setIdentity(monodromy, k);
  out.set(z);
  for (let step = 0; step < p; step++) {
    map.jacobian(out, jac);
    map.step(out, out);
    multiplyInto(jac, monodromy, tmp, k);
    monodromy.set(tmp);
  }
}

/**
 * Newton's method on G(z) = F^p(z) − z with DG = D(F^p) − I, from a nearby guess.
 * Stops when the step and the residual are at rounding level; returns null if it does not converge.
 */
export function findPeriodicOrbit(map: DiscreteMap, guess: Float64Array, p: number, maxIterations = 60): PeriodicOrbit | null {
  const k = map.dimension;
  const z = Float64Array.from(guess);
  const image = new Float64Array(k);
  const monodromy = new Float64Array(k * k);
  const scratch = { jac: new Float64Array(k * k), tmp: new Float64Array(k * k) };
  const g = new Float64Array(k);
  const a = new Float64Array(k * k);
  const delta = new Float64Array(k);
  // Rounding in F^p grows with p, so the residual floor does too: accept once the Newton step
  // is at rounding level, or stops shrinking with the residual already small.
  const floor = 1e-15 * Math.max(1, Math.sqrt(p));
  let lastChange = Infinity;
  for (let it = 1; it <= maxIterations; it++) {
    iterateWithMonodromy(map, z, p, image, monodromy, scratch);
    let residual = 0;
    for (let i = 0; i < k; i++) {
      g[i] = image[i] - z[i];
      residual = Math.max(residual, Math.abs(g[i]) / Math.max(1, Math.abs(z[i])));
    }
    if (!Number.isFinite(residual)) return null;
    a.set(monodromy);
    for (let i = 0; i < k; i++) a[i * k + i] -= 1;
    if (!solveInPlace(a, g, k, delta)) return null;
    let change = 0;
    for (let i = 0; i < k; i++) {
      z[i] -= delta[i];
      change = Math.max(change, Math.abs(delta[i]) / Math.max(1, Math.abs(z[i])));
    }
    const atRounding = change < 10 * floor;
    const stalled = residual < 1e-9 && change >= 0.5 * lastChange;
    if (atRounding || stalled) {
      iterateWithMonodromy(map, z, p, image, monodromy, scratch);
      let finalResidual = 0;
      for (let i = 0; i < k; i++) finalResidual = Math.max(finalResidual, Math.abs(image[i] - z[i]));
      return { state: z, monodromy, residual: finalResidual, iterations: it };
    }
    lastChange = change;
  }
  return null;
}

/**
 * Solves A x = b into x by Gaussian elimination with partial pivoting, overwriting a and b;
 * false if A is singular.
 */
function solveInPlace(a: Float64Array, b: Float64Array, k: number, x: Float64Array): boolean {
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[pivot * k + col])) pivot = r;
    if (a[pivot * k + col] === 0) return false;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) {
        const t = a[col * k + c];
        a[col * k + c] = a[pivot * k + c];
        a[pivot * k + c] = t;
      }
      const t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
    }
    for (let r = col + 1; r < k; r++) {
      const factor = a[r * k + col] / a[col * k + col];
      for (let c = col; c < k; c++) a[r * k + c] -= factor * a[col * k + c];
      b[r] -= factor * b[col];
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < k; c++) s -= a[r * k + c] * x[c];
    x[r] = s / a[r * k + r];
  }
  return true;
}

/** Eigenvalues of a real 2×2 matrix as [re1, im1, re2, im2], the larger modulus first. */
export function eigenvalues2x2(m: Float64Array): [number, number, number, number] {
  const tr = m[0] + m[3];
  const det = m[0] * m[3] - m[1] * m[2];
  const disc = 0.25 * tr * tr - det;
  if (disc >= 0) {
    const s = Math.sqrt(disc);
    const a = 0.5 * tr + s;
    const b = 0.5 * tr - s;
    return Math.abs(a) >= Math.abs(b) ? [a, 0, b, 0] : [b, 0, a, 0];
  }
  const im = Math.sqrt(-disc);
  return [0.5 * tr, im, 0.5 * tr, -im];
}
