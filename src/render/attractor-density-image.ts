import type { RasterLayout } from '../sweep/raster.js';
import { hexToRgb } from './attractor-colours.js';
import { DIVERGED_COLOR, boxSums, densityShade } from './density-image.js';

/** The lightest an attractor's visited pixel is drawn: its colour at this opacity over white. */
const FAINTEST = 0.3;

/**
 * Several attractors' density rasters in RGBA pixels of exactly the plot area's size, each in its
 * own colour. Each attractor is resampled and shaded as the one-colour diagram is (densityToRgba:
 * boxes, per-column normalisation, logarithmic shade), but normalised by its own column total, so
 * an attractor reached from few initial conditions is as legible as a common one (the fractions
 * panel shows how common it is); the shade sets the colour's opacity over white, from FAINTEST to
 * 1. Where attractors share a pixel, the one with the larger shade (the larger share of its own
 * samples there) is drawn, the earlier one on a tie: no blending, so every pixel is one
 * attractor's colour and can be read off the legend. Columns whose grid points all diverged are
 * the diverged grey.
 */
export function attractorDensityToRgba(
  rasters: readonly (Uint32Array | null)[],
  colours: readonly string[],
  layout: RasterLayout,
  width: number,
  height: number,
  divergedColumns: Uint8Array,
  /** written in place when given (e.g. a canvas ImageData's pixels) */
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const rgba = out ?? new Uint8ClampedArray(width * height * 4);
  const best = new Float64Array(width * height).fill(-1); // the drawn shade; −1: nothing yet
  const shade = densityShade(height);
  for (let j = 0; j < rasters.length; j++) {
    const raster = rasters[j];
    if (raster === null) continue;
    const { runs, runFirstPixel, counts, totals } = boxSums(raster, layout, width, height);
    const [r, g, b] = hexToRgb(colours[j]);
    for (let py = 0; py < height; py++) {
      for (let run = 0; run < runs; run++) {
        const count = counts[py * runs + run];
        if (count === 0) continue;
        const t = shade(count, totals[run]);
        const alpha = FAINTEST + (1 - FAINTEST) * t;
        for (let px = runFirstPixel[run]; px < runFirstPixel[run + 1]; px++) {
          const p = py * width + px;
          if (t <= best[p]) continue;
          best[p] = t;
          rgba[4 * p] = 255 + (r - 255) * alpha;
          rgba[4 * p + 1] = 255 + (g - 255) * alpha;
          rgba[4 * p + 2] = 255 + (b - 255) * alpha;
          rgba[4 * p + 3] = 255;
        }
      }
    }
  }
  const [dr, dg, db] = hexToRgb(DIVERGED_COLOR);
  for (let px = 0; px < width; px++) {
    // the first raster column under this pixel column, as boxSums reads it
    if (!divergedColumns[Math.floor((px * layout.columns) / width)]) continue;
    for (let py = 0; py < height; py++) {
      const p = py * width + px;
      if (best[p] >= 0) continue;
      rgba.set([dr, dg, db, 255], 4 * p);
    }
  }
  return rgba;
}
