import type { Optimizer } from '../optimizers/optimizer.js';
import { rateOf, type LearningRate } from '../schedules/schedule.js';
import { BatchOrder, type BatchOrderSpec } from './batch-order.js';
import type { BatchEvaluator, LossEvaluator, TrainingProblem } from './problem.js';

/**
 * θ and the optimizer's state along one training run, with the minibatch each step draws. Step t
 * (0-based) moves θ_t to θ_{t+1} with the gradient of its own loss: the full loss, or the mean
 * over its batch. A batch of every example is the full batch whatever its order (the same mean), so
 * `size` = n runs exactly the full-batch code path, bit for bit.
 */
export class OptimizerRun {
  readonly theta: Float64Array;
  readonly state: Float64Array;
  /** steps taken: θ is θ_t */
  t = 0;
  private readonly batchEvaluator: BatchEvaluator | null;
  private readonly order: BatchOrder | null;
  private selectedFor = -1;
  /** η_t of every step: a number is the constant rate */
  readonly rate: LearningRate;

  constructor(
    readonly problem: TrainingProblem,
    readonly optimizer: Optimizer,
    rate: LearningRate | number,
    batch?: BatchOrderSpec,
  ) {
    this.rate = typeof rate === 'number' ? rateOf(rate, undefined, 0) : rate;
    this.theta = problem.initialTheta();
    this.state = new Float64Array(optimizer.stateLength(problem.parameterCount));
    const minibatch = batch !== undefined && batch.size < problem.examples;
    if (minibatch && !problem.batch) throw new RangeError('this model trains on one example: it has no minibatches');
    this.batchEvaluator = minibatch ? problem.batch!(batch.size) : null;
    this.order = minibatch ? new BatchOrder(problem.examples, batch) : null;
  }

  /** The loss that step t differentiates, with its batch selected (once per step). */
  stepLoss(): LossEvaluator {
    if (!this.batchEvaluator || !this.order) return this.problem.full;
    if (this.selectedFor !== this.t) {
      this.batchEvaluator.select(this.order.indices(this.t));
      this.selectedFor = this.t;
    }
    return this.batchEvaluator;
  }

  /** The gradient step t takes, at θ_t (the evaluator's buffer). */
  stepGradient(): Float64Array {
    return this.stepLoss().gradient(this.theta);
  }

  /** The preconditioner step t applies (adaptive optimizers), into out. */
  preconditioner(out: Float64Array): void {
    this.optimizer.preconditioner!(this.state, this.stepGradient(), this.t + 1, out);
  }

  /** η_t, the learning rate of the step from θ_t */
  get eta(): number {
    return this.rate.at(this.t);
  }

  /** θ_t → θ_{t+1}. */
  advance(gradient: Float64Array = this.stepGradient()): void {
    this.optimizer.step(this.theta, this.state, gradient, this.rate.at(this.t), this.t + 1);
    this.t++;
  }
}
