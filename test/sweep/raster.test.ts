import { describe, expect, it } from 'vitest';
import { binColumn, rasterRow, type RasterLayout } from '../../src/sweep/raster.js';

describe('binColumn', () => {
  const layout: RasterLayout = { points: 10, columns: 5, rows: 7, yMin: -0.3, yMax: 2.1 };
  const edges = [layout.yMin, layout.yMax, layout.yMin - 1e-12, layout.yMax + 1e-12, NaN, Infinity, -Infinity, 0, 1];
  const values = Float64Array.from([...edges, ...Array.from({ length: 500 }, (_, i) => -0.5 + (3 * i) / 499)]);

  it('puts every value in the row rasterRow gives it, and counts the rest as clipped', () => {
    const stride = 3;
    const counts = new Uint32Array(layout.rows * stride);
    const clipped = binColumn(layout, values, values.length, counts, 1, stride);
    const expected = new Uint32Array(layout.rows * stride);
    let outside = 0;
    for (const v of values) {
      const row = rasterRow(layout, v);
      if (row < 0) outside++;
      else expected[1 + row * stride]++;
    }
    expect(clipped).toBe(outside);
    expect(outside).toBeGreaterThan(5); // the edges outside, NaN, ±∞ and the grid's overhang
    expect(Array.from(counts)).toEqual(Array.from(expected));
    expect(counts[1 + 0 * stride]).toBeGreaterThan(0); // yMax lands in the top row
    expect(counts[1 + (layout.rows - 1) * stride]).toBeGreaterThan(0); // yMin in the bottom row
  });

  it('bins only the first `length` values', () => {
    const counts = new Uint32Array(layout.rows);
    expect(binColumn(layout, Float64Array.of(1, NaN, NaN), 1, counts, 0, 1)).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
