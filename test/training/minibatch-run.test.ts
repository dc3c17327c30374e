import { describe, expect, it } from 'vitest';
import { createMlp } from '../../src/models/mlp/architecture.js';
import type { Dataset } from '../../src/models/mlp/data/dataset.js';
import { forward } from '../../src/models/mlp/forward.js';
import { lossGradient } from '../../src/models/mlp/gradient.js';
import { initialParameters } from '../../src/models/mlp/initialize.js';
import { mlpTrainingProblem } from '../../src/models/mlp/training-problem.js';
import { createWorkspace } from '../../src/models/mlp/workspace.js';
import { createOptimizer } from '../../src/optimizers/create-optimizer.js';
import type { OptimizerSpec } from '../../src/optimizers/optimizer.js';
import { BatchOrder, type BatchOrderSpec } from '../../src/training/batch-order.js';
import { runTrainingTrajectory } from '../../src/training/train-trajectory.js';
import { architecture, maxAbs, maxAbsDifference, randomData } from '../models/mlp/mlp-helpers.js';

// A minibatch trajectory of the trainer against a loop written here from the formulas: each
// step's batch from BatchOrder, its gradient from a workspace built on those examples alone, and the
// update v ← βv + g; θ ← θ − ηv, or Adam with m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ), θ ← θ − η m̂/(√ŝ + ε)
// (not torch's operation order, so the two agree to rounding, not bit for bit).
const N = 10;
const ARCH = architecture({ inputDim: 3, layers: [6], outputs: 1 });
const STEPS = 60;

/** the examples `indices` of a data set, as a data set of their own */
function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const { inputDim: d, outputs: o } = data;
  const rows = Array.from(indices);
  return {
    inputs: Float64Array.from(rows.flatMap((i) => Array.from(data.inputs.subarray(i * d, (i + 1) * d)))),
    targets: Float64Array.from(rows.flatMap((i) => Array.from(data.targets.subarray(i * o, (i + 1) * o)))),
    examples: rows.length,
    inputDim: d,
    outputs: o,
  };
}

/** θ_0 … θ_STEPS and the full loss at each, by the hand loop */
function handLoop(spec: OptimizerSpec, eta: number, batch: BatchOrderSpec, data: Dataset): { thetas: Float64Array[]; losses: number[] } {
  const net = createMlp(ARCH);
  const theta = initialParameters(net);
  const p = theta.length;
  const order = new BatchOrder(N, batch);
  const fullWorkspace = createWorkspace(net, data);
  const v = new Float64Array(p);
  const m = new Float64Array(p);
  const s = new Float64Array(p);
  const thetas = [Float64Array.from(theta)];
  const losses = [forward(fullWorkspace, theta)];
  for (let t = 1; t <= STEPS; t++) {
    const g = lossGradient(createWorkspace(net, subset(data, order.indices(t - 1))), theta);
    for (let k = 0; k < p; k++) {
      if (spec.kind === 'momentum') {
        v[k] = spec.beta * v[k] + g[k];
        theta[k] -= eta * v[k];
      } else if (spec.kind === 'adam') {
        m[k] = spec.beta1 * m[k] + (1 - spec.beta1) * g[k];
        s[k] = spec.beta2 * s[k] + (1 - spec.beta2) * g[k] * g[k];
        const mHat = m[k] / (1 - spec.beta1 ** t);
        const sHat = s[k] / (1 - spec.beta2 ** t);
        theta[k] -= (eta * mHat) / (Math.sqrt(sHat) + spec.epsilon);
      } else throw new Error(`no hand loop for ${spec.kind}`);
    }
    thetas.push(Float64Array.from(theta));
    losses.push(forward(fullWorkspace, theta));
  }
  return { thetas, losses };
}

describe('a minibatch run of the trainer is the hand-written loop (BatchOrder + workspace gradients)', () => {
  const data = randomData(N, 3, 1, 21);
  const cases: [OptimizerSpec, number][] = [
    [{ kind: 'momentum', beta: 0.9 }, 0.1],
    [{ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.01],
  ];
  for (const [spec, eta] of cases) {
    for (const batch of [
      { size: 3, seed: 5, order: 'shuffle' },
      { size: 4, seed: 0, order: 'sequential' },
    ] as BatchOrderSpec[]) {
      it(`${spec.kind}, b = ${batch.size} of ${N}, ${batch.order}: θ_t and the full loss to 1e-12 over ${STEPS} steps`, () => {
        const net = createMlp(ARCH);
        const problem = mlpTrainingProblem({ net, ws: createWorkspace(net, data), theta: initialParameters(net), data });
        const trajectory = runTrainingTrajectory(problem, createOptimizer(spec), {
          eta,
          steps: STEPS,
          sharpnessEvery: STEPS,
          divergenceBound: 1e10,
          sharpness: { tolerance: 1e-10, maxIterations: 100 },
          saveEvery: 1,
          batch,
          ntk: false,
        });
        expect(trajectory.divergedAtStep).toBeNull();
        const hand = handLoop(spec, eta, batch, data);
        expect(trajectory.snapshots.map((x) => x.step)).toEqual(Array.from({ length: STEPS + 1 }, (_, t) => t));
        let moved = 0;
        for (let t = 0; t <= STEPS; t++) {
          const theta = trajectory.snapshots[t].theta;
          expect(maxAbsDifference(theta, hand.thetas[t])).toBeLessThanOrEqual(1e-12 * maxAbs(hand.thetas[t]));
          expect(Math.abs(trajectory.columns.loss[t] - hand.losses[t])).toBeLessThanOrEqual(1e-12 * hand.losses[t]);
          moved = Math.max(moved, maxAbsDifference(theta, hand.thetas[0]));
        }
        expect(moved).toBeGreaterThan(1e-2); // the run went somewhere
        // and the batches matter: the full-batch run of the same optimizer is another trajectory
        const fullBatch = runTrainingTrajectory(problem, createOptimizer(spec), {
          eta,
          steps: STEPS,
          sharpnessEvery: STEPS,
          divergenceBound: 1e10,
          sharpness: { tolerance: 1e-10, maxIterations: 100 },
          ntk: false,
        });
        expect(Math.abs(fullBatch.columns.loss[STEPS] - hand.losses[STEPS])).toBeGreaterThan(1e-6 * hand.losses[STEPS]);
      });
    }
  }
});
