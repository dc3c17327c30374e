import { swatchLegendLabels } from './legend-swatches.js';

/**
 * The frame every figure shares: padding, a bold title, a one-line subtitle and a legend on top
 * whose swatches are drawn as their datasets are (legend-swatches.ts).
 * `legendLabels` adjusts the legend's label options (font, filters, order).
 */
export function figureFrame(title: string, subtitle: string, legendLabels: { font?: { size: number } } & Record<string, unknown> = {}) {
  const fontSize = legendLabels.font?.size ?? 15;
  return {
    layout: { padding: { left: 10, right: 30, top: 10, bottom: 10 } },
    plugins: {
      title: { display: true, text: title, font: { size: 22, weight: 'bold' as const } },
      subtitle: { display: true, text: subtitle, font: { size: 15 }, padding: { bottom: 10 } },
      legend: { position: 'top' as const, labels: { ...swatchLegendLabels(fontSize), font: { size: fontSize }, ...legendLabels } },
    },
  };
}
