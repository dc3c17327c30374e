import { describe, expect, it } from 'vitest';
import { BatchOrder, type BatchOrderSpec } from '../../src/training/batch-order.js';

/** the first `steps` batches, copied */
function batches(order: BatchOrder, steps: number): number[][] {
  return Array.from({ length: steps }, (_, t) => Array.from(order.indices(t)));
}

describe('BatchOrder', () => {
  it('walks the examples in file order, dropping the last n mod size at each epoch (sequential)', () => {
    const order = new BatchOrder(7, { size: 3, seed: 1, order: 'sequential' });
    expect(order.batchesPerEpoch).toBe(2);
    expect(batches(order, 5)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [0, 1, 2],
      [3, 4, 5],
      [0, 1, 2],
    ]);
  });

  it('gives 0 … n−1 in order at every step when size = n (the full batch)', () => {
    for (const mode of ['sequential', 'shuffle'] as const) {
      const order = new BatchOrder(6, { size: 6, seed: 3, order: mode });
      const all = batches(order, 4);
      if (mode === 'sequential') for (const b of all) expect(b).toEqual([0, 1, 2, 3, 4, 5]);
      else for (const b of all) expect([...b].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it('is reproducible from (seed, n, size), including after jumping back to an earlier epoch', () => {
    const spec: BatchOrderSpec = { size: 4, seed: 42, order: 'shuffle' };
    const a = batches(new BatchOrder(20, spec), 30);
    expect(batches(new BatchOrder(20, spec), 30)).toEqual(a);
    const random = new BatchOrder(20, spec);
    for (const t of [17, 3, 29, 0, 12, 12, 5]) expect(Array.from(random.indices(t))).toEqual(a[t]);
  });

  it('pins the stream: the first shuffled batches are the same on every machine', () => {
    // If this changes, every shuffled minibatch run in every saved spec changes too.
    expect(batches(new BatchOrder(10, { size: 3, seed: 1, order: 'shuffle' }), 4)).toEqual(PINNED_SEED_1);
  });

  it('shows every example exactly once per epoch when size divides n', () => {
    const order = new BatchOrder(24, { size: 6, seed: 9, order: 'shuffle' });
    for (let epoch = 0; epoch < 5; epoch++) {
      const seen = batches(order, 4 * (epoch + 1))
        .slice(4 * epoch)
        .flat()
        .sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: 24 }, (_, i) => i));
    }
  });

  it('draws distinct examples within an epoch when size does not divide n', () => {
    const order = new BatchOrder(10, { size: 3, seed: 2, order: 'shuffle' });
    for (let epoch = 0; epoch < 5; epoch++) {
      const seen = batches(order, 3 * (epoch + 1))
        .slice(3 * epoch)
        .flat();
      expect(new Set(seen).size).toBe(9);
      for (const i of seen) expect(i >= 0 && i < 10).toBe(true);
    }
  });

  it('differs between seeds and between epochs', () => {
    const a = batches(new BatchOrder(32, { size: 32, seed: 1, order: 'shuffle' }), 2);
    const b = batches(new BatchOrder(32, { size: 32, seed: 2, order: 'shuffle' }), 1);
    expect(a[0]).not.toEqual(b[0]);
    expect(a[0]).not.toEqual(a[1]);
  });

  it('draws each of the 24 permutations of 4 examples about equally often', () => {
    // 24 000 epochs: each permutation expects 1000 (σ ≈ 31). A biased shuffle (swapping with any
    // position) gives frequencies between 0.031 and 0.059, i.e. 750 … 1400: far outside ±200.
    const order = new BatchOrder(4, { size: 4, seed: 7, order: 'shuffle' });
    const counts = new Map<string, number>();
    const epochs = 24000;
    for (let t = 0; t < epochs; t++) {
      const key = order.indices(t).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });

  it('refuses a batch size of 0, above n or fractional', () => {
    expect(() => new BatchOrder(5, { size: 0, seed: 1, order: 'shuffle' })).toThrow(/batch size/);
    expect(() => new BatchOrder(5, { size: 6, seed: 1, order: 'shuffle' })).toThrow(/batch size/);
    expect(() => new BatchOrder(5, { size: 2.5, seed: 1, order: 'sequential' })).toThrow(/batch size/);
  });
});

const PINNED_SEED_1 = [
  [9, 3, 0],
  [7, 6, 5],
  [1, 4, 2],
  [4, 0, 2],
];
