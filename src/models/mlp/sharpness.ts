import { hessianVectorProduct } from './hessian-vector.js';
import { lanczosTopEigen, type LanczosOptions, type LanczosResult } from '../../analysis/lanczos.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * Sharpness: the top eigenvalue of the loss Hessian H(θ), by Lanczos with full
 * reorthogonalisation on exact Hessian-vector products (one HVP per iteration; the forward and
 * backward passes at θ are computed once). Defaults (LANCZOS_DEFAULTS): relative residual 1e-10,
 * at most 100 iterations, a seeded Gaussian start unless `start` is given; pass the previous
 * result's vector as `start` along a training run, where the top eigenvector moves slowly.
 *
 * "Top" is the largest algebraic eigenvalue, the one that decides GD's stability (η·sharpness < 2).
 */
export function sharpness(ws: MlpWorkspace, theta: Float64Array, options: LanczosOptions = {}): LanczosResult {
  return lanczosTopEigen((v, out) => hessianVectorProduct(ws, theta, v, out), ws.net.parameterCount, options);
}
