import { createOptimizer, OPTIMIZER_SWEEP_PARAMETERS, withOptimizerParameter } from './create-optimizer.js';
import type { OptimizerSpec, StabilityThreshold } from './optimizer.js';

/** Where a spec's optimizer has its edge of stability (η λ_max(H) = 2(1 + β) for momentum, …). */
export function stabilityThresholdOf(spec: OptimizerSpec): StabilityThreshold {
  return createOptimizer(spec).threshold;
}

/**
 * The threshold's value as a function of a swept parameter that is one of the optimizer's own
 * rates (2(1 + β) over β); null when the parameter leaves the threshold fixed (η, batchSize, …).
 */
export function thresholdAlong(spec: OptimizerSpec, parameter: string): ((value: number) => number) | null {
  if (!OPTIMIZER_SWEEP_PARAMETERS[spec.kind].includes(parameter)) return null;
  return (value) => stabilityThresholdOf(withOptimizerParameter(spec, parameter, value)).value;
}

/** What a run's JSON summary and Parquet metadata record of its optimizer: the spec and its threshold. */
export function optimizerMetadata(spec: OptimizerSpec): OptimizerSpec & { threshold: StabilityThreshold } {
  return { ...spec, threshold: stabilityThresholdOf(spec) };
}
