import { describe, expect, it } from 'vitest';
import { autoWindow } from '../../src/portrait/auto-window.js';
import { portraitSystemOf as portraitSystem } from '../../src/models/registry.js';
import { portraitSpecSchema } from '../../src/spec/portrait-spec.js';

const system = (fields: Record<string, unknown>) => portraitSystem(portraitSpecSchema.parse({ name: 'w', ...fields }));

describe('automatic portrait window', () => {
  it('UV: spans 0 and y with 60 % of |y| to spare, and λ up to 2.5 times the larger of 2/η and 2√ε|y|', () => {
    const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
    expect(autoWindow(system({ model: uv, eta: 0.5 }), 1e8)).toEqual({ x: [-6, 16], y: [0, 10] });
    // past the onset the lowest minimum, λ = 2√ε|y| = 2, sets the height
    expect(autoWindow(system({ model: uv, eta: 1.6 }), 1e8)).toEqual({ x: [-6, 16], y: [0, 5] });
    // in the rescaled plane the same box, as (√ε·f, ηλ)
    expect(autoWindow(system({ model: uv, eta: 0.5, plane: 'rescaled' }), 1e8)).toEqual({ x: [-0.6000000000000001, 1.6], y: [0, 5] });
  });

  it('Hénon: the box of the attractor widened by 60 % of its extent a side', () => {
    const w = autoWindow(system({ model: { kind: 'henon' } }), 1e8);
    // the attractor's extent from a long orbit, independently
    let [x, y] = [0, 0];
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let t = 0; t < 200_000; t++) {
      [x, y] = [1 - 1.4 * x * x + y, 0.3 * x];
      if (t > 1000) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
    }
    const pad = (lo: number, hi: number) => 0.6 * Math.max(hi - lo, 0.5);
    expect(w.x[0]).toBeCloseTo(x0 - pad(x0, x1), 2);
    expect(w.x[1]).toBeCloseTo(x1 + pad(x0, x1), 2);
    expect(w.y[0]).toBeCloseTo(y0 - pad(y0, y1), 2);
    expect(w.y[1]).toBeCloseTo(y1 + pad(y0, y1), 2);
  });
});
