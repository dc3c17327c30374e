import { createOptimizer, OPTIMIZER_SWEEP_PARAMETERS, withOptimizerParameter } from './create-optimizer.js';
import type { OptimizerSpec, StabilityThreshold } from './optimizer.js';

/** Where a spec's optimizer has its edge of stability (η λ_max(H) = 2(1 + β) for momentum, …). */
export function stabilityThresholdOf(spec: OptimizerSpec): StabilityThreshold {
  return createOptimizer(spec).threshold;
}

/**
 * The threshold's value as a function of a swept parameter that is one of the optimizer's own
 * rates (2(1 + β) over β), NaN outside [0, 1) where the rate is undefined (a figure's axis reaches
 * half a cell past its grid); null when the parameter leaves the threshold fixed (η, batchSize, …).
 */
export function thresholdAlong(spec: OptimizerSpec, parameter: string): ((value: number) => number) | null {
  if (!OPTIMIZER_SWEEP_PARAMETERS[spec.kind].includes(parameter)) return null;
  return (value) => (value >= 0 && value < 1 ? stabilityThresholdOf(withOptimizerParameter(spec, parameter, value)).value : NaN);
}

/** What a run's JSON summary and Parquet metadata record of its optimizer: the spec and its threshold. */
export function optimizerMetadata(spec: OptimizerSpec): OptimizerSpec & { threshold: StabilityThreshold } {
  return { ...spec, threshold: stabilityThresholdOf(spec) };
}
