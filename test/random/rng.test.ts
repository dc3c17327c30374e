import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/random/rng.js';

describe('SeededRandom', () => {
  it('implements xoshiro128** exactly (reference outputs from state 1, 2, 3, 4)', () => {
    const rng = SeededRandom.fromState(1, 2, 3, 4);
    const out = Array.from({ length: 5 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883]);
  });

  it('is reproducible: the same seed gives the same stream, pinned to golden values', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    // Golden values: a change here changes every seeded spec's weights on every machine.
    expect(first).toEqual(GOLDEN_SEED_42);
  });

  it('gives different streams for different seeds, including seeds beyond 2^32', () => {
    const seeds = [0, 1, 2, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER];
    const heads = seeds.map((s) => {
      const rng = new SeededRandom(s);
      return Array.from({ length: 4 }, () => rng.nextUint32()).join(',');
    });
    expect(new Set(heads).size).toBe(seeds.length);
  });

  it('draws uniforms in [0,1) and standard normals with the right moments', () => {
    const rng = new SeededRandom(2024);
    const n = 200_000;
    let sum = 0;
    let sum2 = 0;
    let sum4 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const g = rng.gaussian();
      sum += g;
      sum2 += g * g;
      sum4 += g ** 4;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sum2 / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(sum4 / n - 3)).toBeLessThan(0.06);
  });
});

const GOLDEN_SEED_42 = [2837322924, 2689157697, 135565847, 3108665369, 1018650268];
