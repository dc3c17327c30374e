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
): Uint8ClampedArray {
  const counts = new Float64Array(width * height);
  const colStart = (px: number) => Math.floor((px * layout.columns) / width);
  const rowStart = (py: number) => Math.floor((py * layout.rows) / height);
  for (let px = 0; px < width; px++) {
    const c0 = colStart(px);
    const c1 = Math.max(c0 + 1, colStart(px + 1));
    for (let py = 0; py < height; py++) {
      const r0 = rowStart(py);
      const r1 = Math.max(r0 + 1, rowStart(py + 1));
      let sum = 0;
      for (let r = r0; r < r1; r++) {
        const base = r * layout.columns;
        for (let c = c0; c < c1; c++) sum += raster[base + c];
      }
      counts[py * width + px] = sum;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  const k = height / 2;
  const norm = 1 / Math.log1p(k);
  for (let px = 0; px < width; px++) {
    let total = 0;
    for (let py = 0; py < height; py++) total += counts[py * width + px];
    if (total === 0) {
      // grid points that diverged have no attractor: a light grey band says so
      if (divergedColumns && divergedColumns[colStart(px)]) {
        for (let py = 0; py < height; py++) rgba.set(DIVERGED_RGBA, (py * width + px) * 4);
      }
      continue;
    }
    for (let py = 0; py < height; py++) {
      const count = counts[py * width + px];
      if (count === 0) continue;
      const shade = Math.min(1, Math.log1p((count / total) * k) * norm);
      const [r, g, b] = colormap(shade);
      const o = (py * width + px) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
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

export function colormap(t: number): [number, number, number] {
  for (let s = 1; s < STOPS.length; s++) {
    const [t1, c1] = STOPS[s];
    if (t <= t1) {
      const [t0, c0] = STOPS[s - 1];
      const u = (t - t0) / (t1 - t0);
      return [c0[0] + u * (c1[0] - c0[0]), c0[1] + u * (c1[1] - c0[1]), c0[2] + u * (c1[2] - c0[2])];
    }
  }
  return STOPS[STOPS.length - 1][1];
}
