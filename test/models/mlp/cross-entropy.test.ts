import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src/models/mlp/activation.js';
import { createMlp, type MlpArchitecture } from '../../../src/models/mlp/architecture.js';
import type { Dataset } from '../../../src/models/mlp/data/dataset.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { hessianVectorProduct } from '../../../src/models/mlp/hessian-vector.js';
import { initialParameters } from '../../../src/models/mlp/initialize.js';
import { createLoss } from '../../../src/models/mlp/loss/create-loss.js';
import { LOGISTIC_LOSS } from '../../../src/models/mlp/loss/logistic.js';
import { softmaxCrossEntropyLoss } from '../../../src/models/mlp/loss/softmax-cross-entropy.js';
import { sharpness } from '../../../src/models/mlp/sharpness.js';
import { symmetricEigen } from '../../../src/models/mlp/symmetric-eigen.js';
import { mlpTrainingProblem } from '../../../src/models/mlp/training-problem.js';
import { createWorkspace, type MlpWorkspace } from '../../../src/models/mlp/workspace.js';
import { SeededRandom } from '../../../src/random/rng.js';
import {
  architecture,
  gaussianVector,
  gradientAt,
  hessianByRichardson,
  hessianFromHvps,
  lossAt,
  maxAbs,
  maxAbsDifference,
  noKinkWithin,
} from './mlp-helpers.js';

/**
 * Gaussian inputs and random classes 0 … c − 1 as cross-entropy reads them: y = ±1 with one output
 * (two classes), one-hot rows with c outputs.
 */
function classificationData(examples: number, inputDim: number, classes: number, seed: number): Dataset {
  const rng = new SeededRandom(seed);
  const o = classes === 2 ? 1 : classes;
  const inputs = Float64Array.from({ length: examples * inputDim }, () => rng.gaussian());
  const labels = Int32Array.from({ length: examples }, (_, i) => (i < classes ? i : Math.floor(rng.uniform() * classes)));
  const targets = new Float64Array(examples * o);
  labels.forEach((k, i) => (o === 1 ? (targets[i] = k === 1 ? 1 : -1) : (targets[i * o + k] = 1)));
  return { inputs, targets, examples, inputDim, outputs: o, labels };
}

function ceProblem(arch: MlpArchitecture, examples: number, seed: number) {
  const net = createMlp(arch);
  const data = classificationData(examples, arch.inputDim, arch.outputs === 1 ? 2 : arch.outputs, seed);
  const ws = createWorkspace(net, data, createLoss('cross-entropy', arch.outputs));
  return { net, ws, theta: initialParameters(net), data };
}

/** L by its definition, in the plainest form: (1/n) Σᵢ −log softmax(fᵢ)[kᵢ], or log(1 + e^(−y f)). */
function naiveLoss(ws: MlpWorkspace): number {
  const o = ws.net.architecture.outputs;
  const { outputs: f, examples: n } = ws;
  const y = ws.data.targets;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (o === 1) sum += Math.log(1 + Math.exp(-y[i] * f[i]));
    else {
      const row = Array.from(f.subarray(i * o, (i + 1) * o));
      const k = Array.from(y.subarray(i * o, (i + 1) * o)).indexOf(1);
      sum += -Math.log(Math.exp(row[k]) / row.reduce((s, v) => s + Math.exp(v), 0));
    }
  }
  return sum / n;
}

const CASES = ACTIVATIONS.flatMap((activation) =>
  [true, false].flatMap((bias) => [1, 3].map((outputs) => ({ activation, bias, outputs }))),
);
const name = (c: (typeof CASES)[number]) =>
  `${c.activation}, ${c.bias ? 'bias' : 'no bias'}, ${c.outputs === 1 ? 'binary (one output)' : '3 classes'}`;

describe('cross-entropy: loss, gradient, Hessian-vector product and sharpness', () => {
  for (const c of CASES) {
    it(`${name(c)}: loss by definition, gradient = central differences (1e-7), HVP = gradient differences (1e-6) and a dense Hessian (1e-10), Lanczos = dense eigensolver (1e-8)`, () => {
      // γ = 1.5: outputs of order 1, so the softmax is neither uniform nor saturated
      const { ws, theta } = ceProblem(architecture({ ...c, multiplier: 1.5 }), 7, 13);
      const p = theta.length;
      const kinks = c.activation === 'relu' || c.activation === 'elu';

      const loss = forward(ws, theta);
      expect(Math.abs(loss - naiveLoss(ws))).toBeLessThan(1e-14 * loss);

      const h = 1e-5;
      if (kinks) expect(noKinkWithin(ws, theta, h)).toBe(true);
      const gradient = Float64Array.from(lossGradient(ws, theta));
      const differences = gradient.map((_, k) => (lossAt(ws, theta, k, h) - lossAt(ws, theta, k, -h)) / (2 * h));
      expect(maxAbs(gradient)).toBeGreaterThan(1e-3);
      expect(maxAbsDifference(gradient, differences) / maxAbs(gradient)).toBeLessThan(1e-7);

      const v = gaussianVector(p, 4);
      if (kinks) expect(noKinkWithin(ws, theta, h, v)).toBe(true);
      const hv = Float64Array.from(hessianVectorProduct(ws, theta, v, new Float64Array(p)));
      const plus = gradientAt(ws, theta, v, h);
      const minus = gradientAt(ws, theta, v, -h);
      expect(
        maxAbsDifference(
          hv,
          plus.map((x, i) => (x - minus[i]) / (2 * h)),
        ) / maxAbs(hv),
      ).toBeLessThan(1e-6);

      const dense = hessianFromHvps(ws, theta);
      let asymmetry = 0;
      for (let i = 0; i < p; i++)
        for (let j = 0; j < i; j++) asymmetry = Math.max(asymmetry, Math.abs(dense[i * p + j] - dense[j * p + i]));
      expect(asymmetry / maxAbs(dense)).toBeLessThan(1e-13);
      let step = 1e-2;
      if (kinks) {
        while (!noKinkWithin(ws, theta, step)) step /= 2;
        expect(step).toBeGreaterThanOrEqual(1e-3);
      }
      const independent = hessianByRichardson(ws, theta, step);
      expect(maxAbsDifference(dense, independent) / maxAbs(dense)).toBeLessThan(1e-10);

      for (let i = 0; i < p; i++)
        for (let j = 0; j < i; j++) dense[i * p + j] = dense[j * p + i] = 0.5 * (dense[i * p + j] + dense[j * p + i]);
      const top = symmetricEigen(dense, p).values[p - 1];
      const lanczos = sharpness(ws, theta, { tolerance: 1e-10 });
      expect(lanczos.converged).toBe(true);
      expect(Math.abs(lanczos.value - top) / Math.abs(top)).toBeLessThan(1e-8);
    });
  }
});

describe('the binary loss is the two-class softmax loss', () => {
  it('log(1 + e^(−y f)) = softmax cross-entropy over the logits (0, f), y = +1 ↔ class 1: loss, n∂L/∂f and n∂²L/∂f² to 1e-14', () => {
    const f = [-40, -7.5, -1, -1e-3, 0, 2e-3, 0.7, 3, 12, 35];
    const n = f.length;
    for (const y of [1, -1]) {
      const z = Float64Array.from(f);
      const [outputs, residual, state, curvature] = [0, 0, 0, 0].map(() => new Float64Array(n));
      const logistic = LOGISTIC_LOSS.evaluate(z, 1, new Float64Array(n).fill(y), outputs, residual, state, n);
      LOGISTIC_LOSS.hessianOutputs(new Float64Array(n).fill(1), 1, state, curvature, n);

      const softmax = softmaxCrossEntropyLoss(2);
      const logits = Float64Array.from(f.flatMap((x) => [0, x]));
      const oneHot = Float64Array.from(f.flatMap(() => (y === 1 ? [0, 1] : [1, 0])));
      const [out2, res2, p2, curv2] = [0, 0, 0, 0].map(() => new Float64Array(2 * n));
      const two = softmax.evaluate(logits, 1, oneHot, out2, res2, p2, n);
      // the direction (0, 1): the curvature along f
      softmax.hessianOutputs(Float64Array.from(f.flatMap(() => [0, 1])), 1, p2, curv2, n);
      expect(Math.abs(logistic - two)).toBeLessThanOrEqual(1e-14 * two);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(residual[i] - res2[2 * i + 1])).toBeLessThanOrEqual(1e-14 * Math.abs(res2[2 * i + 1]));
        expect(Math.abs(curvature[i] - curv2[2 * i + 1])).toBeLessThanOrEqual(1e-14 * curv2[2 * i + 1]);
      }
    }
  });

  it('keeps full relative precision at large margins and does not overflow at huge ones', () => {
    const margins = [30, 700, -700, 1e4, -1e4];
    const n = margins.length;
    const [outputs, residual, state] = [0, 0, 0].map(() => new Float64Array(n));
    LOGISTIC_LOSS.evaluate(Float64Array.from(margins), 1, new Float64Array(n).fill(1), outputs, residual, state, n);
    const perExample = margins.map((m) => {
      const one = [0, 0, 0].map(() => new Float64Array(1));
      return LOGISTIC_LOSS.evaluate(Float64Array.of(m), 1, Float64Array.of(1), one[0], one[1], one[2], 1);
    });
    // log(1 + e^(−30)) = e^(−30) − e^(−60)/2 + …; e^(−700) is a normal double
    expect(Math.abs(perExample[0] - (Math.exp(-30) - Math.exp(-60) / 2)) / perExample[0]).toBeLessThan(1e-15);
    expect(perExample[1]).toBe(Math.exp(-700));
    expect(perExample[2]).toBe(700 + Math.exp(-700));
    expect(perExample[3]).toBe(0);
    expect(perExample[4]).toBe(1e4);
    expect(residual[1]).toBe(-Math.exp(-700) / (1 + Math.exp(-700)));
    expect(residual[4]).toBe(-1);
    const softmax = softmaxCrossEntropyLoss(3);
    const [o3, r3, p3] = [0, 0, 0].map(() => new Float64Array(3));
    const big = softmax.evaluate(Float64Array.of(800, -30, 0), 1, Float64Array.of(1, 0, 0), o3, r3, p3, 1);
    expect(Math.abs(big - (Math.exp(-830) + Math.exp(-800)))).toBe(0); // both underflow: the loss is 0, not NaN
    const tiny = softmax.evaluate(Float64Array.of(40, 0, 5), 1, Float64Array.of(1, 0, 0), o3, r3, p3, 1);
    const expected = Math.log1p(Math.exp(-40) + Math.exp(-35));
    expect(Math.abs(tiny - expected) / expected).toBeLessThan(1e-15);
    expect(Math.abs(r3[0] + (Math.exp(-40) + Math.exp(-35)) / (1 + Math.exp(-40) + Math.exp(-35))) / expected).toBeLessThan(1e-15);
    // the curvature along the saturated logit, p₀(1 − p₀) ≈ e^(−35): no cancellation in 1 − p₀
    const curvature = new Float64Array(3);
    softmax.hessianOutputs(Float64Array.of(1, 0, 0), 1, p3, curvature, 1);
    const others = Math.exp(-40) + Math.exp(-35);
    expect(Math.abs(curvature[0] - others / (1 + others) ** 2) / curvature[0]).toBeLessThan(1e-15);
  });
});

describe('cross-entropy in the workspace', () => {
  it('refuses targets it cannot read as labels', () => {
    const net = createMlp(architecture({ outputs: 3 }));
    const data = classificationData(5, 3, 3, 2);
    data.targets[4] = 0.5;
    expect(() => createWorkspace(net, data, createLoss('cross-entropy', 3))).toThrow(/one-hot targets; example 1 has 0, 0.5/);
    const binary = createMlp(architecture());
    const regression = { ...classificationData(4, 3, 2, 2), targets: Float64Array.of(1, -1, 0.3, 1) };
    expect(() => createWorkspace(binary, regression, createLoss('cross-entropy', 1))).toThrow(/targets ±1 .*example 2 has 0.3/);
    expect(() => createWorkspace(binary, regression)).not.toThrow(); // MSE reads any targets
  });

  it('a minibatch workspace takes the same loss: its loss and gradient equal a workspace on those examples alone, bit for bit', () => {
    for (const outputs of [1, 3]) {
      const { net, ws, theta, data } = ceProblem(architecture({ outputs, multiplier: 1.5 }), 9, 6);
      const batch = mlpTrainingProblem({ net, ws, theta, data }).batch!(3);
      const indices = [8, 1, 4];
      batch.select(Int32Array.from(indices));
      const g = Float64Array.from(batch.gradient(theta));
      const o = data.outputs;
      const subset: Dataset = {
        inputs: Float64Array.from(indices.flatMap((i) => Array.from(data.inputs.subarray(i * 3, i * 3 + 3)))),
        targets: Float64Array.from(indices.flatMap((i) => Array.from(data.targets.subarray(i * o, i * o + o)))),
        examples: 3,
        inputDim: 3,
        outputs: o,
      };
      const alone = createWorkspace(net, subset, createLoss('cross-entropy', o));
      expect(Array.from(g)).toEqual(Array.from(lossGradient(alone, theta)));
      expect(batch.loss).toBe(alone.loss);
    }
  });
});
