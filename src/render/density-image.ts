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
  /** written in place when given (e.g. a canvas ImageData's pixels) */
  out?: Uint8ClampedArray,
  /** 1 for raster columns drawn in the settling colours (orbits still trending) */
  settlingColumns?: Uint8Array,
): Uint8ClampedArray {
  const { runs, runFirstPixel, c0, counts, totals } = boxSums(raster, layout, width, height);
  const rgba = out ?? new Uint8ClampedArray(width * height * 4);
  // whole pixels written as one 32-bit word each; a colour is packed through a 4-byte scratch, so
  // the byte order (and the clamped array's rounding) is the same as writing its four bytes
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  const scratch = new Uint8ClampedArray(4);
  const packed = new Uint32Array(scratch.buffer);
  scratch.set(DIVERGED_RGBA);
  const diverged = packed[0];
  const above = new Uint32Array(runs); // each run's colour in the pixel row above
  const shade = densityShade(height);
  for (let py = 0; py < height; py++) {
    const row = py * runs;
    for (let g = 0; g < runs; g++) {
      const total = totals[g];
      const count = counts[row + g];
      let colour = 0; // transparent: no visits
      if (total === 0) {
        // grid points that diverged have no attractor: a light grey band says so
        if (divergedColumns && divergedColumns[c0[g]]) colour = diverged;
      } else if (count !== 0) {
        if (py > 0 && counts[row - runs + g] === count) {
          // the same count as the pixel above (a coarse raster stretched over several pixel rows,
          // or a flat band): the same colour, without the logarithm
          colour = above[g];
        } else {
          const stops = settlingColumns && settlingColumns[c0[g]] ? SETTLING_STOPS : FLAT_STOPS;
          colormapInto(shade(count, total), scratch, 0, stops);
          scratch[3] = 255;
          colour = packed[0];
        }
      }
      above[g] = colour;
      pixels.fill(colour, py * width + runFirstPixel[g], py * width + runFirstPixel[g + 1]);
    }
  }
  return rgba;
}

/**
 * A raster resampled by boxes to a plot area of width × height pixels: pixel columns grouped in
 * runs that cover the same raster columns [c0, c1) (at least one cell each), so a coarse grid
 * stretched over several pixel columns is summed once per run, not per pixel; `counts[py * runs + g]`
 * sums the cells under pixel row py and run g, `totals[g]` the whole run. `runFirstPixel` has one
 * more entry than there are runs: the width.
 */
export interface BoxSums {
  runs: number;
  runFirstPixel: number[];
  c0: number[];
  c1: number[];
  counts: Float64Array;
  totals: Float64Array;
}

export function boxSums(raster: Uint32Array, layout: RasterLayout, width: number, height: number): BoxSums {
  const runFirstPixel: number[] = [];
  const c0: number[] = [];
  const c1: number[] = [];
  for (let px = 0; px < width; px++) {
    const from = Math.floor((px * layout.columns) / width);
    const to = Math.max(from + 1, Math.floor(((px + 1) * layout.columns) / width));
    const last = c0.length - 1;
    if (last >= 0 && c0[last] === from && c1[last] === to) continue;
    runFirstPixel.push(px);
    c0.push(from);
    c1.push(to);
  }
  const runs = c0.length;
  runFirstPixel.push(width);
  // Box sums row by row, so the row-major raster is read in order (column by column, every read
  // was a cache miss).
  const counts = new Float64Array(runs * height);
  const totals = new Float64Array(runs);
  for (let py = 0; py < height; py++) {
    const r0 = Math.floor((py * layout.rows) / height);
    const r1 = Math.max(r0 + 1, Math.floor(((py + 1) * layout.rows) / height));
    const row = py * runs;
    for (let r = r0; r < r1; r++) {
      const base = r * layout.columns;
      for (let g = 0; g < runs; g++) {
        let sum = 0;
        for (let c = c0[g]; c < c1[g]; c++) sum += raster[base + c];
        counts[row + g] += sum;
      }
    }
    for (let g = 0; g < runs; g++) totals[g] += counts[row + g];
  }
  return { runs, runFirstPixel, c0, c1, counts, totals };
}

/**
 * The shade in [0, 1] of a pixel holding `count` of its column's `total` samples, logarithmic in
 * that fraction, for a plot area `height` pixels tall (an orbit spread evenly over the column
 * still shows).
 */
export function densityShade(height: number): (count: number, total: number) => number {
  const k = height / 2;
  const norm = 1 / Math.log1p(k);
  return (count, total) => Math.min(1, Math.log1p((count / total) * k) * norm);
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

/**
 * Columns of settling orbits (still trending, no attractor yet): a ramp from pale tan to sienna.
 * It stops at a saturated brown, not near black: a settling orbit spans few rows, so its pixels sit
 * at the dark end, which must still read as brown next to the blue ramp's.
 */
export const SETTLING_COLOR = '#a0522d';
const SETTLING_STOPS = Float64Array.from(
  (
    [
      [0, [246, 222, 196]],
      [0.5, [205, 133, 63]],
      [1, [160, 82, 45]],
    ] as [number, [number, number, number]][]
  ).flatMap(([t, [r, g, b]]) => [t, r, g, b]),
);

export function colormap(t: number): [number, number, number] {
  const rgb = new Float64Array(3);
  colormapInto(t, rgb, 0);
  return [rgb[0], rgb[1], rgb[2]];
}

/** colormap(t) (or another flattened ramp) written to out[o … o + 2], without allocating (called once per pixel). */
function colormapInto(t: number, out: { [i: number]: number }, o: number, s: Float64Array = FLAT_STOPS): void {
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
