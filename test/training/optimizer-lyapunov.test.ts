import { describe, expect, it } from 'vitest';
import { createMlp } from '../../src/models/mlp/architecture.js';
import { initialParameters } from '../../src/models/mlp/initialize.js';
import { mlpTrainingProblem } from '../../src/models/mlp/training-problem.js';
import { createWorkspace } from '../../src/models/mlp/workspace.js';
import { createOptimizer } from '../../src/optimizers/create-optimizer.js';
import { describeOptimizer } from '../../src/optimizers/describe-optimizer.js';
import type { OptimizerSpec } from '../../src/optimizers/optimizer.js';
import { OptimizerRun } from '../../src/training/optimizer-run.js';
import type { LossEvaluator, TrainingProblem } from '../../src/training/problem.js';
import { SharpnessTracker } from '../../src/training/sharpness-tracker.js';
import { symmetricEigen } from '../../src/models/mlp/symmetric-eigen.js';
import { TangentFrame } from '../../src/training/tangent-frame.js';
import { architecture, randomData } from '../models/mlp/mlp-helpers.js';
import { determinant, type Matrix } from '../optimizers/optimizer-helpers.js';

// Lyapunov exponents of training with an optimizer state, on a real network: a tanh mlp 4-4-1 with
// bias (P = 25) on 8 Gaussian examples, so the whole tangent space of (θ, state), P + S ≤ 75
// vectors, is cheap to carry. Each frame rides along an OptimizerRun, the trainer's own loop.

function smallMlp(): TrainingProblem {
  const net = createMlp(architecture({ inputDim: 4, layers: [4], outputs: 1 }));
  const data = randomData(8, 4, 1, 5);
  return mlpTrainingProblem({ net, ws: createWorkspace(net, data), theta: initialParameters(net), data });
}

const problem = smallMlp();
const P = problem.parameterCount;
const initialSharpness = new SharpnessTracker(problem.full, P, { tolerance: 1e-13, maxIterations: 200 }).at(problem.initialTheta());

/** the dense Hessian of `loss` at θ, column j = H e_j from the exact HVP */
function denseHessian(loss: LossEvaluator, theta: Float64Array): Matrix {
  const columns: Float64Array[] = [];
  for (let j = 0; j < P; j++) {
    const e = new Float64Array(P);
    e[j] = 1;
    columns.push(Float64Array.from(loss.hessianVector(theta, e, new Float64Array(P))));
  }
  return columns.map((_, i) => columns.map((column) => column[i]));
}

/** log|det(I − η D H)| by LU, D = diag(scale) (1 for GD's tangent map, 1/(√s′ + ε) for RMSprop's) */
function logAbsDetStep(h: Matrix, eta: number, scale: (i: number) => number = () => 1): number {
  return Math.log(Math.abs(determinant(h.map((row, i) => row.map((x, j) => (i === j ? 1 : 0) - eta * scale(i) * x)))));
}

/** log|det(I − ηH(θ_t))| at the run's θ_t, on the loss its step differentiates */
const gdLogDet = (run: OptimizerRun) => logAbsDetStep(denseHessian(run.stepLoss(), run.theta), run.eta);

/** log|det(I − η P⁻¹H(θ_t))|, P the diagonal √s′ + ε that step t divides by */
function preconditionedLogDet(run: OptimizerRun): number {
  const diagonal = new Float64Array(P);
  run.preconditioner(diagonal);
  return logAbsDetStep(denseHessian(run.stepLoss(), run.theta), run.eta, (i) => 1 / diagonal[i]);
}

interface FrameRun {
  run: OptimizerRun;
  /** Σ_t log R_jj over the counted steps, per row */
  sums: Float64Array;
  /** mean over the counted steps of options.logDet(run), when given */
  meanLogDet: number;
}

/**
 * `warmup` + `steps` steps of `spec` at η from the mlp's initial θ, carrying a k-row frame (seed)
 * through each step before the step moves (θ, state); growth is counted over the last `steps`.
 */
function carryFrame(
  spec: OptimizerSpec,
  eta: number,
  k: number,
  steps: number,
  options: { warmup?: number; seed?: number; logDet?: (run: OptimizerRun) => number } = {},
): FrameRun {
  const optimizer = createOptimizer(spec);
  const run = new OptimizerRun(problem, optimizer, eta);
  const frame = new TangentFrame(k, P, run.state.length, options.seed ?? 1);
  const sums = new Float64Array(k);
  const discard = new Float64Array(k);
  const warmup = options.warmup ?? 0;
  let logDets = 0;
  for (let t = 0; t < warmup + steps; t++) {
    const gradient = run.stepGradient();
    expect(Number.isFinite(run.stepLoss().loss)).toBe(true);
    if (options.logDet && t >= warmup) logDets += options.logDet(run);
    frame.carry(run.stepLoss(), run.theta, optimizer, run.state, gradient, eta, run.t + 1, t < warmup ? discard : sums);
    run.advance(gradient);
  }
  return { run, sums, meanLogDet: logDets / steps };
}

const total = (sums: Float64Array, steps: number) => sums.reduce((s, x) => s + x, 0) / steps;
const STEPS = 300;

describe('the whole spectrum of (θ, state): volume identities along a training run of the mlp', () => {
  it('GD (k = P through TangentFrame): the sum is the mean log|det(I − ηH(θ_t))|', () => {
    const eta = 1.6 / initialSharpness;
    const { sums, meanLogDet } = carryFrame({ kind: 'gd' }, eta, P, 100, { logDet: gdLogDet });
    expect(Math.abs(meanLogDet)).toBeGreaterThan(0.5); // not trivially 0
    expect(Math.abs(total(sums, 100) - meanLogDet)).toBeLessThanOrEqual(1e-9);
  });

  for (const beta of [0.9, 0.5]) {
    it(`momentum β = ${beta}: the 2P exponents sum to P log β (det of the heavy-ball map is β^P)`, () => {
      const spec: OptimizerSpec = { kind: 'momentum', beta };
      const { sums, run } = carryFrame(spec, 2 / initialSharpness, 2 * P, STEPS);
      expect(run.t).toBe(STEPS);
      expect(Math.abs(total(sums, STEPS) - P * Math.log(beta))).toBeLessThanOrEqual(1e-9);
      // the spectrum itself is not flat at log β: the flat directions of the loss give exponents near 0
      expect(Math.max(...sums) / STEPS).toBeGreaterThan(Math.log(beta) / 4);
    });
  }

  it('Nesterov β = 0.5: the sum is P log β + the mean log|det(I − ηH(θ_t))| (dense Hessian at each step)', () => {
    const beta = 0.5;
    // not η = 1/λ₀: I − ηH is then singular at step 0 and log|det| is rounding
    const eta = 1.2 / initialSharpness;
    const { sums, meanLogDet } = carryFrame({ kind: 'nesterov', beta }, eta, 2 * P, STEPS, { logDet: gdLogDet });
    expect(Math.abs(meanLogDet)).toBeGreaterThan(0.5); // the second term matters
    expect(Math.abs(total(sums, STEPS) - (P * Math.log(beta) + meanLogDet))).toBeLessThanOrEqual(1e-9);
  });

  // Adam: (θ, m, s) → (θ, m′, s′) is block triangular with determinant (β₁β₂)^P (θ held), and
  // θ′ = θ − c m′/(√s′/r + ε) moves θ by a function of (m′, s′) alone, a shear of determinant 1.
  it('Adam: the 3P exponents sum to P log(β₁β₂)', () => {
    const spec: OptimizerSpec = { kind: 'adam', beta1: 0.9, beta2: 0.99, epsilon: 1e-8 };
    const { sums } = carryFrame(spec, 0.02, 3 * P, STEPS);
    expect(Math.abs(total(sums, STEPS) - P * Math.log(0.9 * 0.99))).toBeLessThanOrEqual(1e-9);
  });

  // RMSprop: (θ, s) → (θ, s′) has determinant ρ^P; θ′ = θ − η g(θ)/(√s′ + ε) at fixed s′ has
  // Jacobian I − η P⁻¹H(θ). So the sum is P log ρ + the mean log|det(I − η P⁻¹H)|.
  it('RMSprop: the 2P exponents sum to P log ρ + the mean log|det(I − η P⁻¹H(θ_t))|', () => {
    const rho = 0.9;
    const { sums, meanLogDet } = carryFrame({ kind: 'rmsprop', rho, epsilon: 1e-8 }, 0.01, 2 * P, STEPS, {
      logDet: preconditionedLogDet,
    });
    expect(Math.abs(meanLogDet)).toBeGreaterThan(0.5); // the second term matters
    expect(Math.abs(total(sums, STEPS) - (P * Math.log(rho) + meanLogDet))).toBeLessThanOrEqual(1e-9);
  });
});

/** (θ, state) after step t of an OptimizerRun from x = (θ_{t−1}, state_{t−1}): the trainer's own step */
function runStep(run: OptimizerRun, x: Float64Array, t: number): Float64Array {
  run.theta.set(x.subarray(0, P));
  run.state.set(x.subarray(P));
  run.t = t - 1;
  run.advance();
  return Float64Array.from([...run.theta, ...run.state]);
}

describe('the adaptive rules’ tangent map on the mlp is the Jacobian of one OptimizerRun step', () => {
  // tangent() with the real HVP, column by column, against 5-point central differences of the whole
  // step of (θ, state) (error O(h⁴)), at points along a run: after 1, 20 and 150 steps.
  const cases: [OptimizerSpec, number][] = [
    [{ kind: 'adam', beta1: 0.9, beta2: 0.99, epsilon: 1e-8 }, 0.02],
    [{ kind: 'rmsprop', rho: 0.9, epsilon: 1e-8 }, 0.01],
  ];
  for (const [spec, eta] of cases) {
    it(`${describeOptimizer(spec)}, η = ${eta}: relative error ≤ 1e-6`, () => {
      const optimizer = createOptimizer(spec);
      const run = new OptimizerRun(problem, optimizer, eta);
      const probe = new OptimizerRun(problem, optimizer, eta);
      const n = P + run.state.length;
      for (const stop of [1, 20, 150]) {
        while (run.t < stop) run.advance();
        const t = run.t + 1; // the step whose Jacobian this is
        const x = Float64Array.from([...run.theta, ...run.state]);
        const gradient = Float64Array.from(run.stepGradient());
        let worst = 0;
        for (let j = 0; j < n; j++) {
          const dTheta = new Float64Array(P);
          const dState = new Float64Array(n - P);
          if (j < P) dTheta[j] = 1;
          else dState[j - P] = 1;
          const hv = problem.full.hessianVector(run.theta, dTheta, new Float64Array(P));
          optimizer.tangent(run.state, gradient, dTheta, dState, hv, eta, t);
          // J − I: what the step changes, so the identity does not hide an error in it
          const analytic = Float64Array.from([...dTheta, ...dState], (y, i) => y - (i === j ? 1 : 0));
          // a step relative to the coordinate (the state's entries are small and s must stay > 0)
          const h = 1e-4 * (j < P ? Math.max(Math.abs(x[j]), 1) : Math.abs(x[j]));
          expect(h).toBeGreaterThan(0);
          const at = (offset: number) => {
            const shifted = Float64Array.from(x);
            shifted[j] += offset;
            return runStep(probe, shifted, t).map((y, i) => y - shifted[i]);
          };
          const [p2, p1, m1, m2] = [at(2 * h), at(h), at(-h), at(-2 * h)];
          const scale = Math.max(...analytic.map(Math.abs));
          expect(scale).toBeGreaterThan(0);
          for (let i = 0; i < n; i++) {
            const difference = (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h);
            worst = Math.max(worst, Math.abs(analytic[i] - difference) / scale);
          }
        }
        expect(worst).toBeLessThanOrEqual(1e-6);
      }
    });
  }
});

describe('lyap_max by Benettin (k = 1) is the top of the full spectrum (k = P + S)', () => {
  // Momentum β = 0.9 at η·λ₀ = 2 converges to an interpolating minimum θ* (loss ~1e-31): the map is
  // then constant and its spectrum known. Per Hessian eigenvalue h the (θ, v) block
  // [[1 − ηh, −ηβ], [h, β]] has μ² − (1 + β − ηh)μ + β = 0: h = 0 (the P − n flat directions of an
  // over-parameterised net) gives μ = 1 and β; each nonzero h here gives a complex pair of modulus √β.
  const beta = 0.9;
  const spec: OptimizerSpec = { kind: 'momentum', beta };
  const eta = 2 / initialSharpness;
  const WARMUP = 2000;
  const STEPS_COUNTED = 500;
  const full = carryFrame(spec, eta, 2 * P, STEPS_COUNTED, { warmup: WARMUP, seed: 3 });
  const exponents = Array.from(full.sums, (x) => x / STEPS_COUNTED);

  it('the run has converged and the spectrum is the analytic one', () => {
    expect(problem.full.lossAt(full.run.theta)).toBeLessThan(1e-28);
    const h = symmetricEigen(Float64Array.from(denseHessian(problem.full, full.run.theta).flat()), P).values;
    const expected: number[] = [];
    for (const x of h) {
      const trace = 1 + beta - eta * x;
      const discriminant = trace * trace - 4 * beta;
      if (discriminant < 0) expected.push(0.5 * Math.log(beta), 0.5 * Math.log(beta));
      else
        expected.push(Math.log(Math.abs((trace + Math.sqrt(discriminant)) / 2)), Math.log(Math.abs((trace - Math.sqrt(discriminant)) / 2)));
    }
    expected.sort((a, b) => b - a);
    // the three groups: 0 (flat, μ = 1), log √β (the complex pairs), log β (flat, μ = β)
    const flat = expected.filter((x) => Math.abs(x) < 1e-12).length;
    expect(flat).toBe(P - 8);
    // the frame is ordered like the spectrum, and each group's rows sum to its exact total (on an
    // invariant subspace the sum is a log-determinant; single rows of a rotating pair wander O(1/T))
    let start = 0;
    for (const value of [0, 0.5 * Math.log(beta), Math.log(beta)]) {
      const count = expected.filter((x) => Math.abs(x - value) < 1e-9).length;
      const group = exponents.slice(start, start + count);
      expect(Math.abs(group.reduce((a, b) => a + b, 0) - count * value)).toBeLessThanOrEqual(1e-9);
      start += count;
    }
    expect(start).toBe(2 * P);
  });

  it('k = 1 from the same seed is the full frame’s first row bit for bit; from another seed it agrees to 1e-12', () => {
    const same = carryFrame(spec, eta, 1, STEPS_COUNTED, { warmup: WARMUP, seed: 3 });
    expect(same.sums[0]).toBe(full.sums[0]);
    const other = carryFrame(spec, eta, 1, STEPS_COUNTED, { warmup: WARMUP, seed: 1 });
    // After the warm-up a vector's part off the μ = 1 eigenspace has shrunk by (√β)^t, t ≥ ~1000 steps
    // at θ* (e^{-50}), so both estimates are the growth on that eigenspace, exactly 1 per step, up to
    // rounding (~1e-16 a step): the top exponent 0 to far better than 1e-12.
    const top = Math.max(...exponents);
    expect(Math.abs(top)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(other.sums[0] / STEPS_COUNTED - top)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(exponents[0] - top)).toBeLessThanOrEqual(1e-12);
  });
});
