import type { ChartConfiguration } from 'chart.js';
import type { MapTrajectory } from '../kind/trajectory.js';
import { decimateMinMax } from './decimate.js';
import { renderPng } from './chart-renderer.js';
import { figureFrame } from './figure-frame.js';
import { COLORS, FIGURE } from './style.js';
import { linearTicks } from './ticks.js';

const PALETTE = ['#1f4e99', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#2c3e50'];

/**
 * State variables of a map's orbit against the step: one stacked panel per variable (up to
 * four; more share one panel). Dots over a thin line, so cycles show as separate branches.
 */
export async function renderMapTrajectoryFigure(title: string, subtitle: string, t: MapTrajectory): Promise<Buffer> {
  const k = t.stateNames.length;
  const stacked = k <= 4;
  const lastStep = Math.max(t.length - 1, 1);
  const datasets = t.stateNames.map((name, c) => {
    const data = decimateMinMax(
      t.length,
      (i) => i,
      (i) => t.states[c * t.capacity + i],
      1200,
    );
    return {
      label: name,
      data,
      yAxisID: stacked ? `y${c}` : 'y0',
      borderColor: PALETTE[c % PALETTE.length],
      backgroundColor: PALETTE[c % PALETTE.length],
      borderWidth: 0.6,
      pointRadius: data.length > 3000 ? 0.7 : 1.6,
      pointBorderWidth: 0,
      tension: 0,
    };
  });
  const scales: Record<string, object> = {
    x: { type: 'linear', min: 0, max: lastStep, title: { display: true, text: 'step', font: { size: 17 } }, grid: { color: COLORS.grid } },
  };
  const panels = stacked ? k : 1;
  // Chart.js stacks the first-listed axis at the bottom, so list panels in reverse.
  for (let c = panels - 1; c >= 0; c--) {
    scales[`y${c}`] = {
      type: 'linear',
      position: 'left',
      stack: 'panels',
      offset: true,
      title: { display: true, text: stacked ? t.stateNames[c] : 'state', font: { size: 17 } },
      ticks: { callback: linearTicks({ hideLast: c > 0 && c < panels - 1 }) },
      grid: { color: COLORS.grid },
    };
  }
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets },
    options: {
      ...figureFrame(title, subtitle),
      scales: scales as never,
    },
  };
  return renderPng(config as ChartConfiguration, FIGURE.width, FIGURE.height);
}
