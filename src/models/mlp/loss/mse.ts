import type { MlpLoss } from './loss.js';

/**
 * L = (1/2n) Σᵢ ‖f(xᵢ) − yᵢ‖²: residual F − Y, output Hessian n∇²_F L = I. The arithmetic is
 * exactly that of the passes before losses were pluggable, so every MSE output is unchanged to the
 * bit (test/golden).
 */
export const MSE_LOSS: MlpLoss = {
  name: 'mse',
  stateLength: () => 0,
  checkTargets: () => {},
  evaluate(z, gamma, targets, outputs, residual, _state, examples) {
    let sum = 0;
    for (let k = 0; k < z.length; k++) {
      const f = gamma * z[k];
      const r = f - targets[k];
      outputs[k] = f;
      residual[k] = r;
      sum += r * r;
    }
    return sum / (2 * examples);
  },
  hessianOutputs(rz, scale, _state, out) {
    for (let k = 0; k < out.length; k++) out[k] = scale * rz[k];
  },
};
