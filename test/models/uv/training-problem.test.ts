import { describe, expect, it } from 'vitest';
import { lanczosTopEigen } from '../../../src/analysis/lanczos.js';
import { uvConstants } from '../../../src/models/uv/constants.js';
import { createUvMap } from '../../../src/models/uv/map.js';
import { buildUvNetwork, initialFunctionState } from '../../../src/models/uv/network.js';
import { uvTrainingProblem } from '../../../src/models/uv/training-problem.js';
import { SeededRandom } from '../../../src/random/rng.js';
import { relativeError, uvModel } from '../../helpers.js';

/** Off any minimum (f far from y), with a negative target and γ ≠ 1 so every factor shows. */
const MODEL = uvModel({
  width: 6,
  inputDim: 3,
  inputNorm2: 2.5,
  multiplier: 0.7,
  target: -1.3,
  init: { seed: 4, sigmaU: 0.8, sigmaV: 0.9 },
});

function gaussian(p: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  return Float64Array.from({ length: p }, () => rng.gaussian());
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]));
  return m;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** the init and two seeded Gaussian θ: all far from a minimum (f ≠ y), where H is not the NTK */
function thetas(): Float64Array[] {
  const init = uvTrainingProblem(MODEL).initialTheta();
  return [init, gaussian(init.length, 21), gaussian(init.length, 22)];
}

describe('the UV training problem on explicit weights', () => {
  it('starts at buildUvNetwork’s weights, (U row-major, v), with its output and NTK', () => {
    const problem = uvTrainingProblem(MODEL);
    const net = buildUvNetwork(MODEL);
    expect(problem.examples).toBe(1);
    expect(problem.batch).toBeUndefined();
    expect(problem.parameterCount).toBe(6 * 3 + 6);
    const theta = problem.initialTheta();
    expect(Array.from(theta)).toEqual([...net.U, ...net.v]);
    expect(problem.full.lossAt(theta)).toBe(0.5 * (net.output() + 1.3) ** 2);
    expect(problem.full.output).toBe(net.output());
    expect(problem.ntk!(theta)).toBe(net.ntk());
    theta.fill(0);
    expect(Array.from(problem.initialTheta())).toEqual([...net.U, ...net.v]);
  });

  it('has the gradient of the loss: central differences agree to 1e-8', () => {
    const problem = uvTrainingProblem(MODEL);
    for (const theta of thetas()) {
      const g = Float64Array.from(problem.full.gradient(theta));
      const h = 1e-5;
      const fd = g.map((_, k) => {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[k] += h;
        minus[k] -= h;
        return (problem.full.lossAt(plus) - problem.full.lossAt(minus)) / (2 * h);
      });
      expect(maxAbs(g)).toBeGreaterThan(0.1);
      expect(maxAbsDifference(g, fd)).toBeLessThan(1e-8 * maxAbs(g));
    }
  });

  it('has the loss Hessian’s products: UvNetwork.lossHessianVector to 1e-14, central differences of the gradient to 1e-8', () => {
    const problem = uvTrainingProblem(MODEL);
    const { target } = uvConstants(MODEL);
    for (const theta of thetas()) {
      const net = buildUvNetwork(MODEL);
      net.U.set(theta.subarray(0, net.U.length));
      net.v.set(theta.subarray(net.U.length));
      for (const seed of [1, 2]) {
        const w = gaussian(theta.length, seed);
        const hv = Float64Array.from(problem.full.hessianVector(theta, w, new Float64Array(theta.length)));
        const reference = net.lossHessianVector(w, target);
        expect(maxAbsDifference(hv, reference)).toBeLessThan(1e-14 * maxAbs(reference));
        const h = 1e-5;
        const plus = Float64Array.from(problem.full.gradient(theta.map((x, k) => x + h * w[k])));
        const minus = Float64Array.from(problem.full.gradient(theta.map((x, k) => x - h * w[k])));
        const fd = plus.map((x, k) => (x - minus[k]) / (2 * h));
        expect(maxAbsDifference(hv, fd)).toBeLessThan(1e-8 * maxAbs(hv));
      }
    }
  });

  it('has the closed-form sharpness, which Lanczos on its HVPs finds to 1e-10', () => {
    const problem = uvTrainingProblem(MODEL);
    for (const theta of thetas()) {
      const closed = problem.sharpness!(theta);
      const lanczos = lanczosTopEigen((v, out) => problem.full.hessianVector(theta, v, out), theta.length, {
        tolerance: 1e-13,
        maxIterations: theta.length,
      });
      expect(relativeError(closed, lanczos.value)).toBeLessThan(1e-10);
      // off the minimum the sharpness is not the NTK eigenvalue, so this is not λ twice over
      expect(relativeError(closed, problem.ntk!(theta))).toBeGreaterThan(1e-3);
    }
  });

  it('makes θ − ηg one UvNetwork.step to 1e-14 relative (the products round in another order)', () => {
    const problem = uvTrainingProblem(MODEL);
    const net = buildUvNetwork(MODEL);
    const { target } = uvConstants(MODEL);
    const theta = problem.initialTheta();
    const eta = 0.1; // ηλ ≈ 1.4: a converging run, 50 steps of it
    let worst = 0;
    for (let t = 0; t < 50; t++) {
      net.U.set(theta.subarray(0, net.U.length));
      net.v.set(theta.subarray(net.U.length));
      const g = problem.full.gradient(theta);
      for (let k = 0; k < theta.length; k++) theta[k] -= eta * g[k];
      net.step(eta, target);
      const stepped = [...net.U, ...net.v];
      worst = Math.max(worst, maxAbsDifference(theta, stepped) / maxAbs(stepped));
    }
    expect(worst).toBeLessThan(1e-14);
  });

  it('GD through the problem follows the function-space map for 200 steps in the period-2 regime (1e-10)', () => {
    const model = uvModel({ width: 30, inputDim: 2, target: 5, init: { f0: 0.5, ntk0: 0.9 } });
    const { eps, target } = uvConstants(model);
    const eta = 0.8; // beyond 1/(√ε|y|) = 0.2: the map ends on a 2-cycle
    const problem = uvTrainingProblem(model);
    const map = createUvMap({ eta, eps, target });
    const start = initialFunctionState(model);
    const state = new Float64Array([start.f0, start.ntk0]);
    const theta = problem.initialTheta();
    let worst = 0;
    const fs: number[] = [];
    for (let t = 1; t <= 200; t++) {
      const g = problem.full.gradient(theta);
      for (let k = 0; k < theta.length; k++) theta[k] -= eta * g[k];
      map.step(state, state);
      const ntk = problem.ntk!(theta);
      fs.push(problem.full.output);
      worst = Math.max(worst, relativeError(problem.full.output, state[0]), relativeError(ntk, state[1]));
    }
    expect(worst).toBeLessThan(1e-10);
    // period 2, not a fixed point: the test runs where the dynamics are not trivial
    expect(Math.abs(fs[199] - fs[197])).toBeLessThan(1e-6);
    expect(Math.abs(fs[199] - fs[198])).toBeGreaterThan(1e-2);
  });

  it('reuses nothing stale: a new θ after an old one gives that θ’s values', () => {
    const problem = uvTrainingProblem(MODEL);
    const [a, b] = thetas();
    const ga = Float64Array.from(problem.full.gradient(a));
    const gb = Float64Array.from(problem.full.gradient(b));
    expect(maxAbsDifference(ga, gb)).toBeGreaterThan(1e-3);
    const fresh = uvTrainingProblem(MODEL);
    expect(Array.from(problem.full.gradient(a))).toEqual(Array.from(fresh.full.gradient(a)));
  });
});
