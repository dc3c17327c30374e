import { describe, expect, it } from 'vitest';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import type { Dataset } from '../../../src/models/mlp/data/dataset.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { hessianVectorProduct } from '../../../src/models/mlp/hessian-vector.js';
import { initialParameters } from '../../../src/models/mlp/initialize.js';
import { ntkTopEigenvalue } from '../../../src/models/mlp/ntk.js';
import { mlpTrainingProblem } from '../../../src/models/mlp/training-problem.js';
import type { MlpSetup } from '../../../src/models/mlp/training-setup.js';
import { createWorkspace } from '../../../src/models/mlp/workspace.js';
import { architecture, gaussianVector, maxAbs, maxAbsDifference, randomData } from './mlp-helpers.js';

const N = 10;
/** two outputs, so the rows of the targets are copied as rows */
const ARCH = architecture({ inputDim: 3, layers: [5, 4], outputs: 2 });

function setup(data: Dataset = randomData(N, 3, 2, 11)): MlpSetup {
  const net = createMlp(ARCH);
  return { net, ws: createWorkspace(net, data), theta: initialParameters(net), data };
}

/** the rows `indices` of a data set, as a data set of its own */
function subset(data: Dataset, indices: number[]): Dataset {
  const { inputDim: d, outputs: o } = data;
  return {
    inputs: Float64Array.from(indices.flatMap((i) => Array.from(data.inputs.subarray(i * d, (i + 1) * d)))),
    targets: Float64Array.from(indices.flatMap((i) => Array.from(data.targets.subarray(i * o, (i + 1) * o)))),
    examples: indices.length,
    inputDim: d,
    outputs: o,
  };
}

/** equal bit for bit (toEqual would let 0 and −0 pass) */
function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
}

describe('the mlp training problem', () => {
  it('evaluates the full loss with exactly the calls of full-batch GD: gradient, loss, output, HVP bit for bit', () => {
    const s = setup();
    const problem = mlpTrainingProblem(s);
    const reference = createWorkspace(s.net, s.data);
    const theta = problem.initialTheta();
    expect(problem.parameterCount).toBe(s.net.parameterCount);
    expect(problem.examples).toBe(N);
    expectSameBits(problem.full.gradient(theta), lossGradient(reference, theta));
    expect(problem.full.loss).toBe(reference.loss);
    expect(problem.full.output).toBe(reference.outputs[0]);
    const v = gaussianVector(theta.length, 3);
    expectSameBits(
      problem.full.hessianVector(theta, v, new Float64Array(theta.length)),
      hessianVectorProduct(reference, theta, v, new Float64Array(theta.length)),
    );
    const moved = theta.map((x, k) => x + 1e-3 * v[k]);
    expect(problem.full.lossAt(moved)).toBe(forward(reference, moved));
    expect(problem.full.output).toBe(reference.outputs[0]);
    expect(problem.ntk!(theta)).toBe(ntkTopEigenvalue(reference, theta).value);
  });

  it('hands out a fresh copy of the initial θ each time', () => {
    const s = setup();
    const problem = mlpTrainingProblem(s);
    const first = problem.initialTheta();
    first.fill(0);
    expectSameBits(problem.initialTheta(), s.theta);
  });

  it('computes a minibatch gradient bit for bit as a workspace on those examples alone, and as the mean of per-example gradients', () => {
    const s = setup();
    const problem = mlpTrainingProblem(s);
    const theta = problem.initialTheta();
    const indices = [7, 2, 9, 4];
    const batch = problem.batch!(indices.length);
    expect(batch.size).toBe(4);
    batch.select(Int32Array.from(indices));
    const g = Float64Array.from(batch.gradient(theta));
    const alone = createWorkspace(s.net, subset(s.data, indices));
    expectSameBits(g, lossGradient(alone, theta));
    expect(batch.loss).toBe(alone.loss);
    expect(batch.output).toBe(alone.outputs[0]);
    // (1/2b) Σ_{i∈B} ‖f(xᵢ) − yᵢ‖²: the mean of the one-example losses ½‖f(xᵢ) − yᵢ‖², and so of their gradients
    const mean = new Float64Array(theta.length);
    let meanLoss = 0;
    for (const i of indices) {
      const one = createWorkspace(s.net, subset(s.data, [i]));
      const gi = lossGradient(one, theta);
      for (let k = 0; k < mean.length; k++) mean[k] += gi[k] / indices.length;
      meanLoss += one.loss / indices.length;
    }
    expect(maxAbsDifference(g, mean)).toBeLessThan(1e-12 * maxAbs(mean));
    expect(Math.abs(batch.loss - meanLoss)).toBeLessThan(1e-14 * meanLoss);
  });

  it('gives the batch loss’s Hessian-vector product: central differences of the batch gradient agree to 1e-6', () => {
    const s = setup();
    const problem = mlpTrainingProblem(s);
    const theta = problem.initialTheta();
    const batch = problem.batch!(3);
    batch.select(Int32Array.from([5, 0, 8]));
    const v = gaussianVector(theta.length, 4);
    const hv = batch.hessianVector(theta, v, new Float64Array(theta.length));
    const h = 1e-5;
    const plus = Float64Array.from(batch.gradient(theta.map((x, k) => x + h * v[k])));
    const minus = Float64Array.from(batch.gradient(theta.map((x, k) => x - h * v[k])));
    const fd = plus.map((x, k) => (x - minus[k]) / (2 * h));
    expect(maxAbs(hv)).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(hv, fd)).toBeLessThan(1e-6 * maxAbs(hv));
    // and it is not the full loss's
    const full = problem.full.hessianVector(theta, v, new Float64Array(theta.length));
    expect(maxAbsDifference(hv, full)).toBeGreaterThan(1e-3 * maxAbs(full));
  });

  it('forgets the cached passes when select() changes the examples at the same θ', () => {
    const s = setup();
    const problem = mlpTrainingProblem(s);
    const theta = problem.initialTheta();
    const batch = problem.batch!(3);
    batch.select(Int32Array.from([1, 2, 3]));
    const first = Float64Array.from(batch.gradient(theta));
    const firstLoss = batch.loss;
    batch.select(Int32Array.from([6, 2, 0]));
    const second = batch.gradient(theta);
    expect(maxAbsDifference(first, second)).toBeGreaterThan(1e-3 * maxAbs(first));
    expect(batch.loss).not.toBe(firstLoss);
    expectSameBits(second, lossGradient(createWorkspace(s.net, subset(s.data, [6, 2, 0])), theta));
    // and the full data set, which the batch copied rows from, is untouched
    expectSameBits(s.data.inputs, randomData(N, 3, 2, 11).inputs);
  });

  it('with size = n and the examples in order, is the full loss bit for bit (minibatch SGD with b = n is GD)', () => {
    const s = setup();
    const problem = mlpTrainingProblem(s);
    const theta = problem.initialTheta();
    const batch = problem.batch!(N);
    batch.select(Int32Array.from({ length: N }, (_, i) => i));
    expectSameBits(Float64Array.from(batch.gradient(theta)), problem.full.gradient(theta));
    expect(batch.loss).toBe(problem.full.loss);
    const v = gaussianVector(theta.length, 8);
    expectSameBits(
      batch.hessianVector(theta, v, new Float64Array(theta.length)),
      problem.full.hessianVector(theta, v, new Float64Array(theta.length)),
    );
  });

  it('has an accuracy only for labelled data, measured on the full data set', () => {
    expect(mlpTrainingProblem(setup()).accuracy).toBeUndefined();
    const data = randomData(N, 3, 2, 11);
    const labelled = setup({
      ...data,
      labels: Int32Array.from({ length: N }, (_, i) => (data.targets[2 * i + 1] > data.targets[2 * i] ? 1 : 0)),
    });
    const problem = mlpTrainingProblem(labelled);
    const theta = problem.initialTheta();
    forward(labelled.ws, theta);
    let correct = 0;
    for (let i = 0; i < N; i++) {
      const predicted = labelled.ws.outputs[2 * i + 1] > labelled.ws.outputs[2 * i] ? 1 : 0;
      if (predicted === labelled.data.labels![i]) correct++;
    }
    expect(problem.accuracy!(theta)).toBe(correct / N);
  });

  it('refuses to overwrite a shared data set, bad indices and batch sizes', () => {
    const s = setup();
    expect(() =>
      s.ws.selectExamples(
        s.data,
        Int32Array.from({ length: N }, (_, i) => i),
      ),
    ).toThrow(/minibatch workspace/);
    const problem = mlpTrainingProblem(s);
    const batch = problem.batch!(2);
    expect(() => batch.select(Int32Array.from([0, N]))).toThrow(/outside/);
    expect(() => batch.select(Int32Array.from([0]))).toThrow(/2 example indices/);
    expect(() => problem.batch!(0)).toThrow(/batch size/);
    expect(() => problem.batch!(N + 1)).toThrow(/batch size/);
  });
});
