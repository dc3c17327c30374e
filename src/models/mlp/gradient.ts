import { hadamardInto, sumRowsInto } from './elementwise.js';
import { forward } from './forward.js';
import { matmulNN, matmulTN } from './matmul.js';
import { Evaluated, type MlpWorkspace } from './workspace.js';

/**
 * ∇L(θ) by backpropagation over all examples at once. With G_{L+1} = ∂L/∂Z_{L+1} = (γ/n)·residual,
 * the residual n·∂L/∂F that the loss left in the forward pass (F − Y for MSE, P − Y for cross-entropy):
 *
 *   ∂L/∂W_l = c_l G_lᵀ A_{l−1},   ∂L/∂b_l = β_l Σᵢ G_l[i, ·],
 *   ∂L/∂A_{l−1} = c_l G_l W_l,     G_{l−1} = ∂L/∂A_{l−1} ⊙ φ'(Z_{l−1}).
 *
 * Returns the workspace's gradient buffer (valid until the next evaluation at another θ); copy it
 * if you keep it. Reuses the cached passes when θ is unchanged.
 */
export function lossGradient(ws: MlpWorkspace, theta: Float64Array): Float64Array {
  if (ws.isCurrent(theta, Evaluated.Gradient)) return ws.gradient;
  forward(ws, theta);
  const { net, examples: n, gradient, parameters } = ws;
  const last = net.layout.length;
  const scale = net.architecture.multiplier / n;
  const top = ws.delta[last - 1];
  for (let k = 0; k < top.length; k++) top[k] = scale * ws.residual[k];
  for (let l = last; l >= 1; l--) {
    const layer = net.layout[l - 1];
    const { inputs, outputs: width, weightOffset, biasOffset } = layer;
    const g = ws.delta[l - 1];
    matmulTN(g, 0, ws.layerInput(l), 0, gradient, weightOffset, n, width, inputs, layer.weightMultiplier, false);
    if (biasOffset >= 0) sumRowsInto(g, n, width, layer.biasMultiplier, gradient, biasOffset);
    if (l > 1) {
      const back = ws.back[l - 2];
      matmulNN(g, 0, parameters, weightOffset, back, 0, n, width, inputs, layer.weightMultiplier, false);
      const below = ws.delta[l - 2];
      hadamardInto(below, back, ws.firstDerivative[l - 2], below.length);
    }
  }
  ws.markEvaluated(Evaluated.Gradient);
  return gradient;
}
