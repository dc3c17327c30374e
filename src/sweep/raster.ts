/**
 * The density raster of a bifurcation diagram: counts of recorded samples per (column, row).
 * Columns are cells of grid indices (uniform in the grid's own spacing), rows are uniform in the
 * observable between yMin (bottom) and yMax (top). Row 0 is the top, as in an image.
 */
export interface RasterLayout {
  points: number;
  columns: number;
  rows: number;
  yMin: number;
  yMax: number;
}

export function rasterColumn(layout: RasterLayout, index: number): number {
  return Math.floor((index * layout.columns) / layout.points);
}

/** Row of a value, or −1 outside [yMin, yMax]. */
export function rasterRow(layout: RasterLayout, value: number): number {
  const t = (layout.yMax - value) / (layout.yMax - layout.yMin);
  if (!(t >= 0 && t <= 1)) return -1;
  return Math.min(layout.rows - 1, Math.floor(t * layout.rows));
}

/** A band of columns [columnStart, columnStart + width) as filled by one chunk. */
export interface RasterBand {
  columnStart: number;
  width: number;
  /** row-major: counts[row * width + (column − columnStart)] */
  counts: Uint32Array;
}

/** Adds a chunk's band into the full raster (row-major, layout.columns wide). */
export function mergeBand(full: Uint32Array, layout: RasterLayout, band: RasterBand): void {
  for (let row = 0; row < layout.rows; row++) {
    const src = row * band.width;
    const dst = row * layout.columns + band.columnStart;
    for (let c = 0; c < band.width; c++) full[dst + c] += band.counts[src + c];
  }
}
