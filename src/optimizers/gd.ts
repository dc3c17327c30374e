import type { Optimizer } from './optimizer.js';

/** Plain gradient descent, θ ← θ − η g (torch.optim.SGD without momentum). No state. */
export function gradientDescent(): Optimizer {
  return {
    spec: { kind: 'gd' },
    stateLength: () => 0,
    step(theta, _state, gradient, eta) {
      // this exact expression: every GD run before optimizers existed must stay byte-identical
      for (let k = 0; k < theta.length; k++) theta[k] -= eta * gradient[k];
    },
    tangent(_state, _gradient, dTheta, _dState, hv, eta) {
      // dθ ← (I − ηH) dθ, as the GD tangent map always computed it
      for (let i = 0; i < dTheta.length; i++) dTheta[i] = dTheta[i] - eta * hv[i];
    },
    threshold: { value: 2, on: 'sharpness', formula: '2' },
  };
}
