import { SeededRandom } from '../random/rng.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { LossEvaluator } from './problem.js';

/**
 * Lyapunov exponents of training with an optimizer state. The dynamical system is (θ, state), so a
 * tangent vector is (dθ, dstate), P + S doubles; the optimizer's tangent() carries it one step
 * with one Hessian-vector product H dθ. For GD (S = 0) this is v ← (I − ηH)v.
 *
 * The frame is k such vectors stored as the rows of a k × (P + S) array, which keeps each row
 * contiguous for the HVP; analysis/lyapunov-spectrum.ts works on square column frames of small maps
 * and does not fit a P-dimensional state.
 */
export class TangentFrame {
  /** k rows of P + S doubles */
  readonly rows: Float64Array;
  readonly width: number;
  private readonly product: Float64Array;
  /** each row's dθ and dstate parts, as views made once (a subarray per row and step was most of the garbage) */
  private readonly thetaParts: Float64Array[];
  private readonly stateParts: Float64Array[];

  constructor(
    readonly k: number,
    readonly p: number,
    readonly s: number,
    seed = 1,
  ) {
    this.width = p + s;
    this.rows = new Float64Array(k * this.width);
    this.product = new Float64Array(p);
    const rng = new SeededRandom(seed);
    for (let c = 0; c < this.rows.length; c++) this.rows[c] = rng.gaussian();
    orthonormalizeRows(this.rows, k, this.width);
    this.thetaParts = Array.from({ length: k }, (_, j) => this.rows.subarray(j * this.width, j * this.width + p));
    this.stateParts = Array.from({ length: k }, (_, j) => this.rows.subarray(j * this.width + p, (j + 1) * this.width));
  }

  /**
   * Every row one step through the tangent map of `optimizer` at (θ, state, g), before the step
   * itself moves them, then modified Gram–Schmidt (Benettin's QR step), adding log R_jj to
   * logSums[j]. Σ_j log R_jj is log |det| of the tangent map on the frame's span.
   */
  carry(
    evaluator: LossEvaluator,
    theta: Float64Array,
    optimizer: Optimizer,
    state: Float64Array,
    gradient: Float64Array,
    eta: number,
    t: number,
    logSums: Float64Array,
  ): void {
    for (let j = 0; j < this.k; j++) {
      const dTheta = this.thetaParts[j];
      evaluator.hessianVector(theta, dTheta, this.product);
      optimizer.tangent(state, gradient, dTheta, this.stateParts[j], this.product, eta, t);
    }
    orthonormalizeRows(this.rows, this.k, this.width, logSums);
  }
}

/**
 * Modified Gram–Schmidt on the k rows (length p) of m, in place; with logSums, adds the log of each
 * row's norm after projection (R's diagonal) to logSums[j].
 */
export function orthonormalizeRows(m: Float64Array, k: number, p: number, logSums?: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const off = j * p;
    for (let prev = 0; prev < j; prev++) {
      const prevOff = prev * p;
      let dot = 0;
      for (let i = 0; i < p; i++) dot += m[prevOff + i] * m[off + i];
      for (let i = 0; i < p; i++) m[off + i] -= dot * m[prevOff + i];
    }
    let s = 0;
    for (let i = 0; i < p; i++) s += m[off + i] * m[off + i];
    const norm = Math.sqrt(s);
    if (logSums) logSums[j] += Math.log(norm);
    const inv = norm > 0 ? 1 / norm : 0;
    for (let i = 0; i < p; i++) m[off + i] *= inv;
  }
}
