import type { RasterLayout } from '../sweep/raster.js';

/**
 * Turns a density raster into RGBA pixels of exactly the plot area's size.
 *
 * Resampling is by boxes: a pixel sums every raster cell it covers when the raster is finer, and
 * takes the nearest cell when it is coarser, so no grid column is dropped (no aliasing streaks)
 * and a coarse grid shows as bands rather than gaps. Each pixel column is normalised by its own
 * total, so a chaotic band and a 2-cycle are shaded by where the orbit spends its time, and the
 * shade is logarithmic in that fraction.
 */
export function densityToRgba(
  raster: Uint32Array,
  layout: RasterLayout,
  width: number,
  height: number,
  divergedColumns?: Uint8Array,
  /** written in place when given (e.g. a canvas ImageData's pixels, which start transparent) */
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  // Box edges: pixel column px covers raster columns [c0[px], c1[px]), pixel row py raster rows
  // [r0[py], r1[py]); at least one cell each.
  const c0 = new Int32Array(width);
  const c1 = new Int32Array(width);
  const sameAsLeft = new Uint8Array(width);
  for (let px = 0; px < width; px++) {
    c0[px] = Math.floor((px * layout.columns) / width);
    c1[px] = Math.max(c0[px] + 1, Math.floor(((px + 1) * layout.columns) / width));
    if (px > 0 && c0[px] === c0[px - 1] && c1[px] === c1[px - 1]) sameAsLeft[px] = 1;
  }
  // Sums row by row, so the row-major raster is read in order (column by column, every read
  // was a cache miss, and this took 90 ms for the demo's figure).
  const counts = new Float64Array(width * height);
  const totals = new Float64Array(width);
  for (let py = 0; py < height; py++) {
    const r0 = Math.floor((py * layout.rows) / height);
    const r1 = Math.max(r0 + 1, Math.floor(((py + 1) * layout.rows) / height));
    const out = py * width;
    for (let r = r0; r < r1; r++) {
      const base = r * layout.columns;
      for (let px = 0; px < width; px++) {
        let sum = 0;
        for (let c = c0[px]; c < c1[px]; c++) sum += raster[base + c];
        counts[out + px] += sum;
      }
    }
    for (let px = 0; px < width; px++) totals[px] += counts[out + px];
  }
  const rgba = out ?? new Uint8ClampedArray(width * height * 4);
  const k = height / 2;
  const norm = 1 / Math.log1p(k);
  for (let py = 0; py < height; py++) {
    const row = py * width;
    for (let px = 0; px < width; px++) {
      const o = (row + px) * 4;
      if (sameAsLeft[px]) {
        // the same raster cells as the pixel to the left (a coarse grid stretched over several
        // pixel columns): the same colour
        rgba[o] = rgba[o - 4];
        rgba[o + 1] = rgba[o - 3];
        rgba[o + 2] = rgba[o - 2];
        rgba[o + 3] = rgba[o - 1];
        continue;
      }
      const total = totals[px];
      if (total === 0) {
        // grid points that diverged have no attractor: a light grey band says so
        if (divergedColumns && divergedColumns[c0[px]]) rgba.set(DIVERGED_RGBA, o);
        continue;
      }
      const count = counts[row + px];
      if (count === 0) continue;
      if (py > 0 && counts[row - width + px] === count) {
        // same cell count in the same column as the pixel above (a coarse raster stretched over
        // several pixel rows, or a flat band): the same colour, without the logarithm
        const above = o - 4 * width;
        rgba[o] = rgba[above];
        rgba[o + 1] = rgba[above + 1];
        rgba[o + 2] = rgba[above + 2];
        rgba[o + 3] = 255;
        continue;
      }
      colormapInto(Math.min(1, Math.log1p((count / total) * k) * norm), rgba, o);
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

export const DIVERGED_COLOR = '#e4e4e4';
const DIVERGED_RGBA = [228, 228, 228, 255];

/** Sequential map from pale blue (rarely visited) to near black (where the orbit lives). */
const STOPS: [number, [number, number, number]][] = [
  [0, [198, 219, 239]],
  [0.25, [107, 174, 214]],
  [0.5, [33, 113, 181]],
  [0.75, [8, 48, 107]],
  [1, [5, 10, 30]],
];
/** The stops flattened (t, r, g, b per stop): the per-pixel lookup reads numbers, not tuples. */
const FLAT_STOPS = Float64Array.from(STOPS.flatMap(([t, [r, g, b]]) => [t, r, g, b]));

export function colormap(t: number): [number, number, number] {
  const rgb = new Float64Array(3);
  colormapInto(t, rgb, 0);
  return [rgb[0], rgb[1], rgb[2]];
}

/** colormap(t) written to out[o … o + 2], without allocating (called once per pixel). */
function colormapInto(t: number, out: { [i: number]: number }, o: number): void {
  const s = FLAT_STOPS;
  for (let i = 4; i < s.length; i += 4) {
    if (t <= s[i]) {
      const u = (t - s[i - 4]) / (s[i] - s[i - 4]);
      out[o] = s[i - 3] + u * (s[i + 1] - s[i - 3]);
      out[o + 1] = s[i - 2] + u * (s[i + 2] - s[i - 2]);
      out[o + 2] = s[i - 1] + u * (s[i + 3] - s[i - 1]);
      return;
    }
  }
  const last = s.length - 4;
  out[o] = s[last + 1];
  out[o + 1] = s[last + 2];
  out[o + 2] = s[last + 3];
}
