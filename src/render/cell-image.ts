import type { Chart } from 'chart.js';

/** The plot area of the panel whose vertical scale is `scaleId`, in whole pixels, and a blank image of its size. */
function panelImage(chart: Chart, scaleId: string) {
  const scale = chart.scales[scaleId];
  const left = Math.round(chart.chartArea.left);
  const width = Math.round(chart.chartArea.right) - left;
  const top = Math.round(scale.top);
  const height = Math.round(scale.bottom) - top;
  return { left, top, width, height, image: chart.ctx.createImageData(width, height) };
}

/**
 * Paints an nx × ny grid of cells (x fastest, row 0 at the bottom) into the plot area of the panel
 * whose vertical scale is `scaleId`, one image pixel at a time: `colour` gets the cell and the
 * pixel's position in the panel (for patterns such as hatching).
 */
export function paintCells(
  chart: Chart,
  scaleId: string,
  nx: number,
  ny: number,
  colour: (cell: number, px: number, py: number) => [number, number, number],
): void {
  const { left, top, width, height, image } = panelImage(chart, scaleId);
  for (let py = 0; py < height; py++) {
    const iy = Math.min(ny - 1, Math.floor(((height - 1 - py) * ny) / height)); // y grows upwards
    for (let px = 0; px < width; px++) {
      const ix = Math.min(nx - 1, Math.floor((px * nx) / width));
      const [r, g, b] = colour(iy * nx + ix, px, py);
      const o = 4 * (py * width + px);
      image.data[o] = r;
      image.data[o + 1] = g;
      image.data[o + 2] = b;
      image.data[o + 3] = 255;
    }
  }
  chart.ctx.putImageData(image, left, top);
}

/**
 * paintCells for colours that depend on the cell alone: each cell's colour is computed once, and
 * each pixel row is filled run by run with 32-bit words (the phase figure's two panels took 120 ms
 * pixel by pixel, with a fresh tuple per pixel).
 */
export function paintCellColours(
  chart: Chart,
  scaleId: string,
  nx: number,
  ny: number,
  colour: (cell: number) => [number, number, number],
): void {
  const { left, top, width, height, image } = panelImage(chart, scaleId);
  // packed through a 4-byte scratch: the same bytes as writing r, g, b, 255 whatever the byte order
  const scratch = new Uint8ClampedArray(4);
  const word = new Uint32Array(scratch.buffer);
  const packed = new Uint32Array(nx * ny);
  for (let cell = 0; cell < nx * ny; cell++) {
    const [r, g, b] = colour(cell);
    scratch[0] = r;
    scratch[1] = g;
    scratch[2] = b;
    scratch[3] = 255;
    packed[cell] = word[0];
  }
  const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, width * height);
  const columnCell = Int32Array.from({ length: width }, (_, px) => Math.min(nx - 1, Math.floor((px * nx) / width)));
  for (let py = 0; py < height; py++) {
    const iy = Math.min(ny - 1, Math.floor(((height - 1 - py) * ny) / height)); // y grows upwards
    const row = py * width;
    for (let px = 0; px < width;) {
      const ix = columnCell[px];
      let end = px + 1;
      while (end < width && columnCell[end] === ix) end++;
      pixels.fill(packed[iy * nx + ix], row + px, row + end);
      px = end;
    }
  }
  chart.ctx.putImageData(image, left, top);
}
