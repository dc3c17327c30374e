/**
 * A training rule: how one step moves θ (and the rule's own state) from a gradient. The second
 * axis beside the model kind: every model kind that trains by gradient takes every optimizer, and
 * no command names one (docs/architecture.md).
 *
 * The update rules are PyTorch's, operation for operation (torch.optim.SGD with momentum and
 * dampening 0, with and without nesterov; RMSprop; Adam), so a run from the same weights gives the
 * same numbers as torch to rounding.
 */

/** An optimizer as a spec names it, after defaults. */
export type OptimizerSpec =
  | { kind: 'gd' }
  | { kind: 'momentum'; beta: number }
  | { kind: 'nesterov'; beta: number }
  | { kind: 'rmsprop'; rho: number; epsilon: number }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number };

export type OptimizerKindName = OptimizerSpec['kind'];

/**
 * The edge of stability of an optimizer on a quadratic: the step is stable while
 * η · λ_max(M) < value, with M = H (`on: 'sharpness'`) or M = P⁻¹H for the adaptive rules'
 * diagonal preconditioner P = diag(√ŝ + ε) (`on: 'preconditioned'`).
 */
export interface StabilityThreshold {
  value: number;
  on: 'sharpness' | 'preconditioned';
  /** the formula, for figures and CSV metadata: "2(1 + β)", "(2 + 2β₁)/(1 − β₁)" */
  formula: string;
}

/**
 * One optimizer, built for one spec. Its state is a Float64Array of stateLength(P) doubles beside θ
 * (zero at the start, like torch's lazily created buffers); `t` is the 1-based index of the step
 * being taken (torch's state['step'] after its increment), which Adam's bias correction reads.
 * No method allocates: they run once per training step.
 */
export interface Optimizer {
  readonly spec: OptimizerSpec;
  /** doubles of state for P parameters: 0 (gd), P (momentum, nesterov, rmsprop), 2P (adam) */
  stateLength(p: number): number;
  /** one step, in place: θ and state move from the gradient g at θ */
  step(theta: Float64Array, state: Float64Array, gradient: Float64Array, eta: number, t: number): void;
  /**
   * The tangent map of that step, in place, at the same (θ, state, g) and BEFORE step() moves them:
   * (dθ, dstate) ← J (dθ, dstate), where J is the Jacobian of (θ, state) ↦ (θ', state') and
   * `hv` = H(θ) dθ (H the Hessian of the loss the step's gradient is of). dstate has stateLength(P)
   * doubles. For gd this is dθ ← dθ − η H dθ.
   */
  tangent(
    state: Float64Array,
    gradient: Float64Array,
    dTheta: Float64Array,
    dState: Float64Array,
    hv: Float64Array,
    eta: number,
    t: number,
  ): void;
  /**
   * Adaptive rules only: the diagonal P = √ŝ + ε that step t would divide by, from the state
   * before the step and its gradient g (the preconditioner the step from this θ applies). Writes P
   * into `out` (length P).
   */
  preconditioner?(state: Float64Array, gradient: Float64Array, t: number, out: Float64Array): void;
  /** where this optimizer's edge of stability is */
  readonly threshold: StabilityThreshold;
}
