import type { BatchMap } from '../../kind/batch-map.js';
import type { DiscreteMap } from '../../kind/discrete-map.js';

/**
 * The Hénon map x' = 1 − a x² + y, y' = b x. Written term for term as the expression
 * "1 - a*x^2 + y" compiles (x² as x·x), with the Jacobian as mathjs's derivative prints it.
 */
export function createHenonMap(parameters: { a: number; b: number }): DiscreteMap {
  const { a, b } = parameters;
  return {
    dimension: 2,
    stateNames: ['x', 'y'],
    step(state, out) {
      const x = state[0];
      const y = state[1];
      out[0] = 1 - a * (x * x) + y;
      out[1] = b * x;
    },
    jacobian(state, out) {
      out[0] = -(2 * a * state[0]);
      out[1] = 1;
      out[2] = b;
      out[3] = 0;
    },
  };
}

/** The Hénon map over a batch of orbits; lane arithmetic identical to createHenonMap. */
export function createHenonBatch(lanes: number): BatchMap {
  const state = new Float64Array(2 * lanes);
  const a = new Float64Array(lanes);
  const b = new Float64Array(lanes);
  return {
    dimension: 2,
    lanes,
    state,
    setParameters(lane, values) {
      a[lane] = values[0];
      b[lane] = values[1];
    },
    step(n) {
      for (let j = 0; j < n; j++) {
        const x = state[j];
        const y = state[lanes + j];
        state[j] = 1 - a[j] * (x * x) + y;
        state[lanes + j] = b[j] * x;
      }
    },
    jacobian(out, n) {
      for (let j = 0; j < n; j++) {
        out[j] = -(2 * a[j] * state[j]);
        out[lanes + j] = 1;
        out[2 * lanes + j] = b[j];
        out[3 * lanes + j] = 0;
      }
    },
  };
}
