import { SeededRandom } from '../../random/rng.js';
import type { UvModelSpec } from './spec-schema.js';

/**
 * The UV model with explicit weights: f(x) = γ vᵀUx, U ∈ R^{n×d} row-major, v ∈ R^n.
 * This is the ground truth that the function-space map is checked against.
 *
 * The input is x = √(‖x‖²/d) · (1, …, 1): only ‖x‖² enters the dynamics, and a fixed direction
 * keeps seeded weights reproducible.
 */
export class UvNetwork {
  readonly width: number;
  readonly inputDim: number;
  readonly multiplier: number;
  readonly U: Float64Array;
  readonly v: Float64Array;
  readonly x: Float64Array;
  private readonly ux: Float64Array;

  constructor(width: number, inputDim: number, multiplier: number, inputNorm2: number) {
    this.width = width;
    this.inputDim = inputDim;
    this.multiplier = multiplier;
    this.U = new Float64Array(width * inputDim);
    this.v = new Float64Array(width);
    this.x = new Float64Array(inputDim).fill(Math.sqrt(inputNorm2 / inputDim));
    this.ux = new Float64Array(width);
  }

  private computeUx(): Float64Array {
    const { U, x, ux, width: n, inputDim: d } = this;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) sum += U[row + j] * x[j];
      ux[i] = sum;
    }
    return ux;
  }

  /** f = γ vᵀUx */
  output(): number {
    const ux = this.computeUx();
    let sum = 0;
    for (let i = 0; i < this.width; i++) sum += this.v[i] * ux[i];
    return this.multiplier * sum;
  }

  /** λ = ‖∇f‖² = γ²(‖x‖²‖v‖² + ‖Ux‖²) */
  ntk(): number {
    const ux = this.computeUx();
    let v2 = 0;
    let ux2 = 0;
    for (let i = 0; i < this.width; i++) {
      v2 += this.v[i] * this.v[i];
      ux2 += ux[i] * ux[i];
    }
    let x2 = 0;
    for (let j = 0; j < this.inputDim; j++) x2 += this.x[j] * this.x[j];
    return this.multiplier * this.multiplier * (x2 * v2 + ux2);
  }

  /**
   * One full-batch GD step on L = ½(f − y)²:
   * ∂L/∂U = Δf γ v xᵀ, ∂L/∂v = Δf γ Ux, both taken at the old weights.
   */
  step(eta: number, target: number): void {
    const { U, v, x, width: n, inputDim: d, multiplier: gamma } = this;
    const ux = this.computeUx();
    let f = 0;
    for (let i = 0; i < n; i++) f += v[i] * ux[i];
    f *= gamma;
    const scale = eta * (f - target) * gamma;
    for (let i = 0; i < n; i++) {
      const vOld = v[i];
      v[i] = vOld - scale * ux[i];
      const rowScale = scale * vOld;
      const row = i * d;
      for (let j = 0; j < d; j++) U[row + j] -= rowScale * x[j];
    }
  }

  /** Flattened gradient of f with respect to (U, v), U first. */
  outputGradient(): Float64Array {
    const { v, x, width: n, inputDim: d, multiplier: gamma } = this;
    const ux = this.computeUx();
    const g = new Float64Array(n * d + n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) g[i * d + j] = gamma * v[i] * x[j];
      g[n * d + i] = gamma * ux[i];
    }
    return g;
  }

  /**
   * Hessian-vector product of the loss, H w = g (gᵀw) + Δf ∇²f w, with
   * ∇²f (dU, dv) = γ (dv xᵀ, dU x).
   */
  lossHessianVector(w: Float64Array, target: number): Float64Array {
    const { x, width: n, inputDim: d, multiplier: gamma } = this;
    const g = this.outputGradient();
    const residual = this.output() - target;
    let gw = 0;
    for (let k = 0; k < g.length; k++) gw += g[k] * w[k];
    const out = new Float64Array(g.length);
    for (let k = 0; k < g.length; k++) out[k] = g[k] * gw;
    for (let i = 0; i < n; i++) {
      const dv = w[n * d + i];
      let dUx = 0;
      for (let j = 0; j < d; j++) {
        out[i * d + j] += residual * gamma * dv * x[j];
        dUx += w[i * d + j] * x[j];
      }
      out[n * d + i] += residual * gamma * dUx;
    }
    return out;
  }
}

/** Builds weights for a spec's init: seeded Gaussians, or a realisation of (f0, λ0). */
export function buildUvNetwork(model: UvModelSpec): UvNetwork {
  const net = new UvNetwork(model.width, model.inputDim, model.multiplier, model.inputNorm2);
  const init = model.init;
  if ('seed' in init) {
    const rng = new SeededRandom(init.seed);
    for (let k = 0; k < net.U.length; k++) net.U[k] = init.sigmaU * rng.gaussian();
    for (let i = 0; i < net.v.length; i++) net.v[i] = init.sigmaV * rng.gaussian();
    return net;
  }
  // With a = γ√s v and b = γUx: f = a·b/√ε and λ = ‖a‖² + ‖b‖². Take a = α u, b = β u for the
  // unit vector u ∝ (1, …, 1); then αβ = √ε f0 and α² + β² = λ0, solvable since λ0 ≥ 2√ε|f0|.
  const gamma = model.multiplier;
  const s = model.inputNorm2;
  const rootEps = gamma * Math.sqrt(s);
  const plus = Math.sqrt(Math.max(init.ntk0 + 2 * rootEps * init.f0, 0));
  const minus = Math.sqrt(Math.max(init.ntk0 - 2 * rootEps * init.f0, 0));
  const alpha = 0.5 * (plus + minus);
  const beta = 0.5 * (plus - minus);
  const u = 1 / Math.sqrt(model.width);
  for (let i = 0; i < model.width; i++) {
    net.v[i] = (alpha * u) / (gamma * Math.sqrt(s));
    const uxi = (beta * u) / gamma; // (Ux)_i; U = (Ux) xᵀ / s
    const row = i * model.inputDim;
    for (let j = 0; j < model.inputDim; j++) net.U[row + j] = (uxi * net.x[j]) / s;
  }
  return net;
}

/**
 * (f0, λ0) of a spec's init without storing U: the seeded draws are consumed in the same order as
 * buildUvNetwork (U row-major, then v), one row at a time, so both engines start identically.
 */
export function initialFunctionState(model: UvModelSpec): { f0: number; ntk0: number } {
  const init = model.init;
  if (!('seed' in init)) return { f0: init.f0, ntk0: init.ntk0 };
  const { width: n, inputDim: d, multiplier: gamma, inputNorm2: s } = model;
  const xj = Math.sqrt(s / d);
  const rng = new SeededRandom(init.seed);
  const ux = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += init.sigmaU * rng.gaussian() * xj;
    ux[i] = sum;
  }
  let vux = 0;
  let v2 = 0;
  let ux2 = 0;
  for (let i = 0; i < n; i++) {
    const vi = init.sigmaV * rng.gaussian();
    vux += vi * ux[i];
    v2 += vi * vi;
    ux2 += ux[i] * ux[i];
  }
  return { f0: gamma * vux, ntk0: gamma * gamma * (s * v2 + ux2) };
}
