import { createCanvas, type Canvas } from 'canvas';
import type { Chart, ChartDataset, LegendItem } from 'chart.js';
import { drawnInBox, type DataBox } from './drawn-in-box.js';

/** Legend swatch size in pixels: long enough to show two periods of the longest dash pattern. */
export const SWATCH = { width: 40, height: 13 } as const;

/** Legend lines are at least this wide, so a thin dotted line still reads as dotted, not grey. */
const MIN_LINE_WIDTH = 2;

/**
 * How a dataset appears in the legend:
 * - `box`: a filled region painted by a plugin (a density, a category, a shade), marked by
 *   giving the dataset `pointStyle: 'rect'` and no data;
 * - `marker`: a dataset drawn as markers only (`showLine: false`), shown as its marker;
 * - `line`: anything else, shown as a line of its colour, width and dash pattern.
 */
export type Swatch =
  | { kind: 'box'; fill: string; border: string; borderWidth: number }
  | { kind: 'marker'; style: string; rotation: number; radius: number; fill: string; stroke?: { color: string; width: number } }
  | { kind: 'line'; color: string; width: number; dash: number[] };

type AnyDataset = ChartDataset<'line'> & { showLine?: boolean };

export function swatchOf(dataset: AnyDataset): Swatch {
  const color = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  const border = color(dataset.borderColor, '#000');
  if (dataset.pointStyle === 'rect') {
    return { kind: 'box', fill: color(dataset.backgroundColor, border), border, borderWidth: Number(dataset.borderWidth ?? 0) };
  }
  if (dataset.showLine === false) {
    const radius = typeof dataset.pointRadius === 'number' ? dataset.pointRadius : 4;
    const rotation = typeof dataset.pointRotation === 'number' ? dataset.pointRotation : 0;
    const fill = color(dataset.backgroundColor, border);
    // a hollow marker (transparent fill) is drawn by its outline
    const borderWidth = typeof dataset.pointBorderWidth === 'number' ? dataset.pointBorderWidth : Number(dataset.borderWidth ?? 1);
    const stroke = fill === 'transparent' ? { color: border, width: borderWidth } : undefined;
    return { kind: 'marker', style: String(dataset.pointStyle ?? 'circle'), rotation, radius, fill, ...(stroke ? { stroke } : {}) };
  }
  const width = typeof dataset.borderWidth === 'number' ? dataset.borderWidth : 1;
  const dash = Array.isArray(dataset.borderDash) ? (dataset.borderDash as number[]) : [];
  return { kind: 'line', color: border, width: Math.max(MIN_LINE_WIDTH, width), dash };
}

/** The swatch as a small image, which Chart.js draws centred where its own box would go. */
export function swatchImage(swatch: Swatch, height: number = SWATCH.height): Canvas {
  const canvas = createCanvas(SWATCH.width, height);
  const ctx = canvas.getContext('2d');
  const middle = height / 2;
  if (swatch.kind === 'box') {
    ctx.fillStyle = swatch.fill;
    ctx.fillRect(0, 0, SWATCH.width, height);
    if (swatch.borderWidth > 0) {
      ctx.strokeStyle = swatch.border;
      ctx.lineWidth = swatch.borderWidth;
      const inset = swatch.borderWidth / 2;
      ctx.strokeRect(inset, inset, SWATCH.width - 2 * inset, height - 2 * inset);
    }
  } else if (swatch.kind === 'line') {
    ctx.strokeStyle = swatch.color;
    ctx.lineWidth = swatch.width;
    ctx.setLineDash(swatch.dash);
    ctx.beginPath();
    ctx.moveTo(0, middle);
    ctx.lineTo(SWATCH.width, middle);
    ctx.stroke();
  } else {
    ctx.fillStyle = swatch.fill;
    ctx.translate(SWATCH.width / 2, middle);
    ctx.rotate((swatch.rotation * Math.PI) / 180);
    // an outline must fit the swatch's height, or its top and bottom are cut off
    const radius = swatch.stroke ? Math.min(swatch.radius, middle - swatch.stroke.width / 2) : swatch.radius;
    ctx.beginPath();
    if (swatch.style === 'triangle') {
      // as Chart.js draws it: vertices on the circle of the point's radius, the first one up
      for (let k = 0; k < 3; k++) {
        const angle = (2 * Math.PI * k) / 3;
        ctx.lineTo(Math.sin(angle) * radius, -Math.cos(angle) * radius);
      }
    } else if (swatch.style === 'rectRot') {
      // a diamond, vertices on the circle of the point's radius
      for (let k = 0; k < 4; k++) {
        const angle = (Math.PI * k) / 2;
        ctx.lineTo(Math.sin(angle) * radius, -Math.cos(angle) * radius);
      }
    } else {
      ctx.arc(0, 0, radius, 0, 2 * Math.PI);
    }
    ctx.closePath();
    if (swatch.stroke) {
      ctx.strokeStyle = swatch.stroke.color;
      ctx.lineWidth = swatch.stroke.width;
      ctx.stroke();
    } else ctx.fill();
  }
  return canvas;
}

/**
 * Legend label options that draw each entry's swatch as its dataset is drawn, so a dotted and a
 * solid line of the same colour can be told apart (Chart.js's own box fills them both), and that
 * list a line or marker dataset only if it leaves a mark inside its panel's fixed range (a
 * reference line outside the range, or a series with no finite value, is not drawn, so it is not
 * listed). Box entries name regions painted by plugins; their figure adds them only when painted.
 */
export function swatchLegendLabels(fontSize: number) {
  const height = Math.min(SWATCH.height, fontSize);
  return {
    usePointStyle: true,
    pointStyleWidth: SWATCH.width,
    boxHeight: height,
    generateLabels(chart: Chart): LegendItem[] {
      const items: LegendItem[] = [];
      chart.data.datasets.forEach((dataset, i) => {
        const swatch = swatchOf(dataset as AnyDataset);
        if (
          swatch.kind !== 'box' &&
          !drawnInBox(dataset.data as { x: number; y: number }[], panelBox(chart, dataset as AnyDataset), swatch.kind === 'line')
        )
          return;
        items.push({
          text: String(dataset.label ?? ''),
          datasetIndex: i,
          hidden: !chart.isDatasetVisible(i),
          fontColor: String(chart.options.color),
          lineWidth: 0,
          pointStyle: swatchImage(swatch, height) as unknown as HTMLCanvasElement,
        });
      });
      return items;
    },
  };
}

/**
 * The data range a dataset is drawn in: its axes' configured min and max (read from the options,
 * since the legend is laid out before the scales); an axis without them is open.
 */
function panelBox(chart: Chart, dataset: AnyDataset): DataBox {
  const scales = (chart.options.scales ?? {}) as Record<string, { min?: unknown; max?: unknown } | undefined>;
  const bound = (id: string, side: 'min' | 'max') => {
    const value = scales[id]?.[side];
    return typeof value === 'number' ? value : side === 'min' ? -Infinity : Infinity;
  };
  const x = dataset.xAxisID ?? 'x';
  const y = dataset.yAxisID ?? 'y';
  return { xMin: bound(x, 'min'), xMax: bound(x, 'max'), yMin: bound(y, 'min'), yMax: bound(y, 'max') };
}
