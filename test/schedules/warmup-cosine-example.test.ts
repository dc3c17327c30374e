import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trajectory, type TrajectorySpecInput } from '../../src/api/index.js';
import { ROOT } from '../helpers.js';

// sweeps/mlp-warmup-cosine.json shows what its description says, with the numbers quoted there.
describe('sweeps/mlp-warmup-cosine.json', () => {
  it('sharpens in the warmup, catapults, follows 2/η_t down the cosine, then lets go', async () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'sweeps', 'mlp-warmup-cosine.json'), 'utf8')) as TrajectorySpecInput;
    const run = await trajectory(spec);
    expect(run.divergedAtStep).toBeNull();
    const { eta, sharpness, eta_sharpness: scaled, loss, accuracy } = run.columns;
    const rows = [...Array(run.length).keys()];
    const measured = rows.filter((t) => !Number.isNaN(sharpness[t]));
    const round = (x: number, digits: number) => Number(x.toFixed(digits));

    expect(round(sharpness[0], 2)).toBe(1.8);
    expect(measured.find((t) => scaled[t] > 2)).toBe(155);
    const sharpest = measured.reduce((a, b) => (sharpness[b] > sharpness[a] ? b : a));
    expect([sharpest, round(sharpness[sharpest], 2)]).toEqual([215, 3.03]);
    const spike = rows.reduce((a, b) => (loss[b] > loss[a] ? b : a));
    expect([spike, round(loss[spike], 1)]).toEqual([220, 23.5]);

    const edge = measured.filter((t) => t >= 450 && t <= 700).map((t) => scaled[t]);
    expect(round(edge.reduce((a, b) => a + b, 0) / edge.length, 3)).toBe(1.986);
    expect([round(Math.min(...edge), 2), round(Math.max(...edge), 2)]).toEqual([1.94, 2.02]);
    expect(measured.filter((t) => scaled[t] > 1.95).at(-1)).toBe(780);

    expect(round(sharpness[2000], 2)).toBe(2.19);
    expect(round(loss[2000], 4)).toBe(0.0134);
    expect(accuracy[2000]).toBe(1);
    // the cosine ends at final = 0 exactly at step 1999: that step does not move the weights
    expect([eta[1999], eta[2000]]).toEqual([0, 0]);
    expect(loss[2000]).toBe(loss[1999]);
  });
});
