import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src/models/mlp/activation.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { architecture, lossAt, maxAbs, maxAbsDifference, noKinkWithin, problem } from './mlp-helpers.js';

/**
 * Backpropagation against central differences of the loss, for every activation, with and
 * without bias, in both parameterisations, with one and with three outputs. The step h = 1e-5
 * leaves a truncation error of order h²·L''' ≈ 1e-10 and a rounding error of order 1e-16/h ≈ 1e-11,
 * both far below the 1e-7 required. For relu and elu the test first checks that no ±h move of any
 * parameter flips the sign of a hidden pre-activation, so no difference straddles a kink.
 */
const H = 1e-5;

describe('gradient = central finite differences (1e-7 relative)', () => {
  for (const activation of ACTIVATIONS) {
    for (const bias of [true, false]) {
      for (const parameterization of ['ntk', 'standard'] as const) {
        for (const outputs of [1, 3]) {
          it(`${activation}, ${bias ? 'bias' : 'no bias'}, ${parameterization}, ${outputs} output${outputs > 1 ? 's' : ''}`, () => {
            const { ws, theta } = problem(architecture({ activation, bias, parameterization, outputs, multiplier: 0.8 }), 6, 11);
            if (activation === 'relu' || activation === 'elu') expect(noKinkWithin(ws, theta, H)).toBe(true);
            const gradient = Float64Array.from(lossGradient(ws, theta));
            const differences = gradient.map((_, k) => (lossAt(ws, theta, k, H) - lossAt(ws, theta, k, -H)) / (2 * H));
            expect(maxAbs(gradient)).toBeGreaterThan(1e-3);
            expect(maxAbsDifference(gradient, differences) / maxAbs(gradient)).toBeLessThan(1e-7);
          });
        }
      }
    }
  }

  it('the loss is (1/2n) Σ ‖f(x) − y‖² and the gradient buffer is reused at an unchanged θ', () => {
    const { ws, theta } = problem(architecture({ outputs: 2 }), 4);
    const loss = forward(ws, theta);
    let sum = 0;
    for (let k = 0; k < ws.outputs.length; k++) sum += (ws.outputs[k] - ws.data.targets[k]) ** 2;
    expect(loss).toBe(sum / 8);
    const first = lossGradient(ws, theta);
    const copy = Float64Array.from(first);
    expect(lossGradient(ws, theta)).toBe(first);
    // a changed θ is noticed, even by one parameter
    const moved = Float64Array.from(theta);
    moved[3] += 1e-3;
    const second = Float64Array.from(lossGradient(ws, moved));
    expect(maxAbsDifference(second, copy)).toBeGreaterThan(0);
    expect(Array.from(lossGradient(ws, theta))).toEqual(Array.from(copy));
  });
});
