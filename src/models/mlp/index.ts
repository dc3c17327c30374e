/**
 * Real networks for uvchaos: a multi-layer perceptron trained by full-batch GD on the loss
 * L = (1/2n) Σᵢ ‖f(xᵢ) − yᵢ‖² or cross-entropy (loss/), with exact gradients, Hessian-vector products, sharpness, NTK
 * eigenvalue and Lyapunov exponents of training. Pure TypeScript on Float64Array.
 */
export { createMlp, type Mlp, type MlpArchitecture, type MlpInit, type LayerLayout, type Parameterization } from './architecture.js';
export { ACTIVATIONS, type ActivationName } from './activation.js';
export { erf, erfc } from './erf.js';
export { initialParameters } from './initialize.js';
export { createWorkspace, createBatchWorkspace, MlpWorkspace } from './workspace.js';
export { LOSSES, LOSS_LABELS, type LossName, type MlpLoss } from './loss/loss.js';
export { createLoss } from './loss/create-loss.js';
export { MSE_LOSS } from './loss/mse.js';
export { LOGISTIC_LOSS } from './loss/logistic.js';
export { softmaxCrossEntropyLoss } from './loss/softmax-cross-entropy.js';
export { forward } from './forward.js';
export { lossGradient } from './gradient.js';
export { hessianVectorProduct } from './hessian-vector.js';
export {
  lanczosTopEigen,
  createLanczosWorkspace,
  LANCZOS_DEFAULTS,
  type LanczosOptions,
  type LanczosResult,
  type LanczosWorkspace,
  type SymmetricOperator,
} from '../../analysis/lanczos.js';
export { sharpness } from './sharpness.js';
export { ntkGram, ntkTopEigenvalue } from './ntk.js';
export { gdStep } from './gd-step.js';
export {
  tangentStep,
  tangentStepQR,
  trainingLyapunov,
  createTangentScratch,
  type TangentScratch,
  type TrainingLyapunovOptions,
  type TrainingLyapunovResult,
} from './training-lyapunov.js';
export { accuracy } from './accuracy.js';
export { symmetricEigen } from './symmetric-eigen.js';
export { tridiagonalEigen } from '../../analysis/tridiagonal-eigen.js';
export type { Dataset } from './data/dataset.js';
export { loadDataset, type DataSpec } from './data/load-dataset.js';
export { loadDigits, DIGITS_FILE, type DigitsDataSpec } from './data/digits.js';
export { loadCsvDataset, type CsvDataSpec, type CsvLabels } from './data/csv-dataset.js';
export { NORMALIZATIONS, type Normalization } from './data/normalize.js';
