import type { BatchEvaluator, LossEvaluator, TrainingProblem } from '../../training/problem.js';
import { accuracy } from './accuracy.js';
import type { Dataset } from './data/dataset.js';
import { forward } from './forward.js';
import { lossGradient } from './gradient.js';
import { hessianVectorProduct } from './hessian-vector.js';
import { ntkTopEigenvalue } from './ntk.js';
import type { MlpSetup } from './training-setup.js';
import { createBatchWorkspace, type MlpWorkspace } from './workspace.js';

/**
 * The workspace's loss over the m examples it holds (MSE L = (1/2m) Σᵢ ‖f(xᵢ) − yᵢ‖², or cross-entropy), through the
 * workspace's own passes (forward, lossGradient, hessianVectorProduct), so the trainer's full-batch
 * GD makes exactly the calls runMlpTrajectory makes, bit for bit.
 */
class WorkspaceLoss implements LossEvaluator {
  constructor(protected readonly ws: MlpWorkspace) {}

  gradient(theta: Float64Array): Float64Array {
    return lossGradient(this.ws, theta);
  }

  lossAt(theta: Float64Array): number {
    return forward(this.ws, theta);
  }

  get loss(): number {
    return this.ws.loss;
  }

  /** the first output on the workspace's first example (a minibatch's first, for a batch) */
  get output(): number {
    return this.ws.outputs[0];
  }

  hessianVector(theta: Float64Array, v: Float64Array, out: Float64Array): Float64Array {
    return hessianVectorProduct(this.ws, theta, v, out);
  }
}

/**
 * The loss over a minibatch B of `size` examples, (1/2b) Σ_{i∈B} ‖f(xᵢ) − yᵢ‖² (the batch mean, as
 * torch's MSELoss(reduction='mean')/2 gives for one output) or the batch mean of the cross-entropy,
 * on a workspace of its own (with the full workspace's loss) whose rows select() refills.
 */
class WorkspaceBatch extends WorkspaceLoss implements BatchEvaluator {
  readonly size: number;

  constructor(
    ws: MlpWorkspace,
    private readonly source: Dataset,
  ) {
    super(ws);
    this.size = ws.examples;
  }

  select(indices: Int32Array): void {
    this.ws.selectExamples(this.source, indices);
  }
}

/**
 * An mlp's training problem: θ the network's parameters from the setup (initialisation or weights
 * file), `full` the loss on the whole data set through the setup's workspace, `batch(b)` minibatches
 * on a second workspace sized for b examples. ntk is the top eigenvalue of JᵀJ/n on the full data;
 * accuracy is defined for labelled (classification) data only.
 */
export function mlpTrainingProblem(setup: MlpSetup): TrainingProblem {
  const { net, ws, data } = setup;
  const problem: TrainingProblem = {
    parameterCount: net.parameterCount,
    examples: data.examples,
    initialTheta: () => Float64Array.from(setup.theta),
    full: new WorkspaceLoss(ws),
    batch: (size) => new WorkspaceBatch(createBatchWorkspace(net, data, size, ws.lossFunction), data),
    ntk: (theta) => ntkTopEigenvalue(ws, theta).value,
  };
  if (data.labels !== undefined) problem.accuracy = (theta) => accuracy(ws, theta);
  return problem;
}
