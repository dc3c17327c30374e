import { describe, expect, it } from 'vitest';
import { eigenvalues2x2, findPeriodicOrbit } from '../../../src/analysis/periodic-orbit.js';
import { uvAdvance } from '../../../src/models/uv/orbit-kernel.js';
import { attractorRow } from '../../../src/io/attractor-table.js';
import { createUvMap } from '../../../src/models/uv/map.js';
import { uvSharpness } from '../../../src/models/uv/sharpness.js';
import { edgeOfStabilityEta, uvConstants } from '../../../src/models/uv/constants.js';
import { isUvSweep, sweepSpecSchema, type SweepSpec, type UvSweepSpec } from '../../../src/spec/sweep-spec.js';
import type { ChunkResult } from '../../../src/sweep/chunk.js';
import { runSweep } from '../../../src/api/engine-by-kind.js';

const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

function sweepSpec(sweep: Record<string, unknown>, extra: Record<string, unknown> = {}): UvSweepSpec {
  const spec = sweepSpecSchema.parse({ name: 't', model, sweep, transient: 20000, record: 1000, ...extra });
  if (!isUvSweep(spec)) throw new Error('the spec is a UV sweep');
  return spec;
}

/** Runs a sweep on this thread and returns its rows as objects. */
async function rows(spec: SweepSpec) {
  const chunks: ChunkResult[] = [];
  await runSweep(spec, { pool: null, workers: 1, raster: null }, (c) => chunks.push(c));
  const out = [];
  for (const c of chunks) {
    for (let i = c.start; i < c.end; i++) {
      const r = attractorRow(spec, c, i);
      out.push({
        eta: r[0] as number,
        regime: r[1],
        period: r[2],
        lyapMax: r[3] as number,
        finalF: r[10] as number,
        finalNtk: r[11] as number,
      });
    }
  }
  return out;
}

describe('UV sweep', () => {
  const k = uvConstants(sweepSpec({ from: 0.5, to: 1, points: 2 }).model);
  const onset = edgeOfStabilityEta(k); // = 1

  it('below η = 1/(√ε|y|) every point converges, with η × sharpness < 2 at the end', async () => {
    const result = await rows(sweepSpec({ from: 0.05, to: onset * 0.995, points: 60 }));
    for (const r of result) {
      expect(r.regime).toBe('converged');
      expect(r.period).toBe(1);
      expect(r.eta * uvSharpness(r.finalF, r.finalNtk, k.eps, k.target)).toBeLessThan(2);
      expect(Math.abs(r.finalF - k.target)).toBeLessThan(1e-6 * k.target); // slow right below the onset
      // the neutral line of minima gives λ_max = 0; convergence slows right below the onset
      expect(Math.abs(r.lyapMax)).toBeLessThan(r.eta < 0.9 * onset ? 1e-9 : 1e-4);
    }
  });

  it('just above it the attractor is a 2-cycle', async () => {
    const result = await rows(sweepSpec({ from: onset * 1.005, to: onset * 1.1, points: 40 }));
    for (const r of result) {
      expect(r.regime).toBe('periodic');
      expect(r.period).toBe(2);
      expect(r.lyapMax).toBeLessThan(0);
    }
  });

  it('puts the first 2 → 4 flip where direct long-run iteration and the 2-cycle multiplier put it', async () => {
    const spec = sweepSpec({ from: 1.2, to: 1.26, points: 121 });
    const result = await rows(spec);
    const firstFour = result.findIndex((r) => r.period === 4);
    expect(firstFour).toBeGreaterThan(0);
    const etaTwo = result[firstFour - 1].eta;
    const etaFour = result[firstFour].eta;
    expect(result[firstFour - 1].period).toBe(2);
    expect(result.slice(0, firstFour).every((r) => r.period === 2)).toBe(true);

    // Direct long-run iteration with the plain single-orbit loop, 20× the sweep's transient.
    const periodOf = (eta: number) => {
      const z = new Float64Array([0, 0.2]);
      uvAdvance(z, eta, k.eps, k.target, 400_000);
      const at = (n: number) => {
        const w = Float64Array.from(z);
        uvAdvance(w, eta, k.eps, k.target, n);
        return w;
      };
      const close = (w: Float64Array) => Math.abs(w[0] - z[0]) < 1e-9 * Math.abs(z[0]) && Math.abs(w[1] - z[1]) < 1e-9 * Math.abs(z[1]);
      return [1, 2, 4, 8].find((p) => close(at(p))) ?? 0;
    };
    expect(periodOf(etaTwo)).toBe(2);
    expect(periodOf(etaFour)).toBe(4);

    // The flip itself: the 2-cycle's multiplier crosses −1 (Newton continuation + bisection).
    const multiplier = (eta: number, guess: Float64Array) => {
      const orbit = findPeriodicOrbit(createUvMap({ eta, eps: k.eps, target: k.target }), guess, 2);
      expect(orbit).not.toBeNull();
      const [re1, , re2] = eigenvalues2x2(orbit!.monodromy);
      return { mu: Math.min(re1, re2), state: orbit!.state };
    };
    const start = new Float64Array([0, 0.2]);
    uvAdvance(start, etaTwo, k.eps, k.target, 400_000);
    let lo = etaTwo;
    let hi = etaFour;
    let guess: Float64Array = start;
    expect(multiplier(lo, guess).mu).toBeGreaterThan(-1);
    for (let i = 0; i < 50; i++) {
      const mid = 0.5 * (lo + hi);
      const m = multiplier(mid, guess);
      if (m.mu > -1) {
        lo = mid;
        guess = m.state;
      } else hi = mid;
    }
    expect(lo).toBeGreaterThan(etaTwo);
    expect(lo).toBeLessThanOrEqual(etaFour);
  });

  it('reports divergence with period −1 and the step it happened', async () => {
    const result = await rows(sweepSpec({ from: 2.0, to: 2.2, points: 8 }));
    for (const r of result) {
      expect(r.regime).toBe('diverged');
      expect(r.period).toBe(-1);
    }
  });

  it('calls a chaotic band chaotic and a stable window periodic', async () => {
    const chaos = await rows(sweepSpec({ from: 1.55, to: 1.6, points: 8 }));
    expect(chaos.filter((r) => r.regime === 'chaotic').length).toBeGreaterThanOrEqual(6);
    for (const r of chaos.filter((x) => x.regime === 'chaotic')) expect(r.lyapMax).toBeGreaterThan(0.05);
    // the widest period-3 window, η ≈ 1.451–1.460 (from the demo's windows table)
    const window = await rows(sweepSpec({ from: 1.452, to: 1.458, points: 5 }));
    for (const r of window) {
      expect(r.regime).toBe('periodic');
      expect(r.period).toBe(3);
      expect(r.lyapMax).toBeLessThan(0);
    }
  });
});
