import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';

/**
 * One chartjs-node-canvas renderer per image size, reused: each instance re-requires canvas and
 * Chart.js, which is slow. Main thread only (node-canvas does not load in worker threads).
 */
const renderers = new Map<string, ChartJSNodeCanvas>();

export function rendererFor(width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let renderer = renderers.get(key);
  if (!renderer) {
    renderer = new ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: 'white',
      chartCallback: (chart) => {
        chart.defaults.font.family = 'DejaVu Sans, Helvetica, Arial, sans-serif';
        chart.defaults.font.size = 14;
        chart.defaults.color = '#222';
        chart.defaults.animation = false;
        chart.defaults.responsive = false;
        chart.defaults.devicePixelRatio = 1;
      },
    });
    renderers.set(key, renderer);
  }
  return renderer;
}

export async function renderPng(config: ChartConfiguration, width: number, height: number): Promise<Buffer> {
  return rendererFor(width, height).renderToBuffer(config as never, 'image/png');
}
