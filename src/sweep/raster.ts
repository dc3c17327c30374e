import type { RasterLayout } from '../kind/chunk.js';

export type { RasterLayout } from '../kind/chunk.js';

export function rasterColumn(layout: RasterLayout, index: number): number {
  return Math.floor((index * layout.columns) / layout.points);
}

/**
 * Counts `length` values into one column of a column-major raster: counts[offset + row] += 1,
 * where row = floor(t × rows), t = (yMax − value) / (yMax − yMin), the last row closed at yMin;
 * values with t outside [0, 1] (NaN too) are not counted. Returns how many fell outside. The
 * truncation `| 0` is floor here, since t × rows is never negative (Math.floor and Math.min, per
 * sample, had made this loop a sixth of a sweep's time).
 */
export function binColumn(layout: RasterLayout, values: Float64Array, length: number, counts: Uint32Array, offset: number): number {
  const { yMax, rows } = layout;
  const span = yMax - layout.yMin;
  const last = rows - 1;
  let clipped = 0;
  for (let i = 0; i < length; i++) {
    const t = (yMax - values[i]) / span;
    if (t >= 0 && t <= 1) {
      let row = (t * rows) | 0;
      if (row > last) row = last;
      counts[offset + row]++;
    } else clipped++;
  }
  return clipped;
}

/** A band of columns [columnStart, columnStart + width) as filled by one chunk. */
export interface RasterBand {
  columnStart: number;
  width: number;
  /**
   * column-major: counts[(column − columnStart) * rows + row]. A grid point's samples all fall in
   * one column, so they land in one short run of memory instead of one cache line each.
   */
  counts: Uint32Array;
}

/** Adds a chunk's band into the full raster (row-major, layout.columns wide). */
export function mergeBand(full: Uint32Array, layout: RasterLayout, band: RasterBand): void {
  // Row by row through the full raster, so its writes run in order; the band's reads jump by
  // `rows`, but the band is small enough to stay in cache (measured 150 against 230 µs per band of
  // 34 × 1100 the other way round).
  const { rows, columns } = layout;
  for (let row = 0; row < rows; row++) {
    const dst = row * columns + band.columnStart;
    for (let c = 0; c < band.width; c++) full[dst + c] += band.counts[c * rows + row];
  }
}

/**
 * binColumn over `length` values that repeat exactly with period `cycle` from index 0, binning
 * only the first period: value j occurs ⌊(length − 1 − j) / cycle⌋ + 1 times, so every count and
 * the clipped total are the integers binColumn would reach.
 */
export function binPeriodicColumn(
  layout: RasterLayout,
  values: Float64Array,
  length: number,
  cycle: number,
  counts: Uint32Array,
  offset: number,
): number {
  const { yMax, rows } = layout;
  const span = yMax - layout.yMin;
  const last = rows - 1;
  let clipped = 0;
  for (let j = 0; j < cycle && j < length; j++) {
    const times = Math.floor((length - 1 - j) / cycle) + 1;
    const t = (yMax - values[j]) / span;
    if (t >= 0 && t <= 1) {
      let row = (t * rows) | 0;
      if (row > last) row = last;
      counts[offset + row] += times;
    } else clipped += times;
  }
  return clipped;
}
