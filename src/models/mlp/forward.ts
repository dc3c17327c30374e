import { applyActivation } from './activation.js';
import { addRowVector } from './elementwise.js';
import { matmulNN, transposeInto } from './matmul.js';
import { Evaluated, type MlpWorkspace } from './workspace.js';

/** Throws when θ does not fit the network. */
export function checkParameters(ws: MlpWorkspace, theta: Float64Array, name = 'θ'): void {
  if (theta.length !== ws.net.parameterCount)
    throw new RangeError(`${name} has ${theta.length} entries, the network ${ws.net.parameterCount}`);
}

/**
 * Forward pass over all examples at θ; returns the workspace's loss (MSE L = (1/2n) Σᵢ ‖f(xᵢ) − yᵢ‖²
 * or cross-entropy, loss/) and leaves Z_l, A_l, φ'(Z_l), φ''(Z_l), F = γ Z_{L+1} and the residual
 * n·∂L/∂F (F − Y for MSE) in the workspace. Each layer is one matrix
 * product Z_l = c_l A_{l−1} W_lᵀ (through the transposed W_l, so the product runs i-k-j) plus
 * β_l b_l on every row. Reuses the cached pass when θ is unchanged.
 */
export function forward(ws: MlpWorkspace, theta: Float64Array): number {
  if (ws.isCurrent(theta, Evaluated.Forward)) return ws.loss;
  checkParameters(ws, theta);
  const params = ws.loadParameters(theta);
  const { net, examples: n } = ws;
  const last = net.layout.length;
  for (let l = 1; l <= last; l++) {
    const layer = net.layout[l - 1];
    const { inputs, outputs: width, weightOffset, biasOffset } = layer;
    const z = ws.pre[l - 1];
    transposeInto(params, weightOffset, width, inputs, ws.weightsT, weightOffset);
    matmulNN(ws.layerInput(l), 0, ws.weightsT, weightOffset, z, 0, n, inputs, width, layer.weightMultiplier, false);
    if (biasOffset >= 0) addRowVector(z, n, width, params, biasOffset, layer.biasMultiplier);
    if (l < last)
      applyActivation(net.architecture.activation, z, ws.act[l - 1], ws.firstDerivative[l - 1], ws.secondDerivative[l - 1], 0, n * width);
  }
  ws.loss = ws.lossFunction.evaluate(
    ws.pre[last - 1],
    net.architecture.multiplier,
    ws.data.targets,
    ws.outputs,
    ws.residual,
    ws.lossState,
    n,
  );
  ws.markEvaluated(Evaluated.Forward);
  return ws.loss;
}
