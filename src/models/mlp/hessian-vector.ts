import { checkParameters } from './forward.js';
import { addRowVector, hadamardInto, hadamardSumInto, sumRowsInto } from './elementwise.js';
import { lossGradient } from './gradient.js';
import { matmulNN, matmulTN, transposeInto } from './matmul.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * out ← H(θ) v, the exact Hessian-vector product of the loss, by Pearlmutter's R-operator: the
 * forward-mode derivative R{·} = d/dt (·)(θ + t v) at t = 0 of the forward and backward passes.
 * With v = (V_l, u_l) split like θ and R{A_0} = 0:
 *
 *   R-forward   R{Z_l} = c_l (R{A_{l−1}} W_lᵀ + A_{l−1} V_lᵀ) + β_l u_l,   R{A_l} = φ'(Z_l) ⊙ R{Z_l},
 *               R{G_{L+1}} = (γ²/n) (n∇²_F L) R{Z_{L+1}}   (n∇²_F L = I for MSE, diag(p) − ppᵀ per example for softmax cross-entropy)
 *   R-backward  R{∂L/∂W_l} = c_l (R{G_l}ᵀ A_{l−1} + G_lᵀ R{A_{l−1}}),   R{∂L/∂b_l} = β_l Σᵢ R{G_l}[i, ·],
 *               R{∂L/∂A_{l−1}} = c_l (R{G_l} W_l + G_l V_l),
 *               R{G_{l−1}} = R{∂L/∂A_{l−1}} ⊙ φ'(Z_{l−1}) + ∂L/∂A_{l−1} ⊙ φ''(Z_{l−1}) ⊙ R{Z_{l−1}}
 *
 * and H v = (R{∂L/∂W_l}, R{∂L/∂b_l}). The forward and backward passes at θ are reused when the
 * workspace already holds them (see lossGradient); the R-passes cost six matrix products per layer
 * (five for the first), about two gradients. `out` may be `v`. Returns `out`.
 */
export function hessianVectorProduct(ws: MlpWorkspace, theta: Float64Array, v: Float64Array, out: Float64Array): Float64Array {
  checkParameters(ws, v, 'the direction');
  checkParameters(ws, out, 'the output');
  if (out === theta) throw new RangeError('hessianVectorProduct: out must not be θ');
  lossGradient(ws, theta);
  const { net, examples: n, parameters } = ws;
  const direction = ws.direction;
  direction.set(v);
  const product = ws.product;
  const last = net.layout.length;

  for (let l = 1; l <= last; l++) {
    const layer = net.layout[l - 1];
    const { inputs, outputs: width, weightOffset, biasOffset } = layer;
    const c = layer.weightMultiplier;
    const rz = ws.rPre[l - 1];
    transposeInto(direction, weightOffset, width, inputs, ws.directionT, weightOffset);
    matmulNN(ws.layerInput(l), 0, ws.directionT, weightOffset, rz, 0, n, inputs, width, c, false);
    if (l > 1) matmulNN(ws.rAct[l - 2], 0, ws.weightsT, weightOffset, rz, 0, n, inputs, width, c, true);
    if (biasOffset >= 0) addRowVector(rz, n, width, direction, biasOffset, layer.biasMultiplier);
    if (l < last) hadamardInto(ws.rAct[l - 1], ws.firstDerivative[l - 1], rz, n * width);
  }

  const gamma = net.architecture.multiplier;
  ws.lossFunction.hessianOutputs(ws.rPre[last - 1], (gamma * gamma) / n, ws.lossState, ws.rDelta[last - 1], n);

  for (let l = last; l >= 1; l--) {
    const layer = net.layout[l - 1];
    const { inputs, outputs: width, weightOffset, biasOffset } = layer;
    const c = layer.weightMultiplier;
    const rg = ws.rDelta[l - 1];
    const g = ws.delta[l - 1];
    matmulTN(rg, 0, ws.layerInput(l), 0, product, weightOffset, n, width, inputs, c, false);
    if (l > 1) matmulTN(g, 0, ws.rAct[l - 2], 0, product, weightOffset, n, width, inputs, c, true);
    if (biasOffset >= 0) sumRowsInto(rg, n, width, layer.biasMultiplier, product, biasOffset);
    if (l > 1) {
      const rBack = ws.rBack;
      matmulNN(rg, 0, parameters, weightOffset, rBack, 0, n, width, inputs, c, false);
      matmulNN(g, 0, direction, weightOffset, rBack, 0, n, width, inputs, c, true);
      const below = ws.rDelta[l - 2];
      hadamardSumInto(below, rBack, ws.firstDerivative[l - 2], ws.back[l - 2], ws.secondDerivative[l - 2], ws.rPre[l - 2], below.length);
    }
  }
  out.set(product);
  return out;
}
