import type { BatchMap } from '../../kind/batch-map.js';
import type { DiscreteMap } from '../../kind/discrete-map.js';

/**
 * The logistic map x' = r x (1 − x). The Jacobian is written as mathjs's symbolic derivative
 * prints it, r (1 − 2x), so an expression map of the same formula gives bit-identical tables.
 */
export function createLogisticMap(parameters: { r: number }): DiscreteMap {
  const { r } = parameters;
  return {
    dimension: 1,
    stateNames: ['x'],
    step(state, out) {
      const x = state[0];
      out[0] = r * x * (1 - x);
    },
    jacobian(state, out) {
      out[0] = r * (1 - 2 * state[0]);
    },
  };
}

/** The logistic map over a batch of orbits; lane arithmetic identical to createLogisticMap. */
export function createLogisticBatch(lanes: number): BatchMap {
  const state = new Float64Array(lanes);
  const r = new Float64Array(lanes);
  return {
    dimension: 1,
    lanes,
    state,
    setParameters(lane, values) {
      r[lane] = values[0];
    },
    step(n) {
      for (let j = 0; j < n; j++) {
        const x = state[j];
        state[j] = r[j] * x * (1 - x);
      }
    },
    jacobian(out, n) {
      for (let j = 0; j < n; j++) out[j] = r[j] * (1 - 2 * state[j]);
    },
  };
}
