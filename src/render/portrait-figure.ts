import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { Portrait } from '../portrait/compute-portrait.js';
import { renderPng } from './chart-renderer.js';
import { cobwebConfig } from './cobweb-figure.js';
import {
  attractorRgb,
  axis,
  basinDatasets,
  basinPlugin,
  cycleDatasets,
  frame,
  JOINED_STEPS,
  magnitudeRange,
  trajectoryDatasets,
  type PointDataset,
} from './portrait-layers.js';

/** The lines the kind's geometry draws over the plane (the UV line of minima, threshold and boundary). */
function geometryDatasets(portrait: Portrait): PointDataset[] {
  const { geometry, plane } = portrait.system;
  if (!geometry) return [];
  return geometry.lines(plane, portrait.window).map((line) => ({
    label: line.label,
    data: line.points,
    borderColor: line.color,
    backgroundColor: line.color,
    borderWidth: line.width,
    ...(line.dash ? { borderDash: line.dash } : {}),
    pointRadius: 0,
    tension: 0,
  }));
}

function arrowLegend(portrait: Portrait): PointDataset[] {
  if (!portrait.arrows.length) return [];
  const [lo, hi] = magnitudeRange(portrait);
  // one invisible point inside the window, so the legend (which lists drawn datasets) keeps the entry
  const a = portrait.arrows[0];
  return [
    {
      label: `update z_{t+1} − z_t (direction; grey → black: |Δz| 10^${lo.toFixed(1)} → 10^${hi.toFixed(1)})`,
      data: [{ x: a.x, y: a.y }],
      borderColor: '#333',
      backgroundColor: '#333',
      borderWidth: 2,
      pointRadius: 0,
    },
  ];
}

export async function renderPortraitFigure(portrait: Portrait): Promise<Buffer> {
  const { width, height } = portrait.spec.image;
  return renderPng(portraitFigureConfig(portrait), width, height);
}

export function portraitFigureConfig(portrait: Portrait): ChartConfiguration {
  return portrait.grid.ny === 1 ? cobwebConfig(portrait) : planeConfig(portrait);
}

function planeConfig(portrait: Portrait): ChartConfiguration {
  const { window, system } = portrait;
  const colours = attractorRgb(portrait.labels.attractors);
  const yOf = (z: Float64Array) => system.plane.fromState(z)[1];
  // Chart.js draws the first dataset on top: markers, then trajectories, then lines
  const datasets = [
    ...basinDatasets(portrait, colours, 'y'),
    ...cycleDatasets(portrait, colours, yOf),
    ...trajectoryDatasets(portrait),
    ...geometryDatasets(portrait),
    ...arrowLegend(portrait),
  ];
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets },
    options: {
      ...frame(portrait),
      scales: {
        x: axis(window.x[0], window.x[1], system.plane.xLabel),
        y: axis(window.y[0], window.y[1], system.plane.yLabel),
      } as never,
    },
    plugins: [basinPlugin(portrait, colours, 'y'), stepArrowsPlugin(portrait.trajectories.length)],
  };
  return config as ChartConfiguration;
}

/**
 * An arrowhead past the middle of each long step of a trajectory (datasets marked `trajectory`),
 * so the order of the jumps reads: a catapult crosses the plane and comes back.
 */
function stepArrowsPlugin(count: number): Plugin {
  return {
    id: 'portraitStepArrows',
    afterDatasetsDraw(chart: Chart) {
      const ctx = chart.ctx;
      chart.data.datasets.forEach((dataset, i) => {
        if (!(dataset as { trajectory?: boolean }).trajectory || count === 0) return;
        const points = chart.getDatasetMeta(i).data.slice(0, JOINED_STEPS + 1);
        ctx.save();
        const area = chart.chartArea;
        ctx.beginPath();
        ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
        ctx.clip();
        ctx.fillStyle = String(dataset.borderColor);
        for (let j = 0; j + 1 < points.length; j++) {
          const a = points[j];
          const b = points[j + 1];
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const length = Math.hypot(dx, dy);
          if (!(length > 30)) continue;
          const angle = Math.atan2(dy, dx);
          const x = a.x + 0.55 * dx;
          const y = a.y + 0.55 * dy;
          ctx.beginPath();
          ctx.moveTo(x + 6 * Math.cos(angle), y + 6 * Math.sin(angle));
          ctx.lineTo(x - 6 * Math.cos(angle - 0.5), y - 6 * Math.sin(angle - 0.5));
          ctx.lineTo(x - 6 * Math.cos(angle + 0.5), y - 6 * Math.sin(angle + 0.5));
          ctx.closePath();
          ctx.fill();
        }
        ctx.restore();
      });
    },
  };
}
