import type { ActivationName } from './activation.js';

/**
 * A fully connected network f(x) = γ · h_{L+1}(x) with L ≥ 1 hidden layers.
 *
 * Widths w_0 = inputDim, w_1 … w_L = layers, w_{L+1} = outputs. For l = 1 … L+1
 *
 *   h_l = c_l · W_l a_{l−1} + β_l · b_l,    a_0 = x,    a_l = φ(h_l) (l ≤ L),
 *
 * with W_l ∈ R^{w_l × w_{l−1}}, b_l ∈ R^{w_l} (absent without bias) and the layer multipliers
 *
 *   "ntk":      c_l = σ_w / √w_{l−1},  β_l = σ_b   (weights and biases drawn N(0, 1))
 *   "standard": c_l = 1,               β_l = 1     (W ~ N(0, σ_w²/w_{l−1}), b ~ N(0, σ_b²))
 *
 * so both give the same function distribution at initialisation; they differ in how GD moves it.
 * The output layer has no activation.
 */
export type Parameterization = 'ntk' | 'standard';

/** How θ is drawn; σ_w and σ_b also enter the forward pass under "ntk". */
export interface MlpInit {
  seed: number;
  /** σ_w: in "ntk" a forward-pass multiplier, in "standard" the initial weight scale */
  sigmaW: number;
  /** σ_b: in "ntk" a forward-pass multiplier, in "standard" the initial bias scale */
  sigmaB: number;
  /** multiplies every initial parameter (weights and biases) */
  scale: number;
}

/** The model fields of issue 11, plus the input dimension that the data set fixes. */
export interface MlpArchitecture {
  /** d, the input dimension */
  inputDim: number;
  /** hidden widths [w_1, …, w_L], at least one */
  layers: readonly number[];
  /** output units: 1, or one per class */
  outputs: number;
  activation: ActivationName;
  /** whether every layer (the output layer too) has a bias */
  bias: boolean;
  parameterization: Parameterization;
  /** γ, the output multiplier */
  multiplier: number;
  init: MlpInit;
}

/** Where one layer's parameters sit in the flat vector θ. */
export interface LayerLayout {
  /** w_{l−1} */
  inputs: number;
  /** w_l */
  outputs: number;
  /** offset of W_l (w_l × w_{l−1}, row-major: W_l[j][k] at weightOffset + j·inputs + k) */
  weightOffset: number;
  /** offset of b_l, or −1 without bias */
  biasOffset: number;
  /** c_l, multiplies W_l a_{l−1} in the forward pass */
  weightMultiplier: number;
  /** β_l, multiplies b_l in the forward pass (0 without bias) */
  biasMultiplier: number;
}

/**
 * The network's shape and the layout of θ: layer by layer from the input, W_l row-major, then b_l.
 * `architecture` plus θ is a complete checkpoint; `layout` is derived from it.
 */
export interface Mlp {
  architecture: MlpArchitecture;
  /** one entry per weight layer l = 1 … L+1 */
  layout: readonly LayerLayout[];
  /** [w_0, …, w_{L+1}] */
  widths: readonly number[];
  /** number of parameters, the length of θ */
  parameterCount: number;
  /** largest w_l over all layers including input and output */
  maxWidth: number;
}

/** Checks an architecture and computes its parameter layout. Throws RangeError on nonsense. */
export function createMlp(architecture: MlpArchitecture): Mlp {
  const { inputDim, layers: hidden, outputs, parameterization } = architecture;
  const { sigmaW, sigmaB } = architecture.init;
  const widths = [inputDim, ...hidden, outputs];
  if (hidden.length < 1) throw new RangeError('an MLP needs at least one hidden layer');
  for (const w of widths) {
    if (!Number.isInteger(w) || w < 1) throw new RangeError(`layer widths must be positive integers, got ${w}`);
  }
  const scalars = [
    ['multiplier', architecture.multiplier],
    ['init.sigmaW', sigmaW],
    ['init.sigmaB', sigmaB],
    ['init.scale', architecture.init.scale],
  ] as const;
  for (const [name, value] of scalars) {
    if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
  }
  const layout: LayerLayout[] = [];
  let offset = 0;
  for (let l = 1; l < widths.length; l++) {
    const inputs = widths[l - 1];
    const outputsOfLayer = widths[l];
    const weightOffset = offset;
    offset += inputs * outputsOfLayer;
    const biasOffset = architecture.bias ? offset : -1;
    if (architecture.bias) offset += outputsOfLayer;
    layout.push({
      inputs,
      outputs: outputsOfLayer,
      weightOffset,
      biasOffset,
      weightMultiplier: parameterization === 'ntk' ? sigmaW / Math.sqrt(inputs) : 1,
      biasMultiplier: architecture.bias ? (parameterization === 'ntk' ? sigmaB : 1) : 0,
    });
  }
  return { architecture, layout, widths, parameterCount: offset, maxWidth: Math.max(...widths) };
}
