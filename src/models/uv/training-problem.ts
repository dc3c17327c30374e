import type { LossEvaluator, TrainingProblem } from '../../training/problem.js';
import { uvConstants } from './constants.js';
import { buildUvNetwork } from './network.js';
import { uvSharpness } from './sharpness.js';
import type { UvModelSpec } from './spec-schema.js';

/**
 * The UV model's loss L = ½(f − y)² on its one example, f = γ vᵀUx, over explicit weights
 * θ = (U row-major, v) as UvNetwork lays them out, for optimizers the function-space map does not
 * close under. With r = f − y and ∇f = (γ v xᵀ, γ Ux):
 *
 *   ∇L = r ∇f,   H w = ∇f (∇fᵀw) + r γ (w_v xᵀ, w_U x).
 *
 * Each evaluation remembers its θ (an O(P) comparison), so a gradient followed by HVPs or the
 * sharpness at the same θ computes Ux and f once. Nothing allocates after construction.
 */
class UvLoss implements LossEvaluator {
  readonly width: number;
  readonly inputDim: number;
  /** ‖x‖² summed from x, as UvNetwork.ntk sums it */
  private readonly x2: number;
  private readonly ux: Float64Array;
  private readonly grad: Float64Array;
  /** θ of the cached Ux and f; `current` false until the first evaluation */
  private readonly at: Float64Array;
  private current = false;
  private f = NaN;

  constructor(
    readonly x: Float64Array,
    width: number,
    private readonly gamma: number,
    private readonly target: number,
  ) {
    this.width = width;
    this.inputDim = x.length;
    let x2 = 0;
    for (let j = 0; j < x.length; j++) x2 += x[j] * x[j];
    this.x2 = x2;
    const p = width * x.length + width;
    this.ux = new Float64Array(width);
    this.grad = new Float64Array(p);
    this.at = new Float64Array(p);
  }

  get loss(): number {
    const r = this.f - this.target;
    return 0.5 * r * r;
  }

  get output(): number {
    return this.f;
  }

  /** Ux and f = γ vᵀUx at θ, summed in UvNetwork's order (so f is bit for bit its output()). */
  private evaluate(theta: Float64Array): void {
    const { width: n, inputDim: d, x, ux, at } = this;
    if (theta.length !== at.length) throw new RangeError(`θ has ${theta.length} entries, the UV model ${at.length}`);
    if (this.current) {
      let same = true;
      for (let k = 0; k < at.length && same; k++) same = at[k] === theta[k];
      if (same) return;
    }
    at.set(theta);
    const v = n * d;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) s += theta[row + j] * x[j];
      ux[i] = s;
      sum += theta[v + i] * s;
    }
    this.f = this.gamma * sum;
    this.current = true;
  }

  lossAt(theta: Float64Array): number {
    this.evaluate(theta);
    return this.loss;
  }

  gradient(theta: Float64Array): Float64Array {
    this.evaluate(theta);
    const { width: n, inputDim: d, x, ux, grad } = this;
    const v = n * d;
    // the factor UvNetwork.step applies as η(f − y)γ, here without η
    const scale = (this.f - this.target) * this.gamma;
    for (let i = 0; i < n; i++) {
      const rowScale = scale * theta[v + i];
      const row = i * d;
      for (let j = 0; j < d; j++) grad[row + j] = rowScale * x[j];
      grad[v + i] = scale * ux[i];
    }
    return grad;
  }

  hessianVector(theta: Float64Array, w: Float64Array, out: Float64Array): Float64Array {
    if (out === w || out === theta) throw new RangeError('hessianVector: out must not alias v or θ');
    this.evaluate(theta);
    const { width: n, inputDim: d, x, ux, gamma } = this;
    const v = n * d;
    // ∇fᵀw = γ Σᵢ (vᵢ (W_U x)ᵢ + (Ux)ᵢ w_vᵢ)
    let gw = 0;
    for (let i = 0; i < n; i++) {
      let wux = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) wux += w[row + j] * x[j];
      gw += theta[v + i] * wux + ux[i] * w[v + i];
      out[v + i] = wux; // (W_U x)ᵢ for the second pass
    }
    gw *= gamma;
    const rg = (this.f - this.target) * gamma;
    for (let i = 0; i < n; i++) {
      const rowScale = gamma * theta[v + i] * gw + rg * w[v + i];
      const row = i * d;
      for (let j = 0; j < d; j++) out[row + j] = rowScale * x[j];
      out[v + i] = gamma * ux[i] * gw + rg * out[v + i];
    }
    return out;
  }

  /** λ = ‖∇f‖² = γ²(‖x‖²‖v‖² + ‖Ux‖²) at θ, as UvNetwork.ntk */
  ntk(theta: Float64Array): number {
    this.evaluate(theta);
    const { width: n, inputDim: d, ux } = this;
    let v2 = 0;
    let ux2 = 0;
    for (let i = 0; i < n; i++) {
      v2 += theta[n * d + i] * theta[n * d + i];
      ux2 += ux[i] * ux[i];
    }
    return this.gamma * this.gamma * (this.x2 * v2 + ux2);
  }
}

/**
 * The UV model as a TrainingProblem on its explicit weights θ = (U row-major, v), starting from
 * buildUvNetwork's weights (seeded, or a realisation of (f0, λ0)). One example, so no minibatches;
 * the sharpness is the closed form uvSharpness(f, λ, ε, y), exact where Lanczos would iterate.
 */
export function uvTrainingProblem(model: UvModelSpec): TrainingProblem {
  const net = buildUvNetwork(model);
  const { eps, target } = uvConstants(model);
  const loss = new UvLoss(net.x, net.width, net.multiplier, target);
  const initial = new Float64Array(net.U.length + net.v.length);
  initial.set(net.U);
  initial.set(net.v, net.U.length);
  return {
    parameterCount: initial.length,
    examples: 1,
    initialTheta: () => Float64Array.from(initial),
    full: loss,
    ntk: (theta) => loss.ntk(theta),
    sharpness: (theta) => {
      const ntk = loss.ntk(theta);
      return uvSharpness(loss.output, ntk, eps, target);
    },
  };
}
