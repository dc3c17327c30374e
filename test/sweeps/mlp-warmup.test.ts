import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep, type SweepSpecInput } from '../../src/index.js';
import { ROOT } from '../helpers.js';

/** A shipped spec of the warmup pair on a few of its own grid points around the boundary docs/warmup.md reports. */
async function windowsNear(name: string, from: number, to: number) {
  const spec = JSON.parse(readFileSync(join(ROOT, 'sweeps', `${name}.json`), 'utf8')) as SweepSpecInput;
  // the shipped grid runs from 1 to 2 in steps of 0.025: these are six of its points
  const points = Math.round((to - from) / 0.025) + 1;
  const result = await sweep({ ...spec, sweep: { ...spec.sweep, from, to, points } }, { workers: 2 });
  return result.windows.map((w) => ({ from: w.from, to: w.to, regime: w.regime }));
}

describe('the shipped warmup pair (NTK, init scale 1, seed 0)', () => {
  it('W = 0: η_max = 1.55 is the last that stays bounded, 1.575 diverges', async () => {
    const windows = await windowsNear('mlp-warmup-0', 1.45, 1.575);
    expect(windows.at(-1)).toEqual({ from: 1.575, to: 1.575, regime: 'diverged' });
    expect(windows.slice(0, -1).every((w) => w.regime !== 'diverged')).toBe(true);
    expect(windows.at(-2)!.to).toBeCloseTo(1.55, 12);
  });

  it('W = 100: diverges from η_max = 1.475, four grid steps below W = 0 (warmup narrows the range here)', async () => {
    const windows = await windowsNear('mlp-warmup-100', 1.45, 1.575);
    expect(windows.map((w) => w.regime).slice(-1)).toEqual(['diverged']);
    expect(windows.at(-1)!.from).toBeCloseTo(1.475, 12);
    expect(windows.at(-1)!.to).toBeCloseTo(1.575, 12);
    expect(windows[0].to).toBeCloseTo(1.45, 12);
    expect(windows[0].regime).not.toBe('diverged');
  });
});
