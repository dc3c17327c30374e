import { describe, expect, it } from 'vitest';
import type { MlpArchitecture } from '../../../src/models/mlp/architecture.js';
import { gdStep } from '../../../src/models/mlp/gd-step.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { ntkGram, ntkTopEigenvalue } from '../../../src/models/mlp/ntk.js';
import { sharpness } from '../../../src/models/mlp/sharpness.js';
import { symmetricEigen } from '../../../src/models/mlp/symmetric-eigen.js';
import { createWorkspace, type MlpWorkspace } from '../../../src/models/mlp/workspace.js';
import { architecture, maxAbs, maxAbsDifference, problem } from './mlp-helpers.js';

/**
 * The Jacobian J ((n·o) × P) row by row, by a route independent of the Gram formula: backprop on a
 * one-example workspace whose target is f(xᵢ) − e_c, so that ∇L = Jᵢᵀ (f − y) = ∇f_c(xᵢ).
 */
function explicitJacobian(ws: MlpWorkspace, theta: Float64Array): Float64Array[] {
  const { net, data } = ws;
  const { inputDim: d, outputs: o } = data;
  forward(ws, theta);
  const rows: Float64Array[] = [];
  for (let i = 0; i < data.examples; i++) {
    for (let c = 0; c < o; c++) {
      const targets = Float64Array.from(ws.outputs.subarray(i * o, (i + 1) * o));
      targets[c] -= 1;
      const single = createWorkspace(net, { inputs: data.inputs.slice(i * d, (i + 1) * d), targets, examples: 1, inputDim: d, outputs: o });
      rows.push(Float64Array.from(lossGradient(single, theta)));
    }
  }
  return rows;
}

const configs: Partial<MlpArchitecture>[] = [
  { activation: 'tanh', outputs: 1, layers: [5] },
  { activation: 'gelu', outputs: 3, layers: [4, 6], bias: false },
  { activation: 'elu', outputs: 2, layers: [6, 3, 4], parameterization: 'standard' },
  { activation: 'relu', outputs: 2, layers: [7], parameterization: 'standard', multiplier: 2.5 },
];

describe('NTK Gram matrix and its top eigenvalue', () => {
  for (const config of configs) {
    it(`${config.activation}, ${config.outputs} output(s), layers ${config.layers}: Θ = J Jᵀ and ntk = λ_max(JᵀJ/n)`, () => {
      const { ws, theta } = problem(architecture(config), 5, 17);
      const n = ws.examples;
      const m = n * config.outputs!;
      const gram = Float64Array.from(ntkGram(ws, theta));
      const jacobian = explicitJacobian(ws, theta);
      const expected = new Float64Array(m * m);
      for (let p = 0; p < m; p++)
        for (let q = 0; q < m; q++) expected[p * m + q] = jacobian[p].reduce((s, x, k) => s + x * jacobian[q][k], 0);
      expect(maxAbsDifference(gram, expected) / maxAbs(expected)).toBeLessThan(1e-12);

      const top = symmetricEigen(expected, m).values[m - 1] / n;
      const result = ntkTopEigenvalue(ws, theta);
      expect(result.converged).toBe(true);
      expect(Math.abs(result.value - top) / top).toBeLessThan(1e-10);
    });
  }
});

describe('at a converged minimum, sharpness = ntk (1e-8)', () => {
  const cases: Partial<MlpArchitecture>[] = [
    { activation: 'tanh', outputs: 1, layers: [16] },
    { activation: 'gelu', outputs: 2, layers: [12, 10] },
    { activation: 'elu', outputs: 3, layers: [10, 10], bias: false, parameterization: 'standard' },
  ];
  for (const config of cases) {
    it(`${config.activation}, ${config.outputs} output(s), layers ${config.layers}`, () => {
      // 6 examples, far fewer than parameters: GD interpolates them, the residual goes to 0 and
      // the Hessian becomes the Gauss–Newton matrix JᵀJ/n.
      const { ws, theta } = problem(architecture({ inputDim: 3, ...config }), 6, 2);
      expect(theta.length).toBeGreaterThan(4 * 6 * config.outputs!);
      const initialSharpness = sharpness(ws, theta).value;
      const initialNtk = ntkTopEigenvalue(ws, theta).value;
      expect(Math.abs(initialSharpness - initialNtk) / initialNtk).toBeGreaterThan(1e-4); // not equal away from a minimum
      const eta = 0.5 / initialSharpness;
      let loss = Infinity;
      for (let t = 0; t < 50000 && loss > 1e-30; t++) loss = gdStep(ws, theta, eta);
      expect(loss).toBeLessThan(1e-28);
      const s = sharpness(ws, theta).value;
      const k = ntkTopEigenvalue(ws, theta).value;
      expect(eta * s).toBeLessThan(2);
      expect(Math.abs(s - k) / k).toBeLessThan(1e-8);
    });
  }
});
