import { createMlp, type Mlp, type MlpArchitecture } from '../../../src/models/mlp/architecture.js';
import type { Dataset } from '../../../src/models/mlp/data/dataset.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { hessianVectorProduct } from '../../../src/models/mlp/hessian-vector.js';
import { initialParameters } from '../../../src/models/mlp/initialize.js';
import { createWorkspace, type MlpWorkspace } from '../../../src/models/mlp/workspace.js';
import { SeededRandom } from '../../../src/random/rng.js';

/** A small architecture; fields override the defaults. */
export function architecture(fields: Partial<MlpArchitecture> = {}): MlpArchitecture {
  return {
    inputDim: 3,
    layers: [4, 3],
    outputs: 1,
    activation: 'tanh',
    bias: true,
    parameterization: 'ntk',
    multiplier: 1,
    init: { seed: 1, sigmaW: 1.2, sigmaB: 0.4, scale: 1 },
    ...fields,
  };
}

/** Gaussian inputs and targets, seeded. */
export function randomData(examples: number, inputDim: number, outputs: number, seed: number, targetScale = 1): Dataset {
  const rng = new SeededRandom(seed);
  const inputs = Float64Array.from({ length: examples * inputDim }, () => rng.gaussian());
  const targets = Float64Array.from({ length: examples * outputs }, () => targetScale * rng.gaussian());
  return { inputs, targets, examples, inputDim, outputs };
}

export interface Problem {
  net: Mlp;
  ws: MlpWorkspace;
  theta: Float64Array;
}

export function problem(arch: MlpArchitecture, examples: number, dataSeed = 5): Problem {
  const net = createMlp(arch);
  const ws = createWorkspace(net, randomData(examples, arch.inputDim, arch.outputs, dataSeed));
  return { net, ws, theta: initialParameters(net) };
}

/** Loss at θ + h e_k, leaving θ unchanged. */
export function lossAt(ws: MlpWorkspace, theta: Float64Array, k: number, h: number): number {
  const shifted = Float64Array.from(theta);
  shifted[k] += h;
  return forward(ws, shifted);
}

/** Gradient at θ + h v (a copy). */
export function gradientAt(ws: MlpWorkspace, theta: Float64Array, v: Float64Array, h: number): Float64Array {
  const shifted = theta.map((x, k) => x + h * v[k]);
  return Float64Array.from(lossGradient(ws, shifted));
}

/** Dense Hessian (P×P row-major) from HVPs on the unit vectors: column k is H e_k. */
export function hessianFromHvps(ws: MlpWorkspace, theta: Float64Array): Float64Array {
  const p = theta.length;
  const h = new Float64Array(p * p);
  const e = new Float64Array(p);
  const out = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    e.fill(0);
    e[k] = 1;
    hessianVectorProduct(ws, theta, e, out);
    for (let i = 0; i < p; i++) h[i * p + k] = out[i];
  }
  return h;
}

/**
 * Dense Hessian by central differences of the analytic gradient, Richardson-extrapolated twice
 * (steps h, h/2, h/4: truncation O(h⁶)), independent of the R-operator.
 */
export function hessianByRichardson(ws: MlpWorkspace, theta: Float64Array, h: number): Float64Array {
  const p = theta.length;
  const out = new Float64Array(p * p);
  const e = new Float64Array(p);
  const central = (step: number) => {
    const plus = gradientAt(ws, theta, e, step);
    const minus = gradientAt(ws, theta, e, -step);
    return plus.map((x, i) => (x - minus[i]) / (2 * step));
  };
  for (let k = 0; k < p; k++) {
    e.fill(0);
    e[k] = 1;
    const d1 = central(h);
    const d2 = central(h / 2);
    const d4 = central(h / 4);
    for (let i = 0; i < p; i++) {
      const r1 = (4 * d2[i] - d1[i]) / 3;
      const r2 = (4 * d4[i] - d2[i]) / 3;
      out[i * p + k] = (16 * r2 - r1) / 15;
    }
  }
  return out;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function gaussianVector(p: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  return Float64Array.from({ length: p }, () => rng.gaussian());
}

/** Signs of every hidden pre-activation at θ (where relu and elu change branch). */
export function activationPattern(ws: MlpWorkspace, theta: Float64Array): Int8Array {
  forward(ws, theta);
  const total = ws.pre.slice(0, -1).reduce((s, z) => s + z.length, 0);
  const pattern = new Int8Array(total);
  let k = 0;
  for (const z of ws.pre.slice(0, -1)) for (let i = 0; i < z.length; i++) pattern[k++] = Math.sign(z[i]);
  return pattern;
}

/**
 * Whether moving any single parameter by ±h (and, with `direction`, moving along ±h·direction)
 * leaves every hidden pre-activation on its side of 0: then finite differences of relu and elu
 * networks never straddle a kink.
 */
export function noKinkWithin(ws: MlpWorkspace, theta: Float64Array, h: number, direction?: Float64Array): boolean {
  const base = activationPattern(ws, theta);
  const same = (shifted: Float64Array) => {
    const p = activationPattern(ws, shifted);
    return p.every((s, i) => s === base[i] && s !== 0);
  };
  for (let k = 0; k < theta.length; k++) {
    for (const sign of [1, -1]) {
      const shifted = Float64Array.from(theta);
      shifted[k] += sign * h;
      if (!same(shifted)) return false;
    }
  }
  if (direction) for (const sign of [1, -1]) if (!same(theta.map((x, k) => x + sign * h * direction[k]))) return false;
  return true;
}
