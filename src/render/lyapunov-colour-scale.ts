import type { Chart, Plugin } from 'chart.js';
import { formatNumber } from './style.js';
import { niceTicks } from './ticks.js';

/**
 * The phase diagrams' colours for λ_max: a diverging map, blue below 0, white at 0, red above,
 * saturated at ±limit, and the colour bar that reads it.
 */
export function lyapunovColour(value: number, limit: number): [number, number, number] {
  if (!Number.isFinite(value)) return [200, 200, 200];
  const t = Math.max(-1, Math.min(1, value / limit));
  return t < 0 ? [Math.round(255 + t * 222), Math.round(255 + t * 155), 255] : [255, Math.round(255 - t * 200), Math.round(255 - t * 210)];
}

/** The map saturates at the 99th percentile of |λ_max| (at least 0.05), so a few extreme cells do not wash out the rest. */
export function lyapunovColourLimit(values: ArrayLike<number>): number {
  const magnitudes = Float64Array.from(values).filter(Number.isFinite).map(Math.abs).sort();
  return Math.max(0.05, magnitudes.length ? magnitudes[Math.floor(0.99 * (magnitudes.length - 1))] : 0);
}

/** Room the bar needs right of the plot area, in pixels. */
export const COLOUR_BAR_MARGIN = 110;
const BAR = { gap: 22, width: 18, end: 12 } as const;

/**
 * Draws the colour bar right of the plot area, beside the panel of `scaleId`: the map from −limit
 * (bottom) to +limit (top) with round ticks, and a triangle at an end where some values lie
 * beyond it and show in the saturated colour.
 */
export function lyapunovColourBar(scaleId: string, values: ArrayLike<number>, limit: number): Plugin {
  let below = false;
  let above = false;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < -limit) below = true;
    if (values[i] > limit) above = true;
  }
  const ticks = niceTicks(-limit, limit, 9).filter((t) => Math.abs(t) <= limit * (1 + 1e-9));
  const rgb = (c: [number, number, number]) => `rgb(${c[0]},${c[1]},${c[2]})`;
  return {
    id: 'lyapunovColourBar',
    afterDraw(chart: Chart) {
      const scale = chart.scales[scaleId];
      const ctx = chart.ctx;
      const x = Math.round(chart.chartArea.right) + BAR.gap;
      const top = Math.round(scale.top) + BAR.end + 24; // room for the title and the end triangle
      const bottom = Math.round(scale.bottom) - BAR.end;
      const height = bottom - top;
      const yOf = (value: number) => top + ((limit - value) / (2 * limit)) * height;
      ctx.save();
      for (let y = top; y < bottom; y++) {
        ctx.fillStyle = rgb(lyapunovColour(limit * (1 - (2 * (y - top + 0.5)) / height), limit));
        ctx.fillRect(x, y, BAR.width, 1);
      }
      const triangle = (tipY: number, baseY: number, value: number) => {
        ctx.beginPath();
        ctx.moveTo(x, baseY);
        ctx.lineTo(x + BAR.width / 2, tipY);
        ctx.lineTo(x + BAR.width, baseY);
        ctx.closePath();
        ctx.fillStyle = rgb(lyapunovColour(value, limit));
        ctx.fill();
        ctx.stroke();
      };
      ctx.strokeStyle = '#555';
      ctx.lineWidth = 1;
      if (above) triangle(top - BAR.end, top, limit);
      if (below) triangle(bottom + BAR.end, bottom, -limit);
      ctx.strokeRect(x + 0.5, top + 0.5, BAR.width - 1, height - 1);
      ctx.fillStyle = String(chart.options.color);
      ctx.font = `14px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      for (const t of ticks) {
        const y = Math.round(yOf(t)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x + BAR.width, y);
        ctx.lineTo(x + BAR.width + 5, y);
        ctx.stroke();
        ctx.fillText(formatNumber(t), x + BAR.width + 8, y);
      }
      ctx.textAlign = 'center';
      ctx.font = `16px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.fillText('λ_max', x + BAR.width / 2, top - BAR.end - 14);
      ctx.restore();
    },
  };
}
