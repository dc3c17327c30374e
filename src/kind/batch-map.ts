/**
 * A discrete map advancing a batch of independent orbits (neighbouring grid points) in lock
 * step. Each lane computes exactly what the single-orbit DiscreteMap computes; the batch only
 * amortises per-step overhead (interface calls, expression dispatch) over the lanes.
 *
 * Layout is component-major with stride `lanes`: state component c of lane j is
 * state[c * lanes + j]; Jacobian entry (r, c) of lane j is jac[(r * k + c) * lanes + j].
 */
export interface BatchMap {
  readonly dimension: number;
  readonly lanes: number;
  /** the batch's current states, advanced in place by step */
  readonly state: Float64Array;
  /** sets lane j's parameters (in the map's parameter order) */
  setParameters(lane: number, values: Float64Array): void;
  /** advances lanes [0, n) by one step */
  step(n: number): void;
  /** writes the Jacobians of lanes [0, n) at their current states */
  jacobian(out: Float64Array, n: number): void;
}
