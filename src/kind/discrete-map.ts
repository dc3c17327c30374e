/**
 * A discrete dynamical system z' = F(z) with its parameters already bound.
 * Analyses (orbits, periods, Lyapunov spectra) only ever call step and jacobian.
 */
export interface DiscreteMap {
  /** Dimension of the state. */
  readonly dimension: number;
  /** Names of the state variables, in state order. */
  readonly stateNames: readonly string[];
  /** Writes F(state) into out (out may alias state). */
  step(state: Float64Array, out: Float64Array): void;
  /** Writes the Jacobian DF(state), row-major dimension × dimension, into out. */
  jacobian(state: Float64Array, out: Float64Array): void;
}
