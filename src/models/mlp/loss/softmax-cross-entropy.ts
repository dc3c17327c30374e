import type { MlpLoss } from './loss.js';

/**
 * Cross-entropy over c ≥ 2 outputs: L = (1/n) Σᵢ −log pᵢ[kᵢ], with p = softmax(f) and kᵢ the class
 * of example i (its target row is the one-hot e_k). With M = max_c f_c and e_c = e^(f_c − M) ≤ 1,
 * S = Σ_c e_c = 1 + (the sum without the maximum's e = 1):
 *
 *   −log p[k] = log1p(S − 1) + (M − f_k),   n ∂L/∂f = p − e_k,   n ∇²_F L = diag(p) − p pᵀ.
 *
 * Both terms of the loss are ≥ 0, the label's residual p_k − 1 is written −(Σ_{c≠k} e_c)/S, and
 * (diag(p) − ppᵀ)u as p_c Σ_{d≠c} p_d (u_c − u_d) (O(c²) per example, next to O(P) in the products),
 * so a well-classified example keeps its tiny loss, gradient and curvature to full relative precision.
 */
export function softmaxCrossEntropyLoss(outputs: number): MlpLoss {
  const o = outputs;
  return {
    name: 'cross-entropy',
    stateLength: (examples) => examples * o,
    checkTargets(targets, examples, width) {
      if (width !== o) throw new RangeError(`this softmax loss has ${o} outputs, the targets ${width}`);
      for (let i = 0; i < examples; i++) {
        let ones = 0;
        for (let c = 0; c < o; c++) {
          const y = targets[i * o + c];
          if (y === 1) ones++;
          else if (y !== 0) ones = Infinity;
        }
        if (ones !== 1)
          throw new RangeError(
            `cross-entropy with ${o} outputs reads one-hot targets; example ${i} has ${Array.from(targets.subarray(i * o, (i + 1) * o)).join(', ')}`,
          );
      }
    },
    evaluate(z, gamma, targets, outputsF, residual, p, examples) {
      let sum = 0;
      for (let i = 0; i < examples; i++) {
        const row = i * o;
        let top = 0;
        let label = 0;
        for (let c = 0; c < o; c++) {
          const f = gamma * z[row + c];
          outputsF[row + c] = f;
          if (f > outputsF[row + top]) top = c;
          if (targets[row + c] === 1) label = c;
        }
        const max = outputsF[row + top];
        let rest = 0; // S − 1: every e_c but the maximum's
        let others = 0; // S − e_label
        for (let c = 0; c < o; c++) {
          const e = c === top ? 1 : Math.exp(outputsF[row + c] - max);
          p[row + c] = e;
          if (c !== top) rest += e;
          if (c !== label) others += e;
        }
        const s = 1 + rest;
        for (let c = 0; c < o; c++) {
          const pc = p[row + c] / s;
          p[row + c] = pc;
          residual[row + c] = c === label ? -others / s : pc;
        }
        sum += Math.log1p(rest) + (max - outputsF[row + label]);
      }
      return sum / examples;
    },
    hessianOutputs(rz, scale, p, out, examples) {
      for (let i = 0; i < examples; i++) {
        const row = i * o;
        for (let c = 0; c < o; c++) {
          // u_c − pᵀu = Σ_{d≠c} p_d (u_c − u_d): no cancellation when p_c ≈ 1
          let centred = 0;
          for (let d = 0; d < o; d++) if (d !== c) centred += p[row + d] * (rz[row + c] - rz[row + d]);
          out[row + c] = scale * p[row + c] * centred;
        }
      }
    },
  };
}
