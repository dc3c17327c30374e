import { createOptimizer } from '../../optimizers/create-optimizer.js';
import type { OptimizerSpec } from '../../optimizers/optimizer.js';
import { rateOf, type LearningRate, type ScheduleShape } from '../../schedules/schedule.js';
import type { BatchOrderSpec } from '../../training/batch-order.js';
import { SharpnessTracker as LossSharpnessTracker } from '../../training/sharpness-tracker.js';
import { runTrainingTrajectory, type TrainingQuantity, type TrainingTrajectory } from '../../training/train-trajectory.js';
import { mlpTrainingProblem } from './training-problem.js';
import type { MlpSetup } from './training-setup.js';

/** Columns of an mlp trajectory table under plain GD, in order; NaN cells are written empty. */
export const MLP_TRAJECTORY_COLUMNS = ['step', 'loss', 'f', 'sharpness', 'eta_sharpness', 'ntk', 'grad_norm', 'accuracy'] as const;

/** The columns of a run: adaptive optimizers add λ_max(P⁻¹H) after the sharpness, classification data the accuracy. */
export function mlpTrajectoryColumns(t: { classification: boolean; preconditioned: boolean }, scheduled = false): TrainingQuantity[] {
  return MLP_TRAJECTORY_COLUMNS.flatMap((name): TrainingQuantity[] => {
    if (name === 'step' && scheduled) return [name, 'eta'];
    if (name === 'accuracy' && !t.classification) return [];
    if (name === 'eta_sharpness' && t.preconditioned) return [name, 'preconditioned_sharpness', 'eta_preconditioned_sharpness'];
    return [name];
  });
}

export interface MlpTrajectoryOptions {
  /** the learning rate, or a schedule's η_t */
  eta: number | LearningRate;
  steps: number;
  /** sharpness and ntk every this many steps (others NaN); the last row always has them */
  sharpnessEvery: number;
  /** a loss above this, or not finite, has diverged */
  divergenceBound: number;
  sharpness: { tolerance: number; maxIterations: number };
  /** keep θ every this many steps (and the last) for a weights file; 0 keeps only the last */
  saveEvery?: number;
  /** default plain GD */
  optimizer?: OptimizerSpec;
  /** default the full batch */
  batch?: BatchOrderSpec;
}

/** The run options a trajectory spec of an mlp asks for (sharpness every step unless sharpnessEvery). */
export function mlpTrajectoryOptions(
  spec: {
    eta: number;
    schedule?: ScheduleShape;
    steps: number;
    sharpnessEvery?: number;
    divergenceBound: number;
    model: { sharpness: MlpTrajectoryOptions['sharpness'] };
    optimizer?: OptimizerSpec;
    batch?: BatchOrderSpec;
  },
  saveEvery?: number,
): MlpTrajectoryOptions {
  return {
    eta: spec.schedule ? rateOf(spec.eta, spec.schedule, spec.steps - 1) : spec.eta,
    steps: spec.steps,
    sharpnessEvery: spec.sharpnessEvery ?? 1,
    divergenceBound: spec.divergenceBound,
    sharpness: spec.model.sharpness,
    saveEvery,
    optimizer: spec.optimizer,
    batch: spec.batch,
  };
}

export type MlpTrajectory = TrainingTrajectory;

/**
 * Trains an mlp with the options' optimizer (plain full-batch GD θ ← θ − η∇L(θ) by default) for
 * `steps` steps, with sharpness (Lanczos on exact HVPs), the NTK eigenvalue, the gradient norm
 * and the accuracy per row. Row t describes θ_t, before step t + 1: row 0 is the initialisation.
 */
export function runMlpTrajectory(setup: MlpSetup, options: MlpTrajectoryOptions): MlpTrajectory {
  const optimizer = createOptimizer(options.optimizer ?? { kind: 'gd' });
  return runTrainingTrajectory(mlpTrainingProblem(setup), optimizer, { ...options, ntk: true });
}

/** λ_max(H(θ)) of an mlp's full-batch loss along a run (warm-started Lanczos). */
export class SharpnessTracker {
  private readonly tracker: LossSharpnessTracker;

  constructor(setup: MlpSetup, options: { tolerance: number; maxIterations: number }) {
    this.tracker = new LossSharpnessTracker(mlpTrainingProblem(setup).full, setup.net.parameterCount, options);
  }

  at(theta: Float64Array): number {
    return this.tracker.at(theta);
  }
}
