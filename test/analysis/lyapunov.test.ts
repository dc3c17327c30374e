import { describe, expect, it } from 'vitest';
import { lyapunovSpectrum } from '../../src/analysis/lyapunov-spectrum.js';
import { createLanes, uvTransient } from '../../src/models/uv/orbit-kernel.js';
import { uvRecord, uvRecordLanes } from '../../src/models/uv/record-kernel.js';
import type { DiscreteMap } from '../../src/kind/discrete-map.js';
import { createUvMap } from '../../src/models/uv/map.js';

function linearMap(a: number[][]): DiscreteMap {
  const k = a.length;
  return {
    dimension: k,
    stateNames: a.map((_, i) => `z${i}`),
    step(state, out) {
      const next = a.map((row) => row.reduce((s, x, j) => s + x * state[j], 0));
      out.set(next);
    },
    jacobian(_state, out) {
      out.set(a.flat());
    },
  };
}

describe('Lyapunov spectrum (Benettin QR)', () => {
  it('gives the log-moduli of the eigenvalues of a linear map', () => {
    // upper triangular: eigenvalues 2 and 0.5, not orthogonal eigenvectors
    const tri = lyapunovSpectrum(
      linearMap([
        [2, 1],
        [0, 0.5],
      ]),
      new Float64Array([1, 1]),
      2000,
    );
    expect(tri.exponents[0]).toBeCloseTo(Math.log(2), 10);
    expect(tri.exponents[1]).toBeCloseTo(Math.log(0.5), 10);
    // 3-D with a rotation block: |eigenvalues| = 1.5 (complex pair), 0.2
    const c = 1.5 * Math.cos(0.7);
    const s = 1.5 * Math.sin(0.7);
    const rot = lyapunovSpectrum(
      linearMap([
        [c, -s, 0],
        [s, c, 0],
        [0, 0, 0.2],
      ]),
      new Float64Array([1, 0, 1]),
      500,
    );
    expect(rot.exponents[0]).toBeCloseTo(Math.log(1.5), 10);
    expect(rot.exponents[1]).toBeCloseTo(Math.log(1.5), 10);
    expect(rot.exponents[2]).toBeCloseTo(Math.log(0.2), 10);
  });

  it('gives the log-moduli of the Jacobian eigenvalues at an attracting fixed point', () => {
    // z' = (0.5 x + x², 0.3 y + x y): fixed point 0 with eigenvalues 0.5 and 0.3
    const map: DiscreteMap = {
      dimension: 2,
      stateNames: ['x', 'y'],
      step(z, out) {
        const x = z[0];
        const y = z[1];
        out[0] = 0.5 * x + x * x;
        out[1] = 0.3 * y + x * y;
      },
      jacobian(z, out) {
        out[0] = 0.5 + 2 * z[0];
        out[1] = 0;
        out[2] = z[1];
        out[3] = 0.3 + z[0];
      },
    };
    const state = new Float64Array([0.2, 0.1]);
    for (let t = 0; t < 200; t++) map.step(state, state); // settle on the fixed point
    const { exponents, convergence } = lyapunovSpectrum(map, state, 4000);
    expect(exponents[0]).toBeCloseTo(Math.log(0.5), 10);
    expect(exponents[1]).toBeCloseTo(Math.log(0.3), 10);
    expect(convergence).toBeLessThan(1e-12);
  });

  it('the UV sweep kernel reproduces the generic QR spectrum on a chaotic UV orbit', () => {
    const p = { eta: 1.6, eps: 0.01, target: 10 };
    const lanes = createLanes();
    for (let k = 0; k < 4; k++) {
      lanes.eta[k] = p.eta;
      lanes.eps[k] = p.eps;
      lanes.target[k] = p.target;
      lanes.f[k] = 0;
      lanes.ntk[k] = 0.2;
    }
    uvTransient(lanes, 3000, 0, 1e8);
    const start = new Float64Array([lanes.f[0], lanes.ntk[0]]);
    const record = 4000;
    const out = { states: new Float64Array(2 * record), observable: new Float64Array(record) };
    const kernel = uvRecord(lanes, 0, record, 3000, 1e8, 2, true, out, 0);
    const generic = lyapunovSpectrum(createUvMap(p), start, record);
    expect(kernel.lyap1).toBeGreaterThan(0.3); // chaotic
    expect(Math.abs(kernel.lyap1 - generic.exponents[0])).toBeLessThan(1e-9);
    expect(Math.abs(kernel.lyap2 - generic.exponents[1])).toBeLessThan(1e-9);
    // the orbit itself is bit-identical between the kernel and the DiscreteMap
    expect(out.states[record - 1]).toBe(start[0]);
  });

  it('at a converged UV minimum: λ₁ = 0 (the neutral line of minima) and λ₂ = ln|1 − ηλ*|', () => {
    const lanes = createLanes();
    for (let k = 0; k < 4; k++) {
      lanes.eta[k] = 0.5 + 0.1 * k;
      lanes.eps[k] = 0.01;
      lanes.target[k] = 10;
      lanes.f[k] = 0;
      lanes.ntk[k] = 0.2;
    }
    uvTransient(lanes, 5000, 0, 1e8);
    for (let k = 0; k < 4; k++) {
      const out = { states: new Float64Array(2000), observable: new Float64Array(1000) };
      const r = uvRecord(lanes, k, 1000, 5000, 1e8, 0, true, out, 250);
      expect(Math.abs(r.lyap1)).toBeLessThan(1e-9);
      expect(r.lyap2).toBeCloseTo(Math.log(Math.abs(1 - lanes.eta[k] * lanes.ntk[k])), 9);
      expect(r.lyapErr).toBeLessThan(1e-9);
    }
  });

  it('keeps λ₂ exact when det J is so small that a block of products would underflow', () => {
    // At a minimum (f = y) the map is frozen and J = [[1 − ηλ, 0], [−4εηy, 1]]; with ηλ = 1 − 1e-7
    // each step multiplies the determinant by 1e-7, which underflows within any long block.
    const eta = 1.2;
    const lanes = createLanes();
    lanes.eta[0] = eta;
    lanes.eps[0] = 0.01;
    lanes.target[0] = 10;
    lanes.f[0] = 10;
    lanes.ntk[0] = (1 - 1e-7) / eta;
    const out = { states: new Float64Array(2000), observable: new Float64Array(1000) };
    const r = uvRecord(lanes, 0, 1000, 0, 1e8, 0, true, out, 250);
    expect(r.divergedAt).toBe(-1);
    expect(Math.abs(r.lyap1)).toBeLessThan(1e-9);
    expect(r.lyap2).toBeCloseTo(Math.log(Math.abs(1 - eta * lanes.ntk[0])), 9);
    expect(r.lyap2).toBeLessThan(-16);
  });

  it('a lane of the record kernel computes bit for bit what it computes alone, whatever its neighbours', () => {
    // chaotic, underflowing-determinant (replayed) and diverging lanes, in every slot
    const points = [
      { eta: 1.6, f: 3, ntk: 0.2 },
      { eta: 1.2, f: 10, ntk: (1 - 1e-7) / 1.2 },
      { eta: 3.5, f: 0, ntk: 0.2 },
    ];
    const run = (slots: number[]) => {
      const lanes = createLanes();
      slots.forEach((p, k) => {
        lanes.eta[k] = points[p].eta;
        lanes.eps[k] = 0.01;
        lanes.target[k] = 10;
        lanes.f[k] = points[p].f;
        lanes.ntk[k] = points[p].ntk;
      });
      const results = uvRecordLanes(lanes, [0, 1, 2, 3], 600, 0, 1e8, 0, true, 100);
      return results.map((r, k) => ({
        ...r,
        states: r.states && Array.from(r.states),
        observable: r.observable && Array.from(r.observable),
        f: lanes.f[k],
      }));
    };
    expect(run([2, 2, 2, 2])[0].divergedAt).toBeGreaterThan(0);
    for (let a = 0; a < 3; a++) {
      const alone = run([a, a, a, a])[0];
      for (let b = 0; b < 3; b++) {
        for (let slot = 0; slot < 4; slot++) {
          const slots = [b, (b + 1) % 3, (b + 2) % 3, b];
          slots[slot] = a;
          expect(run(slots)[slot]).toEqual(alone);
        }
      }
    }
  });
});
