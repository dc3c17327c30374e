import type { Mlp } from './architecture.js';
import { checkDataset, type Dataset } from './data/dataset.js';

/** How far the workspace's cached state at θ goes. */
export const enum Evaluated {
  Nothing = 0,
  Forward = 1,
  Gradient = 2,
}

/**
 * Every buffer that the forward pass, backpropagation and the R-operator need for one network on
 * one data set, allocated once. The functions that use it (forward, lossGradient,
 * hessianVectorProduct, …) take θ explicitly and remember the last θ they evaluated: a second
 * call at the same θ reuses the forward and backward passes (an O(P) comparison decides), so a
 * gradient followed by many Hessian-vector products at one θ costs one backward pass plus the
 * R-passes. The data set is read, never copied: do not change it while the workspace lives.
 *
 * Arrays per layer are indexed l − 1 for weight layer l = 1 … L+1.
 */
export class MlpWorkspace {
  readonly net: Mlp;
  readonly data: Dataset;
  readonly examples: number;
  /** Z_l = c_l A_{l−1} W_lᵀ + β_l b_l, examples × w_l, for l = 1 … L+1 */
  readonly pre: Float64Array[];
  /** A_l = φ(Z_l), φ'(Z_l), φ''(Z_l) for the hidden layers l = 1 … L */
  readonly act: Float64Array[];
  readonly firstDerivative: Float64Array[];
  readonly secondDerivative: Float64Array[];
  /** F = γ Z_{L+1}, examples × outputs */
  readonly outputs: Float64Array;
  /** F − Y */
  readonly residual: Float64Array;
  /** W_lᵀ (w_{l−1} × w_l) at W_l's offset in θ, refreshed by every forward pass */
  readonly weightsT: Float64Array;
  /** G_l = ∂L/∂Z_l for l = 1 … L+1 */
  readonly delta: Float64Array[];
  /** ∂L/∂A_l for the hidden layers l = 1 … L */
  readonly back: Float64Array[];
  /** ∇L(θ) at the cached θ */
  readonly gradient: Float64Array;
  /** R-operator buffers: R{Z_l}, R{A_l}, R{G_l}, a scratch for R{∂L/∂A}, and Vᵀ like weightsT */
  readonly rPre: Float64Array[];
  readonly rAct: Float64Array[];
  readonly rDelta: Float64Array[];
  readonly rBack: Float64Array;
  readonly directionT: Float64Array;
  /** loss at the cached θ */
  loss = NaN;

  private readonly cachedTheta: Float64Array;
  private cached: Evaluated = Evaluated.Nothing;

  constructor(net: Mlp, data: Dataset) {
    checkDataset(data);
    const { inputDim, outputs } = net.architecture;
    if (data.inputDim !== inputDim) throw new RangeError(`the network expects ${inputDim} inputs, the data set has ${data.inputDim}`);
    if (data.outputs !== outputs) throw new RangeError(`the network has ${outputs} outputs, the data set's targets have ${data.outputs}`);
    this.net = net;
    this.data = data;
    const n = data.examples;
    this.examples = n;
    const layerBuffers = () => net.layout.map((layer) => new Float64Array(n * layer.outputs));
    const hiddenBuffers = () => net.layout.slice(0, -1).map((layer) => new Float64Array(n * layer.outputs));
    this.pre = layerBuffers();
    this.act = hiddenBuffers();
    this.firstDerivative = hiddenBuffers();
    this.secondDerivative = hiddenBuffers();
    this.outputs = new Float64Array(n * outputs);
    this.residual = new Float64Array(n * outputs);
    this.weightsT = new Float64Array(net.parameterCount);
    this.delta = layerBuffers();
    this.back = hiddenBuffers();
    this.gradient = new Float64Array(net.parameterCount);
    this.rPre = layerBuffers();
    this.rAct = hiddenBuffers();
    this.rDelta = layerBuffers();
    this.rBack = new Float64Array(n * net.maxWidth);
    this.directionT = new Float64Array(net.parameterCount);
    this.cachedTheta = new Float64Array(net.parameterCount);
  }

  /** Whether the cached state reaches `level` at exactly this θ. */
  isCurrent(theta: Float64Array, level: Evaluated): boolean {
    if (this.cached < level) return false;
    const cachedTheta = this.cachedTheta;
    for (let k = 0; k < cachedTheta.length; k++) if (cachedTheta[k] !== theta[k]) return false;
    return true;
  }

  /** Records that the buffers now hold the state at θ up to `level`. */
  markEvaluated(theta: Float64Array, level: Evaluated): void {
    if (level === Evaluated.Forward) this.cachedTheta.set(theta);
    this.cached = level;
  }

  /** Inputs of weight layer l (1-based): X for l = 1, else A_{l−1}. */
  layerInput(l: number): Float64Array {
    return l === 1 ? this.data.inputs : this.act[l - 2];
  }
}

export function createWorkspace(net: Mlp, data: Dataset): MlpWorkspace {
  if (net.parameterCount < 1) throw new RangeError('empty network');
  return new MlpWorkspace(net, data);
}
