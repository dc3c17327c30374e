import type { Optimizer } from './optimizer.js';

/**
 * Nesterov momentum as torch.optim.SGD(momentum=β, nesterov=True) takes it:
 * v ← β v + g; θ ← θ − η (g + β v). State: v (P doubles).
 */
export function nesterov(beta: number): Optimizer {
  return {
    spec: { kind: 'nesterov', beta },
    stateLength: (p) => p,
    step(theta, velocity, gradient, eta) {
      for (let k = 0; k < theta.length; k++) {
        const g = gradient[k];
        const v = beta * velocity[k] + g;
        velocity[k] = v;
        // d_p = g.add(buf, alpha=β); param.add_(d_p, alpha=−η)
        theta[k] -= eta * (g + beta * v);
      }
    },
    tangent(_velocity, _gradient, dTheta, dVelocity, hv, eta) {
      // dv' = β dv + H dθ; dθ' = dθ − η (H dθ + β dv')
      for (let i = 0; i < dTheta.length; i++) {
        const dv = beta * dVelocity[i] + hv[i];
        dVelocity[i] = dv;
        dTheta[i] -= eta * (hv[i] + beta * dv);
      }
    },
    // on a quadratic the step's 2×2 block has trace 1 + β − ηλ(1 + β) and determinant β(1 − ηλ):
    // an eigenvalue reaches −1 at ηλ = 2(1 + β)/(1 + 2β)
    threshold: { value: (2 * (1 + beta)) / (1 + 2 * beta), on: 'sharpness', formula: '2(1 + β)/(1 + 2β)' },
  };
}
