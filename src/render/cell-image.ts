import type { Chart } from 'chart.js';

/**
 * Paints an nx × ny grid of cells (x fastest, row 0 at the bottom) into the plot area of the panel
 * whose vertical scale is `scaleId`, one image pixel at a time: `colour` gets the cell and the
 * pixel's position in the panel (for patterns such as hatching).
 */
export function paintCells(chart: Chart, scaleId: string, nx: number, ny: number, colour: (cell: number, px: number, py: number) => [number, number, number]): void {
  const scale = chart.scales[scaleId];
  const left = Math.round(chart.chartArea.left);
  const width = Math.round(chart.chartArea.right) - left;
  const top = Math.round(scale.top);
  const height = Math.round(scale.bottom) - top;
  const image = chart.ctx.createImageData(width, height);
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
