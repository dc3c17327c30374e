import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/models/mlp/accuracy.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { hessianVectorProduct } from '../../../src/models/mlp/hessian-vector.js';
import { mlpModelSchema } from '../../../src/models/mlp/spec-schema.js';
import { runMlpTrajectory, SharpnessTracker } from '../../../src/models/mlp/training-run.js';
import { setupMlp } from '../../../src/models/mlp/training-setup.js';
import { symmetricEigen } from '../../../src/models/mlp/symmetric-eigen.js';

/** The shipped data, a small net: 0 against 1, n = 32, tanh, width 16 (P = 1057). */
const model = mlpModelSchema.parse({ kind: 'mlp', layers: [16], data: { dataset: 'digits', classes: [0, 1], examples: 32 } });
const options = { steps: 400, sharpnessEvery: 1, divergenceBound: 1e8, sharpness: { tolerance: 1e-10, maxIterations: 100 } };

describe('mlp training run', () => {
  it('row t is θ_t before step t + 1; loss and grad_norm agree with the workspace, accuracy with the labels', () => {
    const setup = setupMlp(model, 'spec.json');
    const t = runMlpTrajectory(setup, { ...options, eta: 0.05, steps: 20 });
    expect(t.length).toBe(21);
    expect(t.classification).toBe(true);
    expect(t.columns.step[20]).toBe(20);
    // rows 0 and 1, recomputed from scratch: θ_0, then θ_1 = θ_0 − η∇L(θ_0)
    const fresh = setupMlp(model, 'spec.json');
    const theta = Float64Array.from(fresh.theta);
    for (const row of [0, 1]) {
      const g = lossGradient(fresh.ws, theta);
      expect(t.columns.loss[row]).toBe(fresh.ws.loss);
      expect(t.columns.f[row]).toBe(fresh.ws.outputs[0]);
      expect(t.columns.grad_norm[row]).toBeCloseTo(Math.hypot(...g), 12);
      expect(t.columns.accuracy[row]).toBe(accuracy(fresh.ws, theta));
      for (let k = 0; k < theta.length; k++) theta[k] -= 0.05 * g[k];
    }
    for (let i = 0; i < t.length; i++) {
      expect(t.columns.eta_sharpness[i]).toBeCloseTo(0.05 * t.columns.sharpness[i], 14);
      expect(t.columns.accuracy[i]).toBeGreaterThanOrEqual(0);
      expect(t.columns.accuracy[i]).toBeLessThanOrEqual(1);
    }
    // the loss falls under a small learning rate
    expect(t.columns.loss[20]).toBeLessThan(t.columns.loss[0]);
  });

  it('the warm-started sharpness equals the dense Hessian’s top eigenvalue at every checked step (1e-8)', () => {
    const small = mlpModelSchema.parse({ kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 12 } });
    const setup = setupMlp(small, 'spec.json');
    const p = setup.theta.length; // 4 × 64 + 4 + 4 + 1 = 265
    const tracker = new SharpnessTracker(setup, { tolerance: 1e-12, maxIterations: 200 });
    const theta = Float64Array.from(setup.theta);
    const e = new Float64Array(p);
    const column = new Float64Array(p);
    for (let step = 0; step < 3; step++) {
      const dense = new Float64Array(p * p);
      for (let j = 0; j < p; j++) {
        e.fill(0);
        e[j] = 1;
        hessianVectorProduct(setup.ws, theta, e, column);
        for (let i = 0; i < p; i++) dense[i * p + j] = column[i];
      }
      const top = Math.max(...symmetricEigen(dense, p).values);
      expect(Math.abs(tracker.at(theta) - top) / top).toBeLessThan(1e-8);
      // move θ by a GD step
      const g = setup.ws.gradient;
      for (let i = 0; i < p; i++) theta[i] -= 0.5 * g[i];
    }
  });

  it('progressive sharpening below 2/λ, then the edge of stability: η × sharpness locks at 2 ± 0.1 for η above the onset', () => {
    // From the init, sharpness rises under GD (progressive sharpening); at η where the rise would
    // cross 2/η, it stops there instead.
    const late = (eta: number) => {
      const t = runMlpTrajectory(setupMlp(model, 'spec.json'), { ...options, eta, steps: 600, sharpnessEvery: 10 });
      expect(t.divergedAtStep).toBeNull();
      const values: number[] = [];
      for (let i = 400; i < t.length; i += 10) values.push(t.columns.eta_sharpness[i]);
      return { mean: values.reduce((a, b) => a + b, 0) / values.length, first: t.columns.eta_sharpness[0] };
    };
    for (const eta of [0.5, 0.7, 0.9]) {
      const { mean, first } = late(eta);
      expect(first).toBeLessThan(2); // it starts below the threshold …
      expect(Math.abs(mean - 2)).toBeLessThan(0.1); // … and sharpens up to it
    }
    const below = late(0.1);
    expect(below.mean).toBeLessThan(1.5);
  });
});

describe('mlp catapult', () => {
  it('η·λ₀ > 2 with the run still converging: the sharpness falls by more than 30 % within the first 30 steps', () => {
    const wide = mlpModelSchema.parse({ kind: 'mlp', layers: [128], data: { dataset: 'digits', classes: [0, 1], examples: 64 } });
    const eta = 1.5;
    const t = runMlpTrajectory(setupMlp(wide, 'spec.json'), { ...options, eta, steps: 60, sharpnessEvery: 1 });
    expect(t.divergedAtStep).toBeNull();
    const s0 = t.columns.sharpness[0];
    expect(eta * s0).toBeGreaterThan(2);
    const early = Math.min(...Array.from(t.columns.sharpness.subarray(1, 31)));
    expect(early).toBeLessThan(0.7 * s0);
    expect(eta * early).toBeLessThan(2); // landed where GD is stable
    expect(t.columns.loss[60]).toBeLessThan(t.columns.loss[0]);
  });
});
