import type { Optimizer } from './optimizer.js';

/**
 * Heavy-ball momentum, torch.optim.SGD(momentum=β, dampening=0): v ← β v + g; θ ← θ − η v.
 * State: v (P doubles). torch sets v = clone(g) on its first step, which equals β·0 + g exactly.
 */
export function momentum(beta: number): Optimizer {
  return {
    spec: { kind: 'momentum', beta },
    stateLength: (p) => p,
    step(theta, velocity, gradient, eta) {
      for (let k = 0; k < theta.length; k++) {
        // buf.mul_(β).add_(g); param.add_(buf, alpha=−η)
        const v = beta * velocity[k] + gradient[k];
        velocity[k] = v;
        theta[k] -= eta * v;
      }
    },
    tangent(_velocity, _gradient, dTheta, dVelocity, hv, eta) {
      // dv' = β dv + H dθ; dθ' = dθ − η dv'
      for (let i = 0; i < dTheta.length; i++) {
        const dv = beta * dVelocity[i] + hv[i];
        dVelocity[i] = dv;
        dTheta[i] -= eta * dv;
      }
    },
    // on a quadratic, θ_{t+1} = ((1 + β)I − ηH) θ_t − β θ_{t−1} flips an eigenvalue through −1 at ηλ = 2(1 + β)
    threshold: { value: 2 * (1 + beta), on: 'sharpness', formula: '2(1 + β)' },
  };
}
