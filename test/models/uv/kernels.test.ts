import { describe, expect, it } from 'vitest';
import { createLanes, LANES, uvAdvance, uvTransient } from '../../../src/models/uv/orbit-kernel.js';
import { uvRecordLanes } from '../../../src/models/uv/record-kernel.js';
import { OBSERVABLE_CODE } from '../../../src/models/uv/observables.js';
import { uvLoss, uvSharpness } from '../../../src/models/uv/sharpness.js';

/** Lanes across converged, periodic, chaotic and diverging learning rates. */
const ETAS = [0.7, 1.3, 1.6, 2.6];
const EPS = 0.01;
const TARGET = 10;
const BOUND = 1e8;

function lanesAt(etas: readonly number[]) {
  const lanes = createLanes();
  etas.forEach((eta, k) => {
    lanes.eta[k] = eta;
    lanes.eps[k] = EPS;
    lanes.target[k] = TARGET;
    lanes.f[k] = 0;
    lanes.ntk[k] = 0.2;
  });
  return lanes;
}

/** The plain single-orbit reference: states after each step, and the first step out of bound. */
function reference(eta: number, steps: number) {
  const z = Float64Array.of(0, 0.2);
  const f: number[] = [];
  const l: number[] = [];
  for (let t = 1; t <= steps; t++) {
    uvAdvance(z, eta, EPS, TARGET, 1);
    f.push(z[0]);
    l.push(z[1]);
    if (!(Math.abs(z[0]) <= BOUND && Math.abs(z[1]) <= BOUND)) return { f, l, divergedAt: t };
  }
  return { f, l, divergedAt: -1 };
}

describe('the WebAssembly SIMD kernels of the UV sweep', () => {
  it('the transient gives every lane the single-orbit state bit for bit, and the exact step of divergence', () => {
    expect(ETAS.length).toBe(LANES);
    const lanes = lanesAt(ETAS);
    uvTransient(lanes, 300, 0, BOUND);
    uvTransient(lanes, 700, 300, BOUND); // two calls, as the phase command makes them
    ETAS.forEach((eta, k) => {
      const ref = reference(eta, 1000);
      expect(lanes.divergedAt[k], `η = ${eta}`).toBe(ref.divergedAt);
      if (ref.divergedAt < 0) {
        expect(Object.is(lanes.f[k], ref.f[999])).toBe(true);
        expect(Object.is(lanes.ntk[k], ref.l[999])).toBe(true);
      }
    });
    expect(lanes.divergedAt[3]).toBeGreaterThan(0); // the diverging lane really diverged
  });

  it('the record stores every lane’s single-orbit states bit for bit, with and without the tangent map', () => {
    for (const lyapunov of [false, true]) {
      const lanes = lanesAt(ETAS.slice(0, 3).concat(1.45));
      uvTransient(lanes, 500, 0, BOUND);
      const results = uvRecordLanes(lanes, [0, 1, 2, 3], 400, 500, BOUND, OBSERVABLE_CODE.residual, lyapunov, 0);
      results.forEach((r, k) => {
        const ref = reference(lanes.eta[k], 900);
        const states = Array.from(r.states ?? []);
        expect(states).toEqual([...ref.f.slice(500), ...ref.l.slice(500)]);
        expect(Array.from(r.observable ?? [])).toEqual(ref.f.slice(500).map((f) => f - TARGET)); // residual, computed
        expect(Number.isNaN(r.lyap1)).toBe(!lyapunov);
      });
    }
  });

  it('computes every other observable in WebAssembly bit for bit as the JavaScript definitions', () => {
    const definitions: [number, (f: number, l: number, eta: number) => number][] = [
      [OBSERVABLE_CODE.eta_sharpness, (f, l, eta) => eta * uvSharpness(f, l, EPS, TARGET)],
      [OBSERVABLE_CODE.sharpness, (f, l) => uvSharpness(f, l, EPS, TARGET)],
      [OBSERVABLE_CODE.eta_ntk, (_f, l, eta) => eta * l],
      [OBSERVABLE_CODE.residual, (f) => f - TARGET],
      [OBSERVABLE_CODE.loss, (f) => uvLoss(f, TARGET)],
    ];
    // an odd record, so the last pair of steps overlaps; converged, 2-cycle, chaotic lanes
    for (const [code, definition] of definitions) {
      const lanes = lanesAt([0.7, 1.1, 1.6, 1.75]);
      uvTransient(lanes, 500, 0, BOUND);
      const results = uvRecordLanes(lanes, [0, 1, 2, 3], 401, 500, BOUND, code, false, 0);
      results.forEach((r, k) => {
        const ref = reference(lanes.eta[k], 901);
        const expected = ref.f.slice(500).map((f, t) => definition(f, ref.l[500 + t], lanes.eta[k]));
        expect(r.observable?.length).toBe(401);
        expect(Array.from(r.observable ?? [])).toEqual(expected);
      });
    }
  });

  it('hands out λ and f as views of the recorded states, the same values a copy would hold', () => {
    for (const [code, component] of [
      [OBSERVABLE_CODE.ntk, 'l'],
      [OBSERVABLE_CODE.f, 'f'],
    ] as const) {
      const lanes = lanesAt([1.3, 1.45, 1.6, 1.7]);
      uvTransient(lanes, 500, 0, BOUND);
      const results = uvRecordLanes(lanes, [0, 1, 2, 3], 400, 500, BOUND, code, true, 0);
      results.forEach((r, k) => {
        expect(r.observable?.buffer).toBe(r.states?.buffer); // no copy
        expect(Array.from(r.observable ?? [])).toEqual(reference(lanes.eta[k], 900)[component].slice(500));
      });
    }
  });
});
