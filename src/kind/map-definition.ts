import type { BatchMap } from './batch-map.js';
import type { DiscreteMap } from './discrete-map.js';

/** Everything the generic engine needs to run a discrete map from its spec. */
export interface MapDefinition {
  stateNames: readonly string[];
  parameterNames: readonly string[];
  /** the spec's parameter values, in parameterNames order */
  parameters: Float64Array;
  /** the spec's initial state, in stateNames order */
  initial: Float64Array;
  createDiscrete(parameters: Float64Array): DiscreteMap;
  createBatch(lanes: number): BatchMap;
}
