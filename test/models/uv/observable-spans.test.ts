import { describe, expect, it } from 'vitest';
import { OBSERVABLE_CODE } from '../../../src/models/uv/observables.js';
import { createLanes, type UvLanes } from '../../../src/models/uv/orbit-kernel.js';
import { uvRecordLanes } from '../../../src/models/uv/record-kernel.js';
import { uvLoss, uvSharpness } from '../../../src/models/uv/sharpness.js';

/** Four chaotic and periodic lanes of the grid (ε = 0.5, y = 2), from f = 0.1, λ = 1. */
function lanes(): UvLanes {
  const l = createLanes();
  [0.8, 0.9, 1.04, 1.19].forEach((eta, k) => {
    l.eta[k] = eta;
    l.eps[k] = 0.5;
    l.target[k] = 2;
    l.f[k] = 0.1;
    l.ntk[k] = 1;
  });
  return l;
}

describe("the record's observable over each lane's first values only (spans)", () => {
  it('gives the same bits as over the whole record, for every computed observable and odd and even spans', () => {
    const record = 301;
    const spans = [2, 3, 18, record];
    const definitions: Array<[keyof typeof OBSERVABLE_CODE, (f: number, l: number, eta: number) => number]> = [
      ['sharpness', (f, l) => uvSharpness(f, l, 0.5, 2)],
      ['eta_sharpness', (f, l, eta) => eta * uvSharpness(f, l, 0.5, 2)],
      ['eta_ntk', (_f, l, eta) => eta * l],
      ['residual', (f) => f - 2],
      ['loss', (f) => uvLoss(f, 2)],
    ];
    for (const [name, definition] of definitions) {
      const code = OBSERVABLE_CODE[name];
      const full = uvRecordLanes(lanes(), [0, 1, 2, 3], record, 0, 1e6, code, true, 0).map((r) => ({
        states: Float64Array.from(r.states!),
        observable: Float64Array.from(r.observable!),
        lyap1: r.lyap1,
      }));
      // poison the observables, so values left from the run above cannot pass for new ones
      const other = lanes();
      other.f.fill(1.5);
      uvRecordLanes(other, [0, 1, 2, 3], record, 0, 1e6, code, false, 0);
      const part = uvRecordLanes(lanes(), [0, 1, 2, 3], record, 0, 1e6, code, true, 0, spans);
      for (let k = 0; k < 4; k++) {
        const eta = lanes().eta[k];
        expect(Array.from(part[k].states!)).toEqual(Array.from(full[k].states));
        expect(part[k].lyap1).toBe(full[k].lyap1);
        for (let t = 0; t < spans[k]; t++) {
          const v = part[k].observable![t];
          expect(Object.is(v, full[k].observable[t]), `${name}, lane ${k}, step ${t}`).toBe(true);
          expect(Object.is(v, definition(full[k].states[t], full[k].states[record + t], eta))).toBe(true);
        }
      }
    }
  });
});
