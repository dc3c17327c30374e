/** The losses an mlp trains on (`model.loss`). */
export const LOSSES = ['mse', 'cross-entropy'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * A loss L(F) of the network's outputs F (n × o, row-major), averaged over the n examples, seen by
 * the forward pass, backpropagation and the R-operator through three calls. Its targets are the
 * data set's `targets` (n × o): regression values for MSE; for cross-entropy the class labels as
 * ±1 (one output) or one-hot rows (checkTargets refuses anything else).
 *
 * The passes need n·∂L/∂F (the "residual": F − Y for MSE, P − Y for cross-entropy, which the
 * backward pass seeds as G_{L+1} = (γ/n)·residual) and the output Hessian n·∇²_F L applied to
 * R{F}, which seeds the R-backward pass.
 */
export interface MlpLoss {
  readonly name: LossName;
  /** How many doubles of per-example state evaluate leaves for hessianOutputs (0 for MSE). */
  stateLength(examples: number, outputs: number): number;
  /** Throws a RangeError naming the first example whose targets this loss cannot read. */
  checkTargets(targets: Float64Array, examples: number, outputs: number): void;
  /**
   * From the top pre-activations Z (F = γZ): writes F into `outputs`, n·∂L/∂F into `residual` and
   * what hessianOutputs needs into `state`; returns L.
   */
  evaluate(
    z: Float64Array,
    gamma: number,
    targets: Float64Array,
    outputs: Float64Array,
    residual: Float64Array,
    state: Float64Array,
    examples: number,
  ): number;
  /**
   * out ← scale · (n ∇²_F L) rz, with the state of the last evaluate: R{G_{L+1}} for rz = R{Z_{L+1}}
   * and scale = γ²/n (R{F} = γ R{Z}, and the backward pass multiplies by γ once more).
   */
  hessianOutputs(rz: Float64Array, scale: number, state: Float64Array, out: Float64Array, examples: number): void;
}

/** The loss curve's legend in a trajectory figure. */
export const LOSS_LABELS: Record<LossName, string> = {
  mse: 'loss (1/2n) Σ‖f − y‖²',
  'cross-entropy': 'cross-entropy (1/n) Σ −log p(yᵢ | xᵢ)',
};
