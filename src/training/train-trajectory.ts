import type { Optimizer } from '../optimizers/optimizer.js';
import type { LearningRate } from '../schedules/schedule.js';
import type { BatchOrderSpec } from './batch-order.js';
import { OptimizerRun } from './optimizer-run.js';
import type { TrainingProblem } from './problem.js';
import { PreconditionedSharpnessTracker, SharpnessTracker, type SharpnessOptions } from './sharpness-tracker.js';

/** Every per-step quantity a training trajectory can show; each kind's table picks its columns. */
export const TRAINING_QUANTITIES = [
  'step',
  'eta',
  'loss',
  'f',
  'sharpness',
  'eta_sharpness',
  'preconditioned_sharpness',
  'eta_preconditioned_sharpness',
  'ntk',
  'grad_norm',
  'accuracy',
] as const;
export type TrainingQuantity = (typeof TRAINING_QUANTITIES)[number];

export interface TrainingTrajectoryOptions {
  /** the learning rate: a number, or a schedule's η_t (then the table's eta column shows it) */
  eta: number | LearningRate;
  steps: number;
  /** sharpness (both kinds) and ntk every this many steps (others NaN); the last row always has them */
  sharpnessEvery: number;
  /** a loss above this, or not finite, has diverged */
  divergenceBound: number;
  sharpness: SharpnessOptions;
  /** keep θ every this many steps (and the last) for a weights file; 0 keeps only the last */
  saveEvery?: number;
  /** minibatches; absent: the full batch */
  batch?: BatchOrderSpec;
  /** compute the ntk column (it costs a Gram matrix per row) */
  ntk: boolean;
}

export interface TrainingTrajectory {
  /** one Float64Array per quantity, `length` rows used; NaN where not computed */
  columns: Record<TrainingQuantity, Float64Array>;
  length: number;
  /** first step whose loss was beyond the bound or not finite; null if none */
  divergedAtStep: number | null;
  /** whether `accuracy` is defined (classification data) */
  classification: boolean;
  /** whether the preconditioned columns are defined (adaptive optimizers) */
  preconditioned: boolean;
  /** θ snapshots, when saveEvery was given */
  snapshots: { step: number; theta: Float64Array }[];
}

/**
 * Trains with `optimizer` for `steps` steps. Row t describes θ_t, before step t + 1: row 0 is the
 * initialisation. Loss, output, gradient norm and sharpness are the full-batch ones even when the
 * steps use minibatches; the preconditioned sharpness is λ_max(P⁻¹H) for the preconditioner P the
 * step from θ_t applies. A run whose loss leaves the bound keeps the rows before it.
 */
export function runTrainingTrajectory(
  problem: TrainingProblem,
  optimizer: Optimizer,
  options: TrainingTrajectoryOptions,
): TrainingTrajectory {
  const run = new OptimizerRun(problem, optimizer, options.eta, options.batch);
  const { theta } = run;
  const full = problem.full;
  const p = problem.parameterCount;
  const rows = options.steps + 1;
  const columns = Object.fromEntries(
    TRAINING_QUANTITIES.map((name) => [name, new Float64Array(rows).fill(NaN)]),
  ) as TrainingTrajectory['columns'];
  const classification = problem.accuracy !== undefined;
  const preconditioned = optimizer.preconditioner !== undefined;
  const tracker = problem.sharpness ? null : new SharpnessTracker(full, p, options.sharpness);
  const preconditionedTracker = preconditioned ? new PreconditionedSharpnessTracker(full, p, options.sharpness) : null;
  const diagonal = new Float64Array(preconditioned ? p : 0);
  const snapshots: TrainingTrajectory['snapshots'] = [];
  const { saveEvery } = options;
  let divergedAtStep: number | null = null;
  let length = 0;
  for (let t = 0; t < rows; t++) {
    const gradient = full.gradient(theta);
    const loss = full.loss;
    if (!(Math.abs(loss) <= options.divergenceBound)) {
      divergedAtStep = t;
      break;
    }
    let g2 = 0;
    for (let k = 0; k < gradient.length; k++) g2 += gradient[k] * gradient[k];
    const eta = run.eta; // η_t: the step from θ_t takes it, and η_t × sharpness is its stability
    columns.step[t] = t;
    columns.eta[t] = eta;
    columns.loss[t] = loss;
    columns.f[t] = full.output;
    columns.grad_norm[t] = Math.sqrt(g2);
    if (t % options.sharpnessEvery === 0 || t === rows - 1) {
      const sharp = tracker ? tracker.at(theta) : problem.sharpness!(theta);
      columns.sharpness[t] = sharp;
      columns.eta_sharpness[t] = eta * sharp;
      if (preconditionedTracker) {
        run.preconditioner(diagonal);
        const value = preconditionedTracker.at(theta, diagonal);
        columns.preconditioned_sharpness[t] = value;
        columns.eta_preconditioned_sharpness[t] = eta * value;
      }
      if (options.ntk && problem.ntk) columns.ntk[t] = problem.ntk(theta);
    }
    if (classification) columns.accuracy[t] = problem.accuracy!(theta);
    if (saveEvery !== undefined && ((saveEvery > 0 && t % saveEvery === 0) || t === rows - 1))
      snapshots.push({ step: t, theta: Float64Array.from(theta) });
    length = t + 1;
    if (t === rows - 1) break;
    run.advance(); // the step's gradient: still cached at this θ for the full batch
  }
  return { columns, length, divergedAtStep, classification, preconditioned, snapshots };
}
