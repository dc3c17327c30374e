import { lossGradient } from './gradient.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * One full-batch gradient-descent step θ ← θ − η ∇L(θ), in place. Returns the loss at the θ the
 * step started from. Reuses the gradient if the workspace already holds it for this θ (after a
 * tangent step at the same θ, for instance).
 */
export function gdStep(ws: MlpWorkspace, theta: Float64Array, eta: number): number {
  const gradient = lossGradient(ws, theta);
  const loss = ws.loss;
  for (let k = 0; k < theta.length; k++) theta[k] -= eta * gradient[k];
  return loss;
}
