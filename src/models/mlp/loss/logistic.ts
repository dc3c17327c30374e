import type { MlpLoss } from './loss.js';

/**
 * Cross-entropy with two classes and one output: the logistic loss L = (1/n) Σᵢ log(1 + e^(−yᵢ fᵢ))
 * on labels y = ±1, the softmax loss over the logits (0, f) with class +1 ↔ 1 (tested to 1e-14).
 * With the margin m = y f and σ the logistic function:
 *
 *   n ∂L/∂f = −y σ(−m) = σ(f) − [y = +1],   n ∂²L/∂f² = σ(m) σ(−m) = σ(f)(1 − σ(f)).
 *
 * Every term from e = e^(−|m|) ≤ 1, so nothing overflows and a large margin keeps its tiny loss
 * and gradient to full relative precision: log(1 + e^(−m)) = max(−m, 0) + log1p(e).
 */
export const LOGISTIC_LOSS: MlpLoss = {
  name: 'cross-entropy',
  stateLength: (examples) => examples,
  checkTargets(targets, examples, outputs) {
    if (outputs !== 1) throw new RangeError(`the logistic loss has one output, got ${outputs}`);
    for (let i = 0; i < examples; i++)
      if (targets[i] !== 1 && targets[i] !== -1)
        throw new RangeError(`cross-entropy with one output reads targets ±1 (labels 0 → −1, 1 → +1); example ${i} has ${targets[i]}`);
  },
  evaluate(z, gamma, targets, outputs, residual, state, examples) {
    let sum = 0;
    for (let i = 0; i < examples; i++) {
      const f = gamma * z[i];
      const y = targets[i];
      const m = y * f;
      const e = Math.exp(-Math.abs(m));
      const sigmaMinus = m >= 0 ? e / (1 + e) : 1 / (1 + e); // σ(−m)
      outputs[i] = f;
      residual[i] = -y * sigmaMinus;
      state[i] = e / ((1 + e) * (1 + e));
      sum += Math.max(-m, 0) + Math.log1p(e);
    }
    return sum / examples;
  },
  hessianOutputs(rz, scale, state, out, examples) {
    for (let i = 0; i < examples; i++) out[i] = scale * state[i] * rz[i];
  },
};
