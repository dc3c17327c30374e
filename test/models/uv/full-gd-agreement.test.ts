import { describe, expect, it } from 'vitest';
import { createUvMap } from '../../../src/models/uv/map.js';
import { uvConstants, edgeOfStabilityEta } from '../../../src/models/uv/constants.js';
import { buildUvNetwork, initialFunctionState } from '../../../src/models/uv/network.js';
import { relativeError, uvModel } from '../../helpers.js';

/**
 * The function-space map is exact: GD on explicit weights U, v must give the same f and λ at every
 * step, to rounding. Cases cover convergence, a catapult and the edge of stability (2-cycle).
 */
const cases = [
  { label: 'converging, small init', width: 20, inputDim: 3, target: 1.5, eta: 0.3, init: { seed: 7, sigmaU: 0.5, sigmaV: 0.5 } },
  { label: 'catapult, eta*lambda0 > 2', width: 64, inputDim: 16, target: 2, eta: 0.07, init: { seed: 1, sigmaU: 1, sigmaV: 1 } },
  {
    label: 'negative target, custom norm and multiplier',
    width: 9,
    inputDim: 5,
    inputNorm2: 2.5,
    multiplier: 0.4,
    target: -0.8,
    eta: 0.5,
    init: { seed: 3, sigmaU: 0.7, sigmaV: 0.4 },
  },
  { label: 'edge of stability, 2-cycle', width: 50, inputDim: 4, target: 3, eta: 1.25, init: { seed: 11, sigmaU: 0.3, sigmaV: 0.3 } },
  { label: 'edge of stability from a function-space init', width: 30, inputDim: 2, target: 5, eta: 0.8, init: { f0: 0.5, ntk0: 0.9 } },
];

describe('function-space map agrees with full-parameter gradient descent', () => {
  for (const c of cases) {
    it(c.label, () => {
      const { label: _label, eta, ...fields } = c;
      const model = uvModel(fields);
      const k = uvConstants(model);
      const net = buildUvNetwork(model);
      const start = initialFunctionState(model);
      // both engines start from the same point
      expect(relativeError(net.output(), start.f0)).toBeLessThan(1e-13);
      expect(relativeError(net.ntk(), start.ntk0)).toBeLessThan(1e-13);

      const map = createUvMap({ eta, eps: k.eps, target: k.target });
      const state = new Float64Array([start.f0, start.ntk0]);
      let worst = 0;
      for (let t = 1; t <= 300; t++) {
        net.step(eta, k.target);
        map.step(state, state);
        worst = Math.max(worst, relativeError(net.output(), state[0]), relativeError(net.ntk(), state[1]));
      }
      expect(worst).toBeLessThan(1e-10);
      expect(Number.isFinite(state[0])).toBe(true);
    });
  }

  it('the edge-of-stability cases really are beyond 1/(sqrt(eps)|y|) and end on a 2-cycle', () => {
    for (const c of cases.slice(3)) {
      const { label: _label, eta, ...fields } = c;
      const model = uvModel(fields);
      const k = uvConstants(model);
      expect(eta).toBeGreaterThan(edgeOfStabilityEta(k));
      const map = createUvMap({ eta, eps: k.eps, target: k.target });
      const start = initialFunctionState(model);
      const z = new Float64Array([start.f0, start.ntk0]);
      for (let t = 0; t < 5000; t++) map.step(z, z);
      const a = z[0];
      map.step(z, z);
      const b = z[0];
      map.step(z, z);
      expect(Math.abs(z[0] - a)).toBeLessThan(1e-9); // period 2 ...
      expect(Math.abs(b - a)).toBeGreaterThan(1e-3); // ... not period 1
    }
  });
});
