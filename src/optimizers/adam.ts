import type { Optimizer } from './optimizer.js';

/**
 * Adam as torch.optim.Adam(betas=(β₁, β₂), eps=ε) takes it in torch 1.13's single-tensor path
 * (amsgrad=False, weight_decay=0): m ← β₁ m + (1 − β₁) g; s ← β₂ s + (1 − β₂) g²;
 * θ ← θ − (η/(1 − β₁ᵗ)) m / (√s/√(1 − β₂ᵗ) + ε). State: m then s (2P doubles).
 */
export function adam(beta1: number, beta2: number, epsilon: number): Optimizer {
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  /** √(1 − β₂ᵗ), torch's bias_correction2_sqrt */
  const secondCorrectionRoot = (t: number) => Math.sqrt(1 - Math.pow(beta2, t));
  return {
    spec: { kind: 'adam', beta1, beta2, epsilon },
    stateLength: (p) => 2 * p,
    step(theta, state, gradient, eta, t) {
      const p = theta.length;
      const stepSize = eta / (1 - Math.pow(beta1, t));
      const root2 = secondCorrectionRoot(t);
      for (let k = 0; k < p; k++) {
        const g = gradient[k];
        // exp_avg.mul_(β₁).add_(g, alpha=1 − β₁); exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1 − β₂)
        const m = beta1 * state[k] + oneMinusBeta1 * g;
        const s = beta2 * state[p + k] + oneMinusBeta2 * g * g;
        state[k] = m;
        state[p + k] = s;
        // denom = (√s / √bc2).add_(ε); param.addcdiv_(m, denom, value=−step_size) = θ + (−step_size·m)/denom
        theta[k] += (-stepSize * m) / (Math.sqrt(s) / root2 + epsilon);
      }
    },
    tangent(state, gradient, dTheta, dState, hv, eta, t) {
      const p = dTheta.length;
      const stepSize = eta / (1 - Math.pow(beta1, t));
      const root2 = secondCorrectionRoot(t);
      for (let i = 0; i < p; i++) {
        const g = gradient[i];
        const m = beta1 * state[i] + oneMinusBeta1 * g;
        const root = Math.sqrt(beta2 * state[p + i] + oneMinusBeta2 * g * g);
        const denom = root / root2 + epsilon;
        const dm = beta1 * dState[i] + oneMinusBeta1 * hv[i];
        const ds = beta2 * dState[p + i] + 2 * oneMinusBeta2 * g * hv[i];
        // d(m/denom) = dm/denom − m d(denom)/denom², d(denom) = ds/(2√s √bc2). When √s = 0 (β₂ > 0):
        // s = 0 means this component's gradient was 0 at every step so far, so m = 0 too and
        // m/denom is 0 along every change of s: the second term is exactly 0, not 0·∞. (With β₂ = 0,
        // √s = |g| has a kink at g = 0; dropping the term takes the mean of its two one-sided slopes.)
        const dRatio = dm / denom - (root > 0 ? (m * ds) / (2 * root * root2 * denom * denom) : 0);
        dState[i] = dm;
        dState[p + i] = ds;
        dTheta[i] -= stepSize * dRatio;
      }
    },
    preconditioner(state, gradient, t, out) {
      const p = out.length;
      const root2 = secondCorrectionRoot(t);
      for (let i = 0; i < p; i++) {
        const g = gradient[i];
        out[i] = Math.sqrt(beta2 * state[p + i] + oneMinusBeta2 * g * g) / root2 + epsilon;
      }
    },
    // with P frozen, (θ, m) ↦ (θ − η P⁻¹ m', m' = β₁ m + (1 − β₁) g) has, per eigenvalue μ of P⁻¹H,
    // trace 1 + β₁ − ημ(1 − β₁) and determinant β₁: an eigenvalue reaches −1 at ημ = (2 + 2β₁)/(1 − β₁)
    threshold: { value: (2 + 2 * beta1) / (1 - beta1), on: 'preconditioned', formula: '(2 + 2β₁)/(1 − β₁)' },
  };
}
