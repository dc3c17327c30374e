import { describe, expect, it } from 'vitest';
import { binColumn, binPeriodicColumn, type RasterLayout } from '../../src/sweep/raster.js';

/** The row of a value by the definition, or −1 outside [yMin, yMax] (NaN included). */
function rowOf(layout: RasterLayout, value: number): number {
  const t = (layout.yMax - value) / (layout.yMax - layout.yMin);
  if (!(t >= 0 && t <= 1)) return -1;
  return Math.min(layout.rows - 1, Math.floor(t * layout.rows));
}

describe('binColumn', () => {
  const layout: RasterLayout = { points: 10, columns: 5, rows: 7, yMin: -0.3, yMax: 2.1 };
  const edges = [layout.yMin, layout.yMax, layout.yMin - 1e-12, layout.yMax + 1e-12, NaN, Infinity, -Infinity, 0, 1];
  const values = Float64Array.from([...edges, ...Array.from({ length: 500 }, (_, i) => -0.5 + (3 * i) / 499)]);

  it('puts every value in the row the definition gives it, and counts the rest as clipped', () => {
    const offset = 2 * layout.rows; // the third column of a column-major raster
    const counts = new Uint32Array(layout.columns * layout.rows);
    const clipped = binColumn(layout, values, values.length, counts, offset);
    const expected = new Uint32Array(layout.columns * layout.rows);
    let outside = 0;
    for (const v of values) {
      const row = rowOf(layout, v);
      if (row < 0) outside++;
      else expected[offset + row]++;
    }
    expect(clipped).toBe(outside);
    expect(outside).toBeGreaterThan(5); // the edges outside, NaN, ±∞ and the grid's overhang
    expect(Array.from(counts)).toEqual(Array.from(expected));
    expect(counts[offset]).toBeGreaterThan(0); // yMax lands in the top row
    expect(counts[offset + layout.rows - 1]).toBeGreaterThan(0); // yMin in the bottom row
  });

  it('bins only the first `length` values', () => {
    const counts = new Uint32Array(layout.rows);
    expect(binColumn(layout, Float64Array.of(1, NaN, NaN), 1, counts, 0)).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('binPeriodicColumn', () => {
  const layout: RasterLayout = { points: 10, columns: 5, rows: 7, yMin: -0.3, yMax: 2.1 };
  const cycleValues = [layout.yMin, layout.yMax, layout.yMax + 1e-12, NaN, 0, 1, 1, 1.7, -1, 2, 0.3, 0.31];

  it('gives binColumn’s counts and clipped total for values that repeat with the period, binning one period', () => {
    for (let p = 1; p <= cycleValues.length; p++) {
      for (const length of [p, p + 1, 2 * p - 1, 97, 2000]) {
        if (length < p) continue;
        const values = Float64Array.from({ length }, (_, t) => cycleValues[t % p]);
        const counts = new Uint32Array(layout.columns * layout.rows);
        const expected = new Uint32Array(layout.columns * layout.rows);
        const clipped = binPeriodicColumn(layout, values, length, p, counts, 3 * layout.rows);
        expect(clipped, `p = ${p}, length = ${length}`).toBe(binColumn(layout, values, length, expected, 3 * layout.rows));
        expect(Array.from(counts)).toEqual(Array.from(expected));
      }
    }
  });
});
