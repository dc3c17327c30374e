import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { uvModel } from '../../helpers.js';
import { buildUvNetwork } from '../../../src/models/uv/network.js';
import { ACTIVATIONS } from '../../../src/models/mlp/activation.js';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import { hessianVectorProduct } from '../../../src/models/mlp/hessian-vector.js';
import { sharpness } from '../../../src/models/mlp/sharpness.js';
import { symmetricEigen } from '../../../src/models/mlp/symmetric-eigen.js';
import { createWorkspace } from '../../../src/models/mlp/workspace.js';
import {
  architecture,
  gaussianVector,
  gradientAt,
  hessianByRichardson,
  hessianFromHvps,
  maxAbs,
  maxAbsDifference,
  noKinkWithin,
  problem,
} from './mlp-helpers.js';

const CASES = ACTIVATIONS.flatMap((activation) =>
  [true, false].flatMap((bias) => (['ntk', 'standard'] as const).map((parameterization) => ({ activation, bias, parameterization }))),
);

describe('Hessian-vector products by the R-operator', () => {
  for (const c of CASES) {
    it(`${c.activation}, ${c.bias ? 'bias' : 'no bias'}, ${c.parameterization}: equals differences of gradients (1e-6) and an independent dense Hessian (1e-10)`, () => {
      const { ws, theta } = problem(architecture({ ...c, outputs: 2, multiplier: 0.9 }), 5, 21);
      const p = theta.length;
      const v = gaussianVector(p, 4);

      // 1. against central differences of the analytic gradient along v
      const h = 1e-5;
      if (c.activation === 'relu' || c.activation === 'elu') expect(noKinkWithin(ws, theta, h, v)).toBe(true);
      const hv = Float64Array.from(hessianVectorProduct(ws, theta, v, new Float64Array(p)));
      const plus = gradientAt(ws, theta, v, h);
      const minus = gradientAt(ws, theta, v, -h);
      const differences = plus.map((x, i) => (x - minus[i]) / (2 * h));
      expect(maxAbsDifference(hv, differences) / maxAbs(hv)).toBeLessThan(1e-6);

      // 2. the dense Hessian from HVPs on unit vectors is symmetric (the R-operator does not know that)
      const dense = hessianFromHvps(ws, theta);
      let asymmetry = 0;
      for (let i = 0; i < p; i++)
        for (let j = 0; j < i; j++) asymmetry = Math.max(asymmetry, Math.abs(dense[i * p + j] - dense[j * p + i]));
      expect(asymmetry / maxAbs(dense)).toBeLessThan(1e-13);

      // 3. against the Hessian from Richardson-extrapolated differences of gradients, a route that
      //    shares no code with the R-operator. Its step must not carry a relu/elu unit across 0.
      let step = 1e-2;
      if (c.activation === 'relu' || c.activation === 'elu') {
        while (!noKinkWithin(ws, theta, step)) step /= 2;
        expect(step).toBeGreaterThanOrEqual(1e-3);
      }
      const independent = hessianByRichardson(ws, theta, step);
      expect(maxAbsDifference(dense, independent) / maxAbs(dense)).toBeLessThan(1e-10);

      // 4. HVP of an arbitrary vector is the dense Hessian times it (linearity in v)
      const product = new Float64Array(p);
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) product[i] += independent[i * p + j] * v[j];
      expect(maxAbsDifference(hv, product) / maxAbs(hv)).toBeLessThan(1e-10);
    });
  }

  it('agrees with the UV model’s own analytic Hessian-vector product (one-hidden-layer linear net, one example)', () => {
    const width = 7;
    const inputDim = 3;
    const target = 1.7;
    const uv = buildUvNetwork(uvModel({ width, inputDim, target, init: { seed: 9, sigmaU: 0.8, sigmaV: 0.8 } }));
    // NTK parameterisation with σ_w = 1: f = γ · (1/√n)(1/√d) vᵀUx, so γ_mlp = γ_uv √(n d).
    const net = createMlp(
      architecture({
        inputDim,
        layers: [width],
        activation: 'linear',
        bias: false,
        multiplier: uv.multiplier * Math.sqrt(width * inputDim),
        init: { seed: 9, sigmaW: 1, sigmaB: 0, scale: 0.8 },
      }),
    );
    const ws = createWorkspace(net, {
      inputs: Float64Array.from(uv.x),
      targets: new Float64Array([target]),
      examples: 1,
      inputDim,
      outputs: 1,
    });
    const theta = Float64Array.from([...uv.U, ...uv.v]);
    const v = gaussianVector(theta.length, 8);
    const ours = hessianVectorProduct(ws, theta, v, new Float64Array(theta.length));
    const theirs = uv.lossHessianVector(v, target);
    expect(maxAbsDifference(ours, theirs) / maxAbs(theirs)).toBeLessThan(1e-13);
  });
});

describe('sharpness by Lanczos', () => {
  for (const activation of ['tanh', 'gelu', 'relu'] as const) {
    it(`${activation}: the top eigenvalue of the dense Hessian to 1e-8, by two dense eigensolvers`, () => {
      const { ws, theta } = problem(architecture({ activation, layers: [5, 4], outputs: 2, multiplier: 1.3 }), 7, 31);
      const p = theta.length;
      const dense = hessianFromHvps(ws, theta);
      for (let i = 0; i < p; i++)
        for (let j = 0; j < i; j++) dense[i * p + j] = dense[j * p + i] = 0.5 * (dense[i * p + j] + dense[j * p + i]);
      const jacobi = symmetricEigen(dense, p).values;
      const rows = Array.from({ length: p }, (_, i) => Array.from(dense.subarray(i * p, (i + 1) * p)));
      const mathjsValues = (eigs(rows).values as unknown as number[]).map(Number).sort((a, b) => a - b);
      const top = jacobi[p - 1];
      expect(Math.abs(mathjsValues[p - 1] - top) / Math.abs(top)).toBeLessThan(1e-12);
      expect(maxAbsDifference(jacobi, mathjsValues) / Math.abs(top)).toBeLessThan(1e-11);

      const result = sharpness(ws, theta, { tolerance: 1e-10 });
      expect(result.converged).toBe(true);
      expect(Math.abs(result.value - top) / Math.abs(top)).toBeLessThan(1e-8);
      // the Ritz vector is an eigenvector: ‖Hy − θy‖ small
      const hy = hessianVectorProduct(ws, theta, result.vector, new Float64Array(p));
      const residual = Math.hypot(...hy.map((x, i) => x - result.value * result.vector[i]));
      expect(residual / Math.abs(top)).toBeLessThan(1e-8);

      // a warm start from the converged vector needs far fewer HVPs
      const warm = sharpness(ws, theta, { start: Float64Array.from(result.vector) });
      expect(Math.abs(warm.value - top) / Math.abs(top)).toBeLessThan(1e-8);
      expect(warm.iterations).toBeLessThan(result.iterations);
    });
  }

  it('respects the iteration cap and reports non-convergence', () => {
    const { ws, theta } = problem(architecture({ layers: [6, 6] }), 8);
    const result = sharpness(ws, theta, { maxIterations: 2, tolerance: 1e-14 });
    expect(result.iterations).toBe(2);
    expect(result.converged).toBe(false);
    expect(result.residual).toBeGreaterThan(1e-14);
  });
});
