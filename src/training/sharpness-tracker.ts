import { createLanczosWorkspace, lanczosTopEigen, type LanczosWorkspace } from '../analysis/lanczos.js';
import type { LossEvaluator } from './problem.js';

/** Lanczos settings of a sharpness column (the spec's model.sharpness). */
export interface SharpnessOptions {
  tolerance: number;
  maxIterations: number;
}

/**
 * The top eigenvalue of a symmetric operator along a training run: Lanczos on exact HVPs at each
 * θ, started from the previous top eigenvector, which moves slowly along training (a few
 * iterations instead of tens).
 */
class WarmLanczos {
  private readonly lanczos: LanczosWorkspace;
  private readonly previous: Float64Array;
  private warm = false;

  constructor(
    private readonly dimension: number,
    private readonly options: SharpnessOptions,
  ) {
    this.lanczos = createLanczosWorkspace(dimension, Math.min(options.maxIterations, dimension));
    this.previous = new Float64Array(dimension);
  }

  top(apply: (v: Float64Array, out: Float64Array) => void): number {
    const result = lanczosTopEigen(apply, this.dimension, {
      tolerance: this.options.tolerance,
      maxIterations: this.options.maxIterations,
      workspace: this.lanczos,
      start: this.warm ? this.previous : undefined,
    });
    if (Number.isFinite(result.value)) {
      this.previous.set(result.vector);
      this.warm = true;
    }
    return result.value;
  }
}

/** λ_max(H(θ)) of a loss along a run. */
export class SharpnessTracker {
  private readonly lanczos: WarmLanczos;

  constructor(
    private readonly loss: LossEvaluator,
    parameterCount: number,
    options: SharpnessOptions,
  ) {
    this.lanczos = new WarmLanczos(parameterCount, options);
  }

  at(theta: Float64Array): number {
    return this.lanczos.top((v, out) => this.loss.hessianVector(theta, v, out));
  }
}

/**
 * λ_max(P⁻¹H(θ)) for a diagonal preconditioner P > 0, by Lanczos on the symmetric
 * P^{-1/2} H P^{-1/2}, which has the same eigenvalues (a similarity transform of P⁻¹H).
 */
export class PreconditionedSharpnessTracker {
  private readonly lanczos: WarmLanczos;
  private readonly scale: Float64Array;
  private readonly scaled: Float64Array;

  constructor(
    private readonly loss: LossEvaluator,
    parameterCount: number,
    options: SharpnessOptions,
  ) {
    this.lanczos = new WarmLanczos(parameterCount, options);
    this.scale = new Float64Array(parameterCount);
    this.scaled = new Float64Array(parameterCount);
  }

  /** at θ, for the preconditioner diagonal `p` */
  at(theta: Float64Array, p: Float64Array): number {
    const { scale, scaled } = this;
    for (let i = 0; i < scale.length; i++) scale[i] = 1 / Math.sqrt(p[i]);
    return this.lanczos.top((v, out) => {
      for (let i = 0; i < v.length; i++) scaled[i] = scale[i] * v[i];
      this.loss.hessianVector(theta, scaled, out);
      for (let i = 0; i < out.length; i++) out[i] *= scale[i];
    });
  }
}
