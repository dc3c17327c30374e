import { adam } from './adam.js';
import { gradientDescent } from './gd.js';
import { momentum } from './momentum.js';
import { nesterov } from './nesterov.js';
import type { Optimizer, OptimizerKindName, OptimizerSpec } from './optimizer.js';
import { rmsprop } from './rmsprop.js';

// No zod here: workers build optimizers from specs already validated by spec-schema.ts.

/** The optimizer a (validated) spec names. */
export function createOptimizer(spec: OptimizerSpec): Optimizer {
  switch (spec.kind) {
    case 'gd':
      return gradientDescent();
    case 'momentum':
      return momentum(spec.beta);
    case 'nesterov':
      return nesterov(spec.beta);
    case 'rmsprop':
      return rmsprop(spec.rho, spec.epsilon);
    case 'adam':
      return adam(spec.beta1, spec.beta2, spec.epsilon);
  }
}

/**
 * The optimizer fields a sweep or phase diagram may vary, per kind, by the name a sweep spec gives
 * (`sweep.parameter: "beta"`). Each of them is a decay rate in [0, 1).
 */
export const OPTIMIZER_SWEEP_PARAMETERS: { readonly [K in OptimizerKindName]: readonly string[] } = {
  gd: [],
  momentum: ['beta'],
  nesterov: ['beta'],
  rmsprop: ['rho'],
  adam: ['beta1'],
};

/** `spec` with one sweepable field set to `value`; throws if the kind has no such sweepable field or value ∉ [0, 1). */
export function withOptimizerParameter(spec: OptimizerSpec, name: string, value: number): OptimizerSpec {
  if (!OPTIMIZER_SWEEP_PARAMETERS[spec.kind].includes(name)) {
    throw new Error(`the ${spec.kind} optimizer has no sweepable parameter ${JSON.stringify(name)}`);
  }
  if (!(value >= 0 && value < 1)) throw new RangeError(`${name} must be in [0, 1), got ${value}`);
  return { ...spec, [name]: value };
}
