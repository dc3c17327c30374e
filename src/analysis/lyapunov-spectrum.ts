import type { DiscreteMap } from '../kind/discrete-map.js';
import { multiplyInto, setIdentity } from './matrix.js';

export interface LyapunovSpectrum {
  /** exponents per step, largest first */
  exponents: Float64Array;
  /**
   * Convergence estimate of the largest exponent: half the difference between its estimates over
   * the first and the second half of the run. Small when the average has settled.
   */
  convergence: number;
}

/**
 * Lyapunov spectrum by Benettin's method: carry an orthonormal frame through the tangent map
 * and re-orthonormalise it every step with modified Gram–Schmidt (a QR factorisation); the
 * exponents are the mean logs of R's diagonal. `state` is advanced in place by `steps` steps.
 */
export function lyapunovSpectrum(map: DiscreteMap, state: Float64Array, steps: number): LyapunovSpectrum {
  const k = map.dimension;
  const jac = new Float64Array(k * k);
  const frame = new Float64Array(k * k); // column j is frame[i*k + j]
  const next = new Float64Array(k * k);
  setIdentity(frame, k);
  const sums = new Float64Array(k);
  let firstHalfLargest = 0;
  const half = Math.floor(steps / 2);

  for (let t = 0; t < steps; t++) {
    map.jacobian(state, jac);
    map.step(state, state);
    multiplyInto(jac, frame, next, k);
    orthonormalizeColumns(next, k, sums);
    frame.set(next);
    if (t + 1 === half) firstHalfLargest = sums[0];
  }

  const exponents = sums.map((s) => s / steps);
  const secondHalf = steps - half;
  const convergence =
    half > 0 && secondHalf > 0 ? 0.5 * Math.abs(firstHalfLargest / half - (sums[0] - firstHalfLargest) / secondHalf) : NaN;
  return { exponents, convergence };
}

/** A pending product of norms is folded into its log sum once it leaves this range. */
const PENDING_MAX = 1e100;
const PENDING_MIN = 1e-100;

/**
 * Modified Gram–Schmidt on the columns of the k×k matrix m (row-major), in place: the QR step of
 * Benettin's method. Adds log ‖column j‖ (R's diagonal) to sums[sumOffset + j]. With `pending`
 * given, multiplies ‖column j‖ into pending[sumOffset + j] instead and takes the logarithm only
 * when that product leaves [1e-100, 1e100]: for small k a logarithm costs more than the rest of
 * the step. flushPendingLogs folds what is left.
 */
export function orthonormalizeColumns(m: Float64Array, k: number, sums: Float64Array, sumOffset = 0, pending?: Float64Array): void {
  for (let j = 0; j < k; j++) {
    for (let prev = 0; prev < j; prev++) {
      let dot = 0;
      for (let i = 0; i < k; i++) dot += m[i * k + prev] * m[i * k + j];
      for (let i = 0; i < k; i++) m[i * k + j] -= dot * m[i * k + prev];
    }
    let norm = 0;
    for (let i = 0; i < k; i++) norm += m[i * k + j] * m[i * k + j];
    norm = Math.sqrt(norm);
    if (pending) {
      const product = pending[sumOffset + j] * norm;
      pending[sumOffset + j] = product;
      if (!(product > PENDING_MIN && product < PENDING_MAX)) flushPendingLogs(sums, pending, sumOffset + j, 1);
    } else {
      sums[sumOffset + j] += Math.log(norm);
    }
    const inv = norm > 0 ? 1 / norm : 0;
    for (let i = 0; i < k; i++) m[i * k + j] *= inv;
  }
}

/** Folds pending[from, from + count) into the log sums and resets them to 1. */
export function flushPendingLogs(sums: Float64Array, pending: Float64Array, from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    sums[i] += Math.log(pending[i]);
    pending[i] = 1;
  }
}
