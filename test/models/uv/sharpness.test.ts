import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { uvSharpness } from '../../../src/models/uv/sharpness.js';
import { uvConstants } from '../../../src/models/uv/constants.js';
import { buildUvNetwork, UvNetwork } from '../../../src/models/uv/network.js';
import { SeededRandom } from '../../../src/random/rng.js';
import { relativeError, uvModel } from '../../helpers.js';

/** Gradient of L = ½(f − y)² with respect to the flattened weights (U, v): Δf ∇f. */
function lossGradient(net: UvNetwork, target: number): Float64Array {
  const g = net.outputGradient();
  const r = net.output() - target;
  return g.map((x) => x * r);
}

/** Dense loss Hessian by central differences of the analytic gradient (independent of the HVP). */
function denseHessian(net: UvNetwork, target: number): number[][] {
  const n = net.width * net.inputDim + net.width;
  const h = 1e-5;
  const weight = (k: number) => (k < net.U.length ? { a: net.U, i: k } : { a: net.v, i: k - net.U.length });
  const H: number[][] = [];
  for (let k = 0; k < n; k++) {
    const { a, i } = weight(k);
    const saved = a[i];
    a[i] = saved + h;
    const plus = lossGradient(net, target);
    a[i] = saved - h;
    const minus = lossGradient(net, target);
    a[i] = saved;
    H.push(Array.from(plus, (p, j) => (p - minus[j]) / (2 * h)));
  }
  // symmetrise away finite-difference noise
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i] = 0.5 * (H[i][j] + H[j][i]);
  return H;
}

/** Top eigenvalue by power iteration on exact Hessian-vector products. */
function powerIteration(net: UvNetwork, target: number, iterations = 20000): number {
  const rng = new SeededRandom(99);
  let w: Float64Array = new Float64Array(net.U.length + net.v.length).map(() => rng.gaussian());
  let estimate = 0;
  for (let it = 0; it < iterations; it++) {
    const norm = Math.hypot(...w);
    w = w.map((x) => x / norm);
    const hw = net.lossHessianVector(w, target);
    const next = hw.reduce((s, x, k) => s + x * w[k], 0);
    if (Math.abs(next - estimate) < 1e-15 * Math.abs(next) && it > 50) return next;
    estimate = next;
    w = hw;
  }
  return estimate;
}

function seededCase(width: number, inputDim: number, target: number, seed: number, sigma: number, extra: Record<string, unknown> = {}) {
  const model = uvModel({ width, inputDim, target, init: { seed, sigmaU: sigma, sigmaV: sigma }, ...extra });
  return { net: buildUvNetwork(model), eps: uvConstants(model).eps, target };
}

describe('closed-form sharpness', () => {
  it('matches a dense symmetric eigensolver (mathjs) for small n·d', () => {
    const configs = [
      seededCase(3, 2, 1.5, 1, 0.8),
      seededCase(4, 3, -2, 2, 1.1),
      seededCase(2, 4, 0.3, 3, 0.5, { inputNorm2: 3, multiplier: 0.9 }),
      seededCase(1, 1, 4, 4, 1.0),
      seededCase(5, 2, 0, 5, 1.3),
    ];
    for (const { net, eps, target } of configs) {
      const H = denseHessian(net, target);
      const values = (eigs(H).values as unknown as number[]).map(Number);
      const top = Math.max(...values);
      const closed = uvSharpness(net.output(), net.ntk(), eps, target);
      expect(relativeError(closed, top)).toBeLessThan(1e-6);
    }
  });

  it('matches power iteration on Hessian-vector products of the full model', () => {
    const configs = [seededCase(40, 10, 2, 6, 0.4), seededCase(25, 8, -1, 7, 1.2), seededCase(60, 3, 5, 8, 0.2)];
    for (const { net, eps, target } of configs) {
      // also along a GD trajectory, where f and λ are correlated as training makes them
      for (let step = 0; step < 4; step++) {
        const closed = uvSharpness(net.output(), net.ntk(), eps, target);
        expect(relativeError(closed, powerIteration(net, target))).toBeLessThan(1e-8);
        for (let k = 0; k < 5; k++) net.step(0.1, target);
      }
    }
  });

  it('reduces to the NTK eigenvalue at a minimum and exceeds both λ/2 and √ε|Δf|', () => {
    expect(uvSharpness(3, 2.5, 0.04, 3)).toBe(2.5);
    const rng = new SeededRandom(5);
    for (let k = 0; k < 1000; k++) {
      const eps = rng.uniform();
      const f = 4 * rng.gaussian();
      const y = 4 * rng.gaussian();
      const ntk = 2 * Math.sqrt(eps) * Math.abs(f) + 3 * rng.uniform();
      const s = uvSharpness(f, ntk, eps, y);
      expect(s).toBeGreaterThanOrEqual(ntk / 2);
      expect(s).toBeGreaterThanOrEqual(Math.sqrt(eps) * Math.abs(f - y) * (1 - 1e-12));
    }
  });
});
