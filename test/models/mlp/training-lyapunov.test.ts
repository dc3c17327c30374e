import { describe, expect, it } from 'vitest';
import { gdStep } from '../../../src/models/mlp/gd-step.js';
import { sharpness } from '../../../src/models/mlp/sharpness.js';
import { symmetricEigen } from '../../../src/models/mlp/symmetric-eigen.js';
import { createTangentScratch, tangentStep, tangentStepQR, trainingLyapunov } from '../../../src/models/mlp/training-lyapunov.js';
import { architecture, gaussianVector, hessianFromHvps, problem } from './mlp-helpers.js';

/** log |det A| of a dense p×p matrix by LU with partial pivoting. */
function logAbsDet(a: Float64Array, p: number): number {
  const m = Float64Array.from(a);
  let sum = 0;
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(m[r * p + col]) > Math.abs(m[pivot * p + col])) pivot = r;
    if (pivot !== col) for (let c = 0; c < p; c++) [m[col * p + c], m[pivot * p + c]] = [m[pivot * p + c], m[col * p + c]];
    const d = m[col * p + col];
    sum += Math.log(Math.abs(d));
    for (let r = col + 1; r < p; r++) {
      const factor = m[r * p + col] / d;
      for (let c = col; c < p; c++) m[r * p + c] -= factor * m[col * p + c];
    }
  }
  return sum;
}

describe('Lyapunov exponents of training', () => {
  it('k = P exponents: their sum is the mean log|det(I − ηH(θ_t))| along the run (dense determinant)', () => {
    for (const activation of ['tanh', 'gelu'] as const) {
      const { ws, theta } = problem(architecture({ activation, layers: [3], inputDim: 2, outputs: 2 }), 4, 3);
      const p = theta.length;
      const eta = 1.2 / sharpness(ws, theta).value; // large enough that the trajectory (and H) keeps moving
      const steps = 40;

      // Independent replay of the same GD trajectory with a dense Hessian at every step.
      const replay = Float64Array.from(theta);
      let logDetSum = 0;
      for (let t = 0; t < steps; t++) {
        const h = hessianFromHvps(ws, replay);
        for (let i = 0; i < p * p; i++) h[i] = (i % (p + 1) === 0 ? 1 : 0) - eta * h[i];
        logDetSum += logAbsDet(h, p);
        gdStep(ws, replay, eta);
      }

      const result = trainingLyapunov(ws, theta, eta, { steps, exponents: p });
      expect(result.divergedAt).toBe(-1);
      expect(Array.from(theta)).toEqual(Array.from(replay)); // the same trajectory
      const sum = result.exponents.reduce((s, x) => s + x, 0);
      expect(Math.abs(sum - logDetSum / steps)).toBeLessThan(1e-10 * Math.max(1, Math.abs(logDetSum / steps)));
      // and it is not trivially zero
      expect(Math.abs(logDetSum / steps)).toBeGreaterThan(1e-2);
    }
  });

  /**
   * At a converged minimum θ* GD stays put and its tangent map is the constant symmetric matrix
   * I − ηH(θ*), so the exponents are log|1 − η hᵢ| over the Hessian's eigenvalues hᵢ, sorted. For an
   * over-parameterised network H(θ*) = JᵀJ/n has P − n·o zero eigenvalues (the manifold of
   * minima), so the top exponent is 0, as for the UV model's line of minima; the sharpness
   * contributes log|1 − η·sharpness|, the smallest exponent when η·sharpness < 1.
   */
  for (const etaTimesSharpness of [0.6, 1.6]) {
    it(`at a converged minimum the spectrum is log|1 − η hᵢ(θ*)| (η·sharpness = ${etaTimesSharpness})`, () => {
      const { ws, theta } = problem(architecture({ activation: 'tanh', layers: [4], inputDim: 3, outputs: 1 }), 3, 7);
      const start = sharpness(ws, theta).value;
      let loss = Infinity;
      for (let t = 0; t < 100000 && loss > 1e-31; t++) loss = gdStep(ws, theta, 0.5 / start);
      expect(loss).toBeLessThan(1e-30);
      const s = sharpness(ws, theta).value;
      const eta = etaTimesSharpness / s;
      const p = theta.length;
      const hessianValues = symmetricEigen(hessianFromHvps(ws, theta), p).values;
      const expected = Array.from(hessianValues, (h) => Math.log(Math.abs(1 - eta * h))).sort((a, b) => b - a);

      const full = trainingLyapunov(ws, Float64Array.from(theta), eta, { steps: 1000, warmup: 3000, exponents: p });
      for (let i = 0; i < p; i++) expect(Math.abs(full.exponents[i] - expected[i])).toBeLessThan(1e-9);
      expect(Math.abs(full.exponents[0])).toBeLessThan(1e-9); // flat directions
      const sharpnessExponent = Math.log(Math.abs(1 - eta * s));
      expect(Math.min(...full.exponents.map((x) => Math.abs(x - sharpnessExponent)))).toBeLessThan(1e-9);
      if (etaTimesSharpness < 1) expect(Math.abs(full.exponents[p - 1] - sharpnessExponent)).toBeLessThan(1e-9);

      const top = trainingLyapunov(ws, Float64Array.from(theta), eta, { steps: 1000, warmup: 1000 });
      expect(Math.abs(top.exponents[0] - expected[0])).toBeLessThan(1e-9);
    });
  }

  it('one tangent vector: tangentStep and the QR step with k = 1 are the same computation', () => {
    const { ws, theta } = problem(architecture({ activation: 'elu', layers: [5, 4], outputs: 2 }), 6, 9);
    const eta = 0.5;
    const a = gaussianVector(theta.length, 12);
    const norm = Math.hypot(...a);
    for (let i = 0; i < a.length; i++) a[i] /= norm;
    const b = Float64Array.from(a);
    const scratch = createTangentScratch(ws);
    const sums = new Float64Array(1);
    let logs = 0;
    const thetaA = Float64Array.from(theta);
    const thetaB = Float64Array.from(theta);
    for (let t = 0; t < 20; t++) {
      logs += tangentStep(ws, thetaA, eta, a, scratch);
      gdStep(ws, thetaA, eta);
      tangentStepQR(ws, thetaB, eta, b, 1, sums, scratch);
      gdStep(ws, thetaB, eta);
    }
    expect(sums[0]).toBe(logs);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('reports divergence and stops counting', () => {
    const { ws, theta } = problem(architecture({ activation: 'tanh', layers: [4] }), 4);
    const eta = 50 / sharpness(ws, theta).value;
    const result = trainingLyapunov(ws, theta, eta, { steps: 2000 });
    expect(result.divergedAt).toBeGreaterThan(0);
    expect(Number.isFinite(result.exponents[0])).toBe(true);
  });
});
