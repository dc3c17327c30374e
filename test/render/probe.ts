import { createCanvas, loadImage } from 'canvas';
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { renderPng } from '../../src/render/chart-renderer.js';

/** What Chart.js drew, read from the chart itself after rendering. */
export interface Probe {
  png: Buffer;
  /** tick labels per scale id, as drawn (null for hidden labels) */
  tickLabels: Record<string, (string | null)[]>;
  tickValues: Record<string, number[]>;
  scaleBox: Record<string, { top: number; bottom: number; left: number; right: number }>;
  chartArea: { top: number; bottom: number; left: number; right: number };
  legend: { text: string; pointStyle: unknown; lineDash: number[]; left: number; top: number; width: number; height: number }[];
  /** the legend's swatch width in pixels */
  swatchWidth: number;
}

export async function renderAndProbe(config: ChartConfiguration, width: number, height: number): Promise<Probe> {
  const probe = {} as Probe;
  const plugin: Plugin = {
    id: 'testProbe',
    afterRender(chart: Chart) {
      probe.tickLabels = {};
      probe.tickValues = {};
      probe.scaleBox = {};
      for (const [id, scale] of Object.entries(chart.scales)) {
        probe.tickLabels[id] = scale.ticks.map((t) => (t.label === null || t.label === undefined ? null : String(t.label)));
        probe.tickValues[id] = scale.ticks.map((t) => t.value);
        probe.scaleBox[id] = { top: scale.top, bottom: scale.bottom, left: scale.left, right: scale.right };
      }
      const { top, bottom, left, right } = chart.chartArea;
      probe.chartArea = { top, bottom, left, right };
      const legend = chart.legend!;
      const items = legend.legendItems ?? [];
      probe.legend = items.map((item, i) => ({
        text: item.text,
        pointStyle: item.pointStyle,
        lineDash: item.lineDash ?? [],
        ...(legend as unknown as { legendHitBoxes: { left: number; top: number; width: number; height: number }[] }).legendHitBoxes[i],
      }));
      const labels = legend.options.labels;
      probe.swatchWidth = labels.usePointStyle ? (labels.pointStyleWidth ?? labels.boxWidth) : labels.boxWidth;
    },
  };
  probe.png = await renderPng({ ...config, plugins: [...(config.plugins ?? []), plugin] }, width, height);
  return probe;
}

/** RGBA pixels of a PNG. */
export async function pixelsOf(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}
