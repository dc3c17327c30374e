import { describe, expect, it } from 'vitest';
import { LANES } from '../../src/models/uv/orbit-kernel.js';
import { chunkSizeFor, planChunks } from '../../src/sweep/chunk-plan.js';

function sizes(chunks: Array<[number, number]>): number[] {
  return chunks.map(([start, end]) => end - start);
}

describe('planChunks', () => {
  it.each([
    [16_000, 2],
    [16_000, 1],
    [4_000, 2],
    [1_000_003, 2],
    [7, 3],
    [2, 2],
  ])('cuts %i points for %i workers into contiguous lane-aligned chunks that cover the grid', (points, workers) => {
    const chunks = planChunks(points, workers, undefined, LANES);
    expect(chunks[0][0]).toBe(0);
    expect(chunks.at(-1)![1]).toBe(points);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i][0]).toBe(chunks[i - 1][1]);
    const full = chunkSizeFor(points, workers, undefined, LANES);
    for (const size of sizes(chunks).slice(0, -1)) {
      expect(size % LANES).toBe(0);
      expect(size).toBeLessThanOrEqual(full);
    }
  });

  it('shrinks the last chunks to an eighth of the full size, never growing again', () => {
    const s = sizes(planChunks(16_000, 2, undefined, LANES));
    const full = chunkSizeFor(16_000, 2, undefined, LANES);
    expect(s[0]).toBe(full);
    const smallest = Math.ceil(full / 8 / LANES) * LANES;
    expect(s.at(-2)).toBe(smallest);
    for (let i = 1; i < s.length - 1; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
    // the tail holds the last four rounds' worth of work for two workers, no more
    const tapered = s.filter((x) => x < full).reduce((a, b) => a + b, 0);
    expect(tapered).toBeLessThanOrEqual(full * 2 * 4);
  });

  it('cuts few, costly points (an mlp sweep: one lane) into single points, so two workers share them evenly', () => {
    expect(sizes(planChunks(16, 2, undefined, 1))).toEqual(Array(16).fill(1));
    // the UV kernel's four lanes would hand two workers four chunks of four unequal points
    expect(sizes(planChunks(16, 2, undefined, LANES))).toEqual([4, 4, 4, 4]);
  });

  it('uses a requested size as given', () => {
    expect(sizes(planChunks(20, 2, 7, LANES))).toEqual([7, 7, 6]);
    expect(sizes(planChunks(3, 2, 1, LANES))).toEqual([1, 1, 1]);
  });
});
