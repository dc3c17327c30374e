import { hexToRgb } from './attractor-colours.js';

/**
 * The attractor fractions as stacked bars at grid resolution, in RGBA pixels of exactly the panel's
 * size: the panel spans fraction 0 (bottom row) to 1 (top row), each grid point owns the same
 * share of the width as on the parameter axis (half a step beyond each end), and a pixel column
 * covering several grid points shows their mean fractions. Bars stack from the bottom in input
 * order, each in its colour; where the fractions sum to less than 1 the rest stays transparent.
 */
export function fractionBarsToRgba(
  fractions: readonly Float64Array[],
  colours: readonly string[],
  points: number,
  width: number,
  height: number,
  /** written in place when given (e.g. a canvas ImageData's pixels) */
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const rgba = out ?? new Uint8ClampedArray(width * height * 4);
  const rgb = colours.map(hexToRgb);
  const top = new Float64Array(fractions.length); // each bar's upper edge in this pixel column
  for (let px = 0; px < width; px++) {
    const g0 = Math.floor((px * points) / width);
    const g1 = Math.max(g0 + 1, Math.floor(((px + 1) * points) / width));
    let cumulative = 0;
    for (let j = 0; j < fractions.length; j++) {
      let mean = 0;
      for (let g = g0; g < g1; g++) mean += fractions[j][g];
      cumulative += mean / (g1 - g0);
      top[j] = cumulative;
    }
    let j = 0;
    // from the bottom up: the pixel row's centre is the fraction level it shows
    for (let py = height - 1; py >= 0; py--) {
      const level = (height - py - 0.5) / height;
      while (j < top.length && top[j] <= level) j++;
      const o = (py * width + px) * 4;
      if (j === top.length) {
        rgba[o + 3] = 0;
        continue;
      }
      rgba[o] = rgb[j][0];
      rgba[o + 1] = rgb[j][1];
      rgba[o + 2] = rgb[j][2];
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}
