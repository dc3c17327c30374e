import { sweepRowsOnThisThread } from '../../sweep-rows.js';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../../src/api/sweep.js';
import { trajectory } from '../../../src/api/trajectory.js';
import { uvConstants } from '../../../src/models/uv/constants.js';
import { uvNextF, uvNextNtk } from '../../../src/models/uv/map.js';
import { buildUvNetwork, initialFunctionState } from '../../../src/models/uv/network.js';
import { uvTrainingProblem } from '../../../src/models/uv/training-problem.js';
import { momentum } from '../../../src/optimizers/momentum.js';
import { isUvSweep, sweepSpecSchema, type SweepSpec } from '../../../src/spec/sweep-spec.js';
import { relativeError, uvModel } from '../../helpers.js';

/** The route-to-chaos model: ε = 0.01, y = 10, so GD's edge of stability begins at η = 1. */
const MODEL = { kind: 'uv' as const, width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

function spec(extra: Record<string, unknown>): SweepSpec {
  const s = sweepSpecSchema.parse({ name: 't', model: MODEL, transient: 5000, record: 4000, ...extra });
  if (!isUvSweep(s)) throw new Error('a UV sweep');
  return s;
}

/** A sweep on this thread, its rows keyed by column. */
async function rows(s: SweepSpec): Promise<Record<string, number | string | null>[]> {
  return sweepRowsOnThisThread(s);
}

describe('the UV weights path (optimizers other than GD)', () => {
  /*
   * Momentum with β = 0 is GD on the weights exactly: v = 0·v + g = g, θ ← θ − ηg. Why the weights
   * agree with the function-space map: with a = γ√s·v and b = γUx, a step is a ← a − c b,
   * b ← b − c a (c = η(f − y)√ε), so s = a + b and d = a − b only scale, s ← (1 − c)s, d ← (1 + c)d,
   * and f = (|s|² − |d|²)/(4√ε), λ = (|s|² + |d|²)/2 follow (|s|, |d|) alone: the same (f, λ) map
   * for any weights. A function-space init puts a and b on one line (rank one); a seeded init
   * spans a plane; either way the directions of s and d never change (momentum's velocity starts at
   * 0 and stays along them too). The exponents differ, though: at width ≥ 2 a tangent vector that
   * turns s within the plane it spans is carried as s itself, so it neither grows nor shrinks — an
   * exponent exactly 0 on every bounded orbit. The weights path's lyap_1 is therefore
   * max(the map's lyap_1, 0): equal where the map is chaotic, 0 where it is periodic.
   */
  it('momentum with β = 0 gives the function-space sweep: the period everywhere, (f, λ) to 1e-9, lyap_1 where chaotic', async () => {
    const sweepOver = { parameter: 'eta', from: 0.9, to: 1.5, points: 13 };
    const weights = await rows(spec({ sweep: sweepOver, optimizer: { kind: 'momentum', beta: 0 } }));
    const map = await rows(spec({ sweep: sweepOver }));
    const { eps, target } = uvConstants(uvModel(MODEL));
    const periodic = map.filter((r) => r.regime === 'periodic' || r.regime === 'converged');
    const chaotic = map.filter((r) => r.regime === 'chaotic');
    expect(periodic.length).toBeGreaterThanOrEqual(6);
    expect(chaotic.length).toBeGreaterThanOrEqual(3);
    map.forEach((m, i) => {
      const w = weights[i];
      expect(w.eta).toBe(m.eta);
      expect(w.period).toBe(m.period);
      if (m.regime === 'periodic' || m.regime === 'converged') {
        // the weights path records θ_t before each step, the map the state after it: one map step apart
        const f = w.final_f as number;
        const ntk = w.final_ntk as number;
        const p = { eta: m.eta as number, eps, target };
        expect(relativeError(uvNextF(f, ntk, p), m.final_f as number)).toBeLessThan(1e-9);
        expect(relativeError(uvNextNtk(f, ntk, p), m.final_ntk as number)).toBeLessThan(1e-9);
        expect(Math.abs(w.lyap_1 as number)).toBeLessThan(1e-4); // the neutral turn of the rank-one line
        if (m.regime === 'periodic') expect(m.lyap_1 as number).toBeLessThan(-0.01);
      }
      if (m.regime === 'chaotic') {
        expect(m.lyap_1 as number).toBeGreaterThan(0.1);
        // two chaotic orbits that rounding set apart: finite-time estimates, each within its lyap_err
        const spread = 2 * ((w.lyap_err as number) + (m.lyap_err as number));
        expect(Math.abs((w.lyap_1 as number) - (m.lyap_1 as number))).toBeLessThan(5e-3 + spread);
      }
    });
  });

  it('keeps (f, λ) independent of the weights realising (f0, λ0): seeded and rank-one inits agree under momentum to 1e-9', () => {
    const seeded = uvModel({ width: 5, inputDim: 3, inputNorm2: 3, target: 2, init: { seed: 7, sigmaU: 0.6, sigmaV: 0.7 } });
    const start = initialFunctionState(seeded);
    const rankOne = uvModel({ width: 5, inputDim: 3, inputNorm2: 3, target: 2, init: start });
    const runs = [seeded, rankOne].map((model) => {
      const problem = uvTrainingProblem(model);
      const opt = momentum(0.9);
      const theta = problem.initialTheta();
      const velocity = new Float64Array(theta.length);
      const f: number[] = [];
      const ntk: number[] = [];
      for (let t = 1; t <= 300; t++) {
        const g = problem.full.gradient(theta);
        f.push(problem.full.output);
        ntk.push(problem.ntk!(theta));
        opt.step(theta, velocity, g, 0.3, t);
      }
      return { f, ntk, theta };
    });
    // the seeded weights are not rank one: v is not parallel to Ux
    const net = buildUvNetwork(seeded);
    expect(Math.abs(net.v[0] / net.v[1] - net.U[0] / net.U[3])).toBeGreaterThan(0.1);
    expect(Math.max(...runs[0].f) - Math.min(...runs[0].f)).toBeGreaterThan(0.5); // it moves
    for (let t = 0; t < 300; t++) {
      expect(relativeError(runs[0].f[t], runs[1].f[t])).toBeLessThan(1e-9);
      expect(relativeError(runs[0].ntk[t], runs[1].ntk[t])).toBeLessThan(1e-9);
    }
    // the rank-one init stays rank one: v ∝ (1, …, 1)
    const { theta } = runs[1];
    const v = theta.subarray(15);
    for (const vi of v) expect(relativeError(vi, v[0])).toBeLessThan(1e-12);
  });

  it('runs a momentum trajectory as a hand-written momentum loop on UvNetwork, to 1e-12', async () => {
    const model = { kind: 'uv' as const, width: 4, inputDim: 2, inputNorm2: 1.5, target: 3, init: { seed: 3, sigmaU: 0.5, sigmaV: 0.8 } };
    const eta = 0.4;
    const beta = 0.85;
    const steps = 80;
    const run = await trajectory({ name: 't', model, eta, steps, optimizer: { kind: 'momentum', beta } });
    expect(run.length).toBe(steps + 1);
    const net = buildUvNetwork(uvModel(model));
    const vU = new Float64Array(net.U.length);
    const vv = new Float64Array(net.v.length);
    for (let t = 0; t <= steps; t++) {
      const f = net.output();
      expect(relativeError(run.columns.f[t], f)).toBeLessThan(1e-12);
      expect(relativeError(run.columns.ntk[t], net.ntk())).toBeLessThan(1e-12);
      // ∇L = (f − y)∇f; v ← βv + ∇L; θ ← θ − ηv
      const g = net.outputGradient();
      const r = f - 3;
      for (let k = 0; k < net.U.length; k++) {
        vU[k] = beta * vU[k] + r * g[k];
        net.U[k] -= eta * vU[k];
      }
      for (let i = 0; i < net.v.length; i++) {
        vv[i] = beta * vv[i] + r * g[net.U.length + i];
        net.v[i] -= eta * vv[i];
      }
    }
    expect(Math.abs(run.columns.f[steps] - run.columns.f[0])).toBeGreaterThan(1); // it trained
  });

  it('refuses engine "map" under momentum or adam, and a batch on the UV model, naming the field', async () => {
    const base = { name: 't', model: MODEL, eta: 1, steps: 10 };
    await expect(trajectory({ ...base, engine: 'map', optimizer: { kind: 'momentum' } })).rejects.toThrow(
      /^trajectory\(spec\): engine: [^\n]*$/,
    );
    await expect(trajectory({ ...base, engine: 'map', optimizer: { kind: 'adam' } })).rejects.toThrow(
      /^trajectory\(spec\): engine: .*adam[^\n]*$/,
    );
    await expect(trajectory({ ...base, batch: { size: 1 } })).rejects.toThrow(/^trajectory\(spec\): batch: [^\n]*$/);
    await expect(sweep({ name: 's', model: MODEL, sweep: { from: 1, to: 2, points: 3 }, batch: { size: 1 } })).rejects.toThrow(
      /^sweep\(spec\): batch: [^\n]*$/,
    );
  });
});
