import { createOptimizer, withOptimizerParameter, OPTIMIZER_SWEEP_PARAMETERS } from '../optimizers/create-optimizer.js';
import type { Optimizer, OptimizerSpec } from '../optimizers/optimizer.js';
import type { BatchOrderSpec } from './batch-order.js';

/** The training fields of a spec, as the workers read them. */
export interface TrainingSpecFields {
  eta?: number;
  optimizer?: OptimizerSpec;
  batch?: BatchOrderSpec;
}

/**
 * A grid point's training rule: η, the optimizer and the batch with the point's values set (a sweep
 * may vary eta, the optimizer's rates and batchSize), and the rest of the values, which the model
 * kind applies to its model.
 */
export function trainingPointSettings(
  spec: TrainingSpecFields,
  values: Readonly<Record<string, number>>,
): { eta: number; optimizer: Optimizer; batch?: BatchOrderSpec; model: Record<string, number> } {
  let optimizerSpec: OptimizerSpec = spec.optimizer ?? { kind: 'gd' };
  let batch = spec.batch;
  let eta = spec.eta ?? NaN;
  const model: Record<string, number> = {};
  const rates = OPTIMIZER_SWEEP_PARAMETERS[optimizerSpec.kind];
  for (const [name, value] of Object.entries(values)) {
    if (name === 'eta') eta = value;
    else if (name === 'batchSize' && batch) batch = { ...batch, size: Math.round(value) };
    else if (rates.includes(name)) optimizerSpec = withOptimizerParameter(optimizerSpec, name, value);
    else model[name] = value;
  }
  return { eta, optimizer: createOptimizer(optimizerSpec), batch, model };
}
