import { accuracy } from './accuracy.js';
import { lossGradient } from './gradient.js';
import { hessianVectorProduct } from './hessian-vector.js';
import { createLanczosWorkspace, lanczosTopEigen, type LanczosWorkspace } from '../../analysis/lanczos.js';
import { ntkTopEigenvalue } from './ntk.js';
import type { MlpSetup } from './training-setup.js';
import type { WeightsSnapshot } from './weights-file.js';

/** Columns of an mlp trajectory table, in order; NaN cells are written empty. */
export const MLP_TRAJECTORY_COLUMNS = ['step', 'loss', 'f', 'sharpness', 'eta_sharpness', 'ntk', 'grad_norm', 'accuracy'] as const;

export interface MlpTrajectoryOptions {
  eta: number;
  steps: number;
  /** sharpness and ntk every this many steps (others NaN); the last row always has them */
  sharpnessEvery: number;
  /** a loss above this, or not finite, has diverged */
  divergenceBound: number;
  sharpness: { tolerance: number; maxIterations: number };
  /** keep θ every this many steps (and the last) for a weights file; 0 keeps only the last */
  saveEvery?: number;
}

/** The run options a trajectory spec of an mlp asks for (sharpness every step unless sharpnessEvery). */
export function mlpTrajectoryOptions(
  spec: {
    eta: number;
    steps: number;
    sharpnessEvery?: number;
    divergenceBound: number;
    model: { sharpness: MlpTrajectoryOptions['sharpness'] };
  },
  saveEvery?: number,
): MlpTrajectoryOptions {
  return {
    eta: spec.eta,
    steps: spec.steps,
    sharpnessEvery: spec.sharpnessEvery ?? 1,
    divergenceBound: spec.divergenceBound,
    sharpness: spec.model.sharpness,
    saveEvery,
  };
}

export interface MlpTrajectory {
  /** one Float64Array per column of MLP_TRAJECTORY_COLUMNS, `length` rows used */
  columns: Record<(typeof MLP_TRAJECTORY_COLUMNS)[number], Float64Array>;
  length: number;
  /** first step whose loss was beyond the bound or not finite; null if none */
  divergedAtStep: number | null;
  /** whether `accuracy` is defined (classification data) */
  classification: boolean;
  /** θ snapshots, when saveEvery was given */
  snapshots: WeightsSnapshot[];
}

/**
 * Sharpness along a training run: Lanczos on exact HVPs at each θ, started from the previous
 * top eigenvector, which moves slowly along training (a few iterations instead of tens).
 */
export class SharpnessTracker {
  private readonly lanczos: LanczosWorkspace;
  private readonly previous: Float64Array;
  private warm = false;

  constructor(
    private readonly setup: MlpSetup,
    private readonly options: { tolerance: number; maxIterations: number },
  ) {
    const p = setup.net.parameterCount;
    this.lanczos = createLanczosWorkspace(p, Math.min(options.maxIterations, p));
    this.previous = new Float64Array(p);
  }

  at(theta: Float64Array): number {
    const { ws } = this.setup;
    const result = lanczosTopEigen((v, out) => hessianVectorProduct(ws, theta, v, out), theta.length, {
      tolerance: this.options.tolerance,
      maxIterations: this.options.maxIterations,
      workspace: this.lanczos,
      start: this.warm ? this.previous : undefined,
    });
    if (Number.isFinite(result.value)) {
      this.previous.set(result.vector);
      this.warm = true;
    }
    return result.value;
  }
}

/**
 * Full-batch GD θ ← θ − η∇L(θ) for `steps` steps. Row t describes θ_t, before step t + 1: row 0 is
 * the initialisation. A run whose loss leaves the bound keeps the rows before it.
 */
export function runMlpTrajectory(setup: MlpSetup, options: MlpTrajectoryOptions): MlpTrajectory {
  const { ws } = setup;
  const theta = Float64Array.from(setup.theta);
  const rows = options.steps + 1;
  const columns = Object.fromEntries(
    MLP_TRAJECTORY_COLUMNS.map((name) => [name, new Float64Array(rows).fill(NaN)]),
  ) as MlpTrajectory['columns'];
  const classification = setup.data.labels !== undefined;
  const tracker = new SharpnessTracker(setup, options.sharpness);
  const snapshots: WeightsSnapshot[] = [];
  const saveEvery = options.saveEvery;
  let divergedAtStep: number | null = null;
  let length = 0;
  for (let t = 0; t < rows; t++) {
    const gradient = lossGradient(ws, theta);
    const loss = ws.loss;
    if (!(Math.abs(loss) <= options.divergenceBound)) {
      divergedAtStep = t;
      break;
    }
    let g2 = 0;
    for (let k = 0; k < gradient.length; k++) g2 += gradient[k] * gradient[k];
    columns.step[t] = t;
    columns.loss[t] = loss;
    columns.f[t] = ws.outputs[0];
    columns.grad_norm[t] = Math.sqrt(g2);
    if (t % options.sharpnessEvery === 0 || t === rows - 1) {
      const sharp = tracker.at(theta);
      columns.sharpness[t] = sharp;
      columns.eta_sharpness[t] = options.eta * sharp;
      columns.ntk[t] = ntkTopEigenvalue(ws, theta).value;
    }
    if (classification) columns.accuracy[t] = accuracy(ws, theta);
    if (saveEvery !== undefined && ((saveEvery > 0 && t % saveEvery === 0) || t === rows - 1))
      snapshots.push({ step: t, theta: Float64Array.from(theta) });
    length = t + 1;
    if (t === rows - 1) break;
    const g = lossGradient(ws, theta); // still cached at this θ: the NTK and accuracy only read the forward pass
    for (let k = 0; k < theta.length; k++) theta[k] -= options.eta * g[k];
  }
  return { columns, length, divergedAtStep, classification, snapshots };
}
