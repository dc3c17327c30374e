import type { Optimizer } from './optimizer.js';

/**
 * RMSprop as torch.optim.RMSprop(alpha=ρ, eps=ε) takes it (centered=False, momentum=0):
 * s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). State: s (P doubles).
 */
export function rmsprop(rho: number, epsilon: number): Optimizer {
  const oneMinusRho = 1 - rho;
  return {
    spec: { kind: 'rmsprop', rho, epsilon },
    stateLength: (p) => p,
    step(theta, square, gradient, eta) {
      for (let k = 0; k < theta.length; k++) {
        const g = gradient[k];
        // square_avg.mul_(ρ).addcmul_(g, g, value=1 − ρ): ATen's addcmul is self + (value·t1)·t2
        const s = rho * square[k] + oneMinusRho * g * g;
        square[k] = s;
        // param.addcdiv_(g, √s + ε, value=−η): ATen's addcdiv is self + (value·t1)/t2
        theta[k] += (-eta * g) / (Math.sqrt(s) + epsilon);
      }
    },
    tangent(square, gradient, dTheta, dSquare, hv, eta) {
      for (let i = 0; i < dTheta.length; i++) {
        const g = gradient[i];
        const root = Math.sqrt(rho * square[i] + oneMinusRho * g * g);
        const avg = root + epsilon;
        const ds = rho * dSquare[i] + 2 * oneMinusRho * g * hv[i];
        // d(g/avg) = dg/avg − g d√s/avg², with d√s = ds/(2√s). When √s = 0, s = ρ s₀ + (1 − ρ) g² = 0
        // forces g = 0: then g/avg is 0 along every change of s, and along a change of g it is
        // g/(√(1 − ρ)|g| + ε) = g/ε to first order, so the second term is exactly 0, not 0·∞.
        const dRatio = hv[i] / avg - (root > 0 ? (g * ds) / (2 * root * avg * avg) : 0);
        dSquare[i] = ds;
        dTheta[i] -= eta * dRatio;
      }
    },
    preconditioner(square, gradient, _t, out) {
      for (let i = 0; i < out.length; i++) {
        const g = gradient[i];
        out[i] = Math.sqrt(rho * square[i] + oneMinusRho * g * g) + epsilon;
      }
    },
    // with P frozen, θ ← θ − η P⁻¹ g is GD on P^{-1/2} H P^{-1/2}: stable while η λ_max(P⁻¹H) < 2
    threshold: { value: 2, on: 'preconditioned', formula: '2' },
  };
}
