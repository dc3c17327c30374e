/**
 * What a model kind hands the trainer: its loss on the data, the loss's gradient and exact
 * Hessian-vector products at any θ. The trainer (train-*.ts beside this file) runs any optimizer
 * on any problem; the mlp kind gives its WebAssembly network, the UV kind its explicit weights.
 */

/** The loss over a fixed set of examples: its value, gradient and Hessian-vector products. */
export interface LossEvaluator {
  /**
   * ∇L(θ); the returned buffer belongs to the evaluator and is valid until it is next evaluated at
   * another θ. Also sets `loss` and `output` for this θ.
   */
  gradient(theta: Float64Array): Float64Array;
  /** L(θ) without the gradient (a forward pass); sets `output` too */
  lossAt(theta: Float64Array): number;
  /** L at the θ last evaluated */
  readonly loss: number;
  /** the network's first output on the first example, at the θ last evaluated */
  readonly output: number;
  /** out ← H(θ) v (out never aliases v); returns out */
  hessianVector(theta: Float64Array, v: Float64Array, out: Float64Array): Float64Array;
}

/** An evaluator over a minibatch whose examples are chosen before each step. */
export interface BatchEvaluator extends LossEvaluator {
  readonly size: number;
  /** the examples of the next evaluations: `size` indices into the data set */
  select(indices: Int32Array): void;
}

export interface TrainingProblem {
  readonly parameterCount: number;
  /** examples in the data set (1 for the UV model) */
  readonly examples: number;
  /** θ at the start of training, a fresh copy */
  initialTheta(): Float64Array;
  /** the loss over every example */
  readonly full: LossEvaluator;
  /** an evaluator over minibatches of `size` (1 ≤ size < examples) */
  batch?(size: number): BatchEvaluator;
  /**
   * the exact top Hessian eigenvalue of the full loss at θ when the kind has a closed form (the UV
   * model's); without it the trainer runs Lanczos on `full.hessianVector`
   */
  sharpness?(theta: Float64Array): number;
  /** the top NTK eigenvalue at θ (what the trajectory's ntk column shows), if the kind has it */
  ntk?(theta: Float64Array): number;
  /** classification accuracy at θ, if the data are labelled */
  accuracy?(theta: Float64Array): number;
}
