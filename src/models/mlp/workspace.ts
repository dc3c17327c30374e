import type { Mlp } from './architecture.js';
import { workspaceBufferLengths } from './buffer-size.js';
import { checkDataset, type Dataset } from './data/dataset.js';
import type { MlpLoss } from './loss/loss.js';
import { MSE_LOSS } from './loss/mse.js';
import { WasmArena } from './wasm-arena.js';

/** How far the workspace's cached state at θ goes. */
export const enum Evaluated {
  Nothing = 0,
  Forward = 1,
  Gradient = 2,
}

/**
 * Every buffer that the forward pass, backpropagation and the R-operator need for one network on
 * one data set, allocated once, all in one WebAssembly memory so that every matrix product runs in
 * the SIMD kernel (wasm-arena.ts). θ and the HVP direction are copied in (O(P), next to O(nP)
 * products), and so are the inputs X, once, at creation: later changes to the data set's arrays
 * are not seen.
 *
 * The functions that use it (forward, lossGradient, hessianVectorProduct, …) take θ explicitly and
 * remember the last θ they evaluated: a second call at the same θ reuses the forward and backward
 * passes (an O(P) comparison decides), so a gradient followed by many Hessian-vector products at
 * one θ costs one backward pass plus the R-passes. Do not pass the workspace's own buffers as θ.
 *
 * Arrays per layer are indexed l − 1 for weight layer l = 1 … L+1.
 */
export class MlpWorkspace {
  readonly net: Mlp;
  readonly data: Dataset;
  readonly examples: number;
  /** X, copied into the arena */
  readonly inputs: Float64Array;
  /** the θ of the cached state (copied in by loadParameters) */
  readonly parameters: Float64Array;
  /** the HVP direction and result, in the arena */
  readonly direction: Float64Array;
  readonly product: Float64Array;
  /** Z_l = c_l A_{l−1} W_lᵀ + β_l b_l, examples × w_l, for l = 1 … L+1 */
  readonly pre: Float64Array[];
  /** A_l = φ(Z_l), φ'(Z_l), φ''(Z_l) for the hidden layers l = 1 … L */
  readonly act: Float64Array[];
  readonly firstDerivative: Float64Array[];
  readonly secondDerivative: Float64Array[];
  /** F = γ Z_{L+1}, examples × outputs */
  readonly outputs: Float64Array;
  /** n·∂L/∂F: F − Y for MSE, P − Y for cross-entropy (see loss/loss.ts) */
  readonly residual: Float64Array;
  /** the loss, chosen when the workspace is built, and the per-example state it keeps for the R-pass */
  readonly lossFunction: MlpLoss;
  readonly lossState: Float64Array;
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

  private cached: Evaluated = Evaluated.Nothing;

  /**
   * `ownsData`: the data set is this workspace's own (a minibatch's, from createBatchWorkspace), so
   * selectExamples may overwrite it; a full data set is shared between workspaces and never is.
   */
  constructor(
    net: Mlp,
    data: Dataset,
    loss: MlpLoss = MSE_LOSS,
    private readonly ownsData = false,
  ) {
    checkDataset(data);
    const { inputDim, outputs } = net.architecture;
    if (data.inputDim !== inputDim) throw new RangeError(`the network expects ${inputDim} inputs, the data set has ${data.inputDim}`);
    if (data.outputs !== outputs) throw new RangeError(`the network has ${outputs} outputs, the data set's targets have ${data.outputs}`);
    loss.checkTargets(data.targets, data.examples, outputs);
    this.net = net;
    this.data = data;
    const n = data.examples;
    this.examples = n;
    this.lossFunction = loss;
    // outside the arena: only the loss's element-wise loops read it
    this.lossState = new Float64Array(loss.stateLength(n, outputs));
    const p = net.parameterCount;
    const layerSizes = net.layout.map((layer) => n * layer.outputs);
    const hiddenSizes = layerSizes.slice(0, -1);
    const arena = new WasmArena(WasmArena.sizeOf(workspaceBufferLengths(net, n)));
    const layerBuffers = () => layerSizes.map((size) => arena.alloc(size));
    const hiddenBuffers = () => hiddenSizes.map((size) => arena.alloc(size));
    this.pre = layerBuffers();
    this.act = hiddenBuffers();
    this.firstDerivative = hiddenBuffers();
    this.secondDerivative = hiddenBuffers();
    this.delta = layerBuffers();
    this.back = hiddenBuffers();
    this.rPre = layerBuffers();
    this.rAct = hiddenBuffers();
    this.rDelta = layerBuffers();
    this.inputs = arena.alloc(n * inputDim);
    this.inputs.set(data.inputs);
    this.outputs = arena.alloc(n * outputs);
    this.residual = arena.alloc(n * outputs);
    this.rBack = arena.alloc(n * net.maxWidth);
    this.weightsT = arena.alloc(p);
    this.gradient = arena.alloc(p);
    this.directionT = arena.alloc(p);
    this.parameters = arena.alloc(p);
    this.direction = arena.alloc(p);
    this.product = arena.alloc(p);
  }

  /** Whether the cached state reaches `level` at exactly this θ. */
  isCurrent(theta: Float64Array, level: Evaluated): boolean {
    if (this.cached < level) return false;
    const parameters = this.parameters;
    for (let k = 0; k < parameters.length; k++) if (parameters[k] !== theta[k]) return false;
    return true;
  }

  /** Copies θ in and forgets the cached state; returns the copy, which the passes then read. */
  loadParameters(theta: Float64Array): Float64Array {
    this.cached = Evaluated.Nothing;
    this.parameters.set(theta);
    return this.parameters;
  }

  /** Records that the buffers now hold the state at `parameters` up to `level`. */
  markEvaluated(level: Evaluated): void {
    this.cached = level;
  }

  /**
   * Makes this minibatch workspace's examples the rows `indices` of `source`, in that order: copies
   * their inputs into the arena and their targets (and labels) into its own data set, and forgets the
   * cached state, so the next evaluation is of the loss on these examples. Allocates nothing.
   */
  selectExamples(source: Dataset, indices: Int32Array): void {
    if (!this.ownsData) throw new Error('selectExamples needs a minibatch workspace (createBatchWorkspace): this one shares its data set');
    if (indices.length !== this.examples) throw new RangeError(`expected ${this.examples} example indices, got ${indices.length}`);
    const { inputDim: d, outputs: o } = this.data;
    if (source.inputDim !== d || source.outputs !== o) throw new RangeError('the source data set has other input or output dimensions');
    const { inputs, data } = this;
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i];
      if (!(row >= 0 && row < source.examples)) throw new RangeError(`example index ${row} is outside 0 … ${source.examples - 1}`);
      for (let j = 0; j < d; j++) {
        const x = source.inputs[row * d + j];
        inputs[i * d + j] = x;
        data.inputs[i * d + j] = x;
      }
      for (let c = 0; c < o; c++) data.targets[i * o + c] = source.targets[row * o + c];
      if (data.labels && source.labels) data.labels[i] = source.labels[row];
    }
    this.cached = Evaluated.Nothing;
  }

  /** Inputs of weight layer l (1-based): X for l = 1, else A_{l−1}. */
  layerInput(l: number): Float64Array {
    return l === 1 ? this.inputs : this.act[l - 2];
  }
}

/** A workspace for the loss `loss` (default MSE) on the whole data set; its targets must suit the loss. */
export function createWorkspace(net: Mlp, data: Dataset, loss: MlpLoss = MSE_LOSS): MlpWorkspace {
  if (net.parameterCount < 1) throw new RangeError('empty network');
  return new MlpWorkspace(net, data, loss);
}

/**
 * A workspace for minibatches of `size` examples of `source`, with a data set of its own that
 * selectExamples refills before each step; it starts on the first `size` examples. Its arena holds
 * workspaceBufferLengths(net, size), less than the full workspace's for size ≤ n, so the full
 * workspace's is the one checkMlpBuffers bounds. Pass the full workspace's loss; the rows
 * selectExamples copies from `source` are not checked against it again.
 */
export function createBatchWorkspace(net: Mlp, source: Dataset, size: number, loss: MlpLoss = MSE_LOSS): MlpWorkspace {
  if (net.parameterCount < 1) throw new RangeError('empty network');
  checkDataset(source);
  if (!Number.isInteger(size) || size < 1 || size > source.examples)
    throw new RangeError(`batch size must be an integer in [1, ${source.examples}], got ${size}`);
  const { inputDim, outputs } = source;
  const data: Dataset = {
    inputs: source.inputs.slice(0, size * inputDim),
    targets: source.targets.slice(0, size * outputs),
    examples: size,
    inputDim,
    outputs,
    labels: source.labels?.slice(0, size),
  };
  return new MlpWorkspace(net, data, loss, true);
}
