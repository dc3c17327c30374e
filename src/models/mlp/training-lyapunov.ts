import { SeededRandom } from '../../random/rng.js';
import { orthonormalizeRows } from '../../training/tangent-frame.js';
import { forward } from './forward.js';
import { gdStep } from './gd-step.js';
import { hessianVectorProduct } from './hessian-vector.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * Lyapunov exponents of training. GD is the map θ ↦ θ − η∇L(θ); its tangent map is I − ηH(θ), so
 * one Hessian-vector product carries a tangent vector one step.
 *
 * The frame is k vectors of length P stored as the rows of a k×P array (row j at j·P), which keeps
 * each vector contiguous for the HVP; analysis/lyapunov-spectrum.ts works on square column frames
 * of small maps and does not fit a P-dimensional state.
 */

/** Scratch for the tangent steps: two vectors of length P. */
export interface TangentScratch {
  vector: Float64Array;
  product: Float64Array;
}

export function createTangentScratch(ws: MlpWorkspace): TangentScratch {
  return { vector: new Float64Array(ws.net.parameterCount), product: new Float64Array(ws.net.parameterCount) };
}

/**
 * Benettin step for one tangent vector: v ← (I − ηH(θ)) v, then v ← v/‖v‖. Returns log ‖(I − ηH)v‖,
 * the step's growth for a unit v; the top exponent is the mean of these over a run.
 */
export function tangentStep(ws: MlpWorkspace, theta: Float64Array, eta: number, v: Float64Array, scratch: TangentScratch): number {
  const hv = hessianVectorProduct(ws, theta, v, scratch.product);
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] - eta * hv[i];
    v[i] = x;
    s += x * x;
  }
  const norm = Math.sqrt(s);
  const inv = norm > 0 ? 1 / norm : 0;
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return Math.log(norm);
}

/**
 * k tangent vectors one step: each row v_j ← (I − ηH(θ)) v_j, then modified Gram–Schmidt in row
 * order (the QR step of Benettin's method). Adds log R_jj = log ‖v_j after projection‖ to
 * logSums[j]. Σ_j log R_jj = log |det| of the tangent map restricted to the frame's span; for
 * k = P it is log |det(I − ηH(θ))|.
 */
export function tangentStepQR(
  ws: MlpWorkspace,
  theta: Float64Array,
  eta: number,
  frame: Float64Array,
  k: number,
  logSums: Float64Array,
  scratch: TangentScratch,
): void {
  const p = ws.net.parameterCount;
  const { vector, product } = scratch;
  for (let j = 0; j < k; j++) {
    const off = j * p;
    for (let i = 0; i < p; i++) vector[i] = frame[off + i];
    hessianVectorProduct(ws, theta, vector, product);
    for (let i = 0; i < p; i++) frame[off + i] = vector[i] - eta * product[i];
  }
  orthonormalizeRows(frame, k, p, logSums);
}

export interface TrainingLyapunovOptions {
  /** GD steps over which the exponents are averaged */
  steps: number;
  /** number of exponents k (1 ≤ k ≤ P); default 1 */
  exponents?: number;
  /** GD steps taken first, with the frame carried but its growth not counted; default 0 */
  warmup?: number;
  /** the starting frame, k×P rows (orthonormalised before use); default seeded Gaussian rows */
  frame?: Float64Array;
  /** seed of the default frame; default 1 */
  seed?: number;
}

export interface TrainingLyapunovResult {
  /** exponents per GD step (natural log), in frame order: largest first once the frame has aligned */
  exponents: Float64Array;
  /** the final orthonormal frame, k×P, a warm start for a continuation */
  frame: Float64Array;
  /** loss at the last θ evaluated (the final θ's predecessor, or the non-finite one) */
  loss: number;
  /** the step at which the loss stopped being finite (exponents then cover the steps before), or −1 */
  divergedAt: number;
}

/**
 * Trains θ in place by GD at rate η for warmup + steps steps and returns the top k Lyapunov
 * exponents of the GD map along the way. Each step carries the frame through I − ηH(θ_t) at the θ_t
 * the step starts from (k HVPs that share one forward and backward pass), then takes the GD step
 * with the gradient already computed. Cost per step: one gradient plus k HVPs (about 1 + 2k
 * gradients).
 */
export function trainingLyapunov(
  ws: MlpWorkspace,
  theta: Float64Array,
  eta: number,
  options: TrainingLyapunovOptions,
): TrainingLyapunovResult {
  const p = ws.net.parameterCount;
  const k = options.exponents ?? 1;
  const warmup = options.warmup ?? 0;
  const { steps } = options;
  if (!Number.isInteger(k) || k < 1 || k > p) throw new RangeError(`exponents must be an integer in 1 … ${p}, got ${k}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const frame = new Float64Array(k * p);
  if (options.frame) {
    if (options.frame.length !== k * p) throw new RangeError(`frame has ${options.frame.length} entries, expected ${k} × ${p}`);
    frame.set(options.frame);
  } else {
    const rng = new SeededRandom(options.seed ?? 1);
    for (let i = 0; i < frame.length; i++) frame[i] = rng.gaussian();
  }
  orthonormalizeRows(frame, k, p);
  const scratch = createTangentScratch(ws);
  const sums = new Float64Array(k);
  const discard = new Float64Array(k);
  let loss = NaN;
  let divergedAt = -1;
  let counted = 0;
  for (let t = 0; t < warmup + steps; t++) {
    loss = forward(ws, theta);
    if (!Number.isFinite(loss)) {
      divergedAt = t;
      break;
    }
    tangentStepQR(ws, theta, eta, frame, k, t < warmup ? discard : sums, scratch);
    gdStep(ws, theta, eta); // reuses the gradient the HVPs computed at this θ
    if (t >= warmup) counted++;
  }
  const exponents = sums.map((s) => (counted > 0 ? s / counted : NaN));
  return { exponents, frame, loss, divergedAt };
}

export { orthonormalizeRows };
