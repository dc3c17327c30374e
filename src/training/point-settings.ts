import { createOptimizer, withOptimizerParameter, OPTIMIZER_SWEEP_PARAMETERS } from '../optimizers/create-optimizer.js';
import type { Optimizer, OptimizerSpec } from '../optimizers/optimizer.js';
import { rateOf, type LearningRate, type ScheduleShape } from '../schedules/schedule.js';
import type { BatchOrderSpec } from './batch-order.js';

/** The training fields of a spec, as the workers read them. */
export interface TrainingSpecFields {
  /** the learning rate, or a schedule's peak */
  eta?: number;
  schedule?: ScheduleShape;
  optimizer?: OptimizerSpec;
  batch?: BatchOrderSpec;
  /** a point runs transient + record steps: a cosine schedule ends at the last */
  transient: number;
  record: number;
}

/**
 * A grid point's training rule: η (a schedule's peak) and its rate η_t, the optimizer and the batch
 * with the point's values set (a sweep may vary eta, warmupSteps, the optimizer's rates and
 * batchSize), and the rest of the values, which the model kind applies to its model.
 */
export function trainingPointSettings(
  spec: TrainingSpecFields,
  values: Readonly<Record<string, number>>,
): { eta: number; rate: LearningRate; optimizer: Optimizer; batch?: BatchOrderSpec; model: Record<string, number> } {
  let optimizerSpec: OptimizerSpec = spec.optimizer ?? { kind: 'gd' };
  let batch = spec.batch;
  let eta = spec.eta ?? NaN;
  let schedule = spec.schedule;
  const model: Record<string, number> = {};
  const rates = OPTIMIZER_SWEEP_PARAMETERS[optimizerSpec.kind];
  for (const [name, value] of Object.entries(values)) {
    if (name === 'eta') eta = value;
    else if (name === 'batchSize' && batch) batch = { ...batch, size: Math.round(value) };
    else if (name === 'warmupSteps' && schedule && 'warmupSteps' in schedule) schedule = { ...schedule, warmupSteps: Math.round(value) };
    else if (rates.includes(name)) optimizerSpec = withOptimizerParameter(optimizerSpec, name, value);
    else model[name] = value;
  }
  const rate = rateOf(eta, schedule, spec.transient + spec.record - 1);
  return { eta, rate, optimizer: createOptimizer(optimizerSpec), batch, model };
}
