import { describe, expect, it } from 'vitest';
import { trajectory, type TrajectorySpecInput } from '../../src/api/index.js';
import { relativeError } from '../helpers.js';

// The function-space map (f, λ) closes under GD for any sequence of learning rates (each step is
// the map at that step's η), so under a schedule the map engine must track GD on the explicit
// weights ('full') to rounding, through a catapult, the edge of stability and the decay after it.
const model = { kind: 'uv', width: 50, inputDim: 4, target: 3, init: { seed: 11, sigmaU: 0.3, sigmaV: 0.3 } } as const;
const schedules: [string, TrajectorySpecInput['eta']][] = [
  ['warmup-cosine into the edge of stability', { schedule: 'warmup-cosine', peak: 1.25, warmupSteps: 60, final: 0.2 }],
  ['step decay out of a 2-cycle', { schedule: 'step', peak: 1.25, every: 100, factor: 0.6 }],
  ['linear warmup', { schedule: 'linear-warmup', peak: 1.1, warmupSteps: 150 }],
];

describe('UV under a schedule: the map engine equals the weights engine', () => {
  for (const [label, eta] of schedules) {
    it(`${label} (f and λ at every row, 1e-10)`, async () => {
      const base = { name: 't', model, eta, steps: 300 } as TrajectorySpecInput;
      const map = await trajectory({ ...base, engine: 'map' });
      const full = await trajectory({ ...base, engine: 'full' });
      expect(map.length).toBe(301);
      expect(full.length).toBe(301);
      expect(full.columns.eta).toEqual(map.columns.eta);
      let worst = 0;
      for (let t = 0; t < map.length; t++) {
        worst = Math.max(worst, relativeError(map.columns.f[t], full.columns.f[t]), relativeError(map.columns.ntk[t], full.columns.ntk[t]));
      }
      expect(worst).toBeLessThan(1e-10);
    });
  }
});
