import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { Portrait } from '../portrait/compute-portrait.js';
import { uvStableSegment } from '../portrait/plane.js';
import { renderPng } from './chart-renderer.js';
import { cobwebConfig } from './cobweb-figure.js';
import { attractorRgb, axis, basinDatasets, basinPlugin, cycleDatasets, frame, JOINED_STEPS, magnitudeRange, trajectoryDatasets, type PointDataset } from './portrait-layers.js';

const UV_LINE = '#0b2e59';

/** The UV lines: the stable and unstable segments of the minima, the threshold and the boundary of what weights reach. */
function uvDatasets(portrait: Portrait): PointDataset[] {
  const { uv, plane } = portrait.system;
  if (!uv) return [];
  const { window } = portrait;
  const at = (f: number, ntk: number) => {
    const [x, y] = plane.fromState(Float64Array.of(f, ntk));
    return { x, y };
  };
  const segment = uvStableSegment(uv);
  // the window's λ range, in state units
  const lambdaTop = Math.max(at(uv.target, 0).y, plane.dimension === 2 ? stateNtk(portrait, window.y[1]) : 0);
  const out: PointDataset[] = [];
  if (segment.from < segment.to) {
    out.push({ label: 'minima f = y, stable: 2√ε|y| ≤ λ < 2/η', data: [at(uv.target, segment.from), at(uv.target, segment.to)], borderColor: UV_LINE, backgroundColor: UV_LINE, borderWidth: 5, pointRadius: 0, tension: 0 });
  }
  out.push({
    label: 'minima f = y, unstable: λ > 2/η',
    data: [at(uv.target, Math.max(segment.from, segment.to)), at(uv.target, Math.max(lambdaTop, segment.to) * 2)],
    borderColor: UV_LINE,
    backgroundColor: UV_LINE,
    borderWidth: 3,
    borderDash: [9, 6],
    pointRadius: 0,
    tension: 0,
  });
  const threshold = at(uv.target, segment.to).y;
  out.push({ label: 'threshold ηλ = 2 (λ = 2/η)', data: [{ x: window.x[0], y: threshold }, { x: window.x[1], y: threshold }], borderColor: '#c0392b', backgroundColor: '#c0392b', borderWidth: 2, borderDash: [3, 4], pointRadius: 0, tension: 0 });
  // λ = 2√ε|f| across the window, in the plane's coordinates
  const samples = 200;
  const boundary: { x: number; y: number }[] = [];
  const z = new Float64Array(2);
  for (let i = 0; i <= samples; i++) {
    const x = window.x[0] + ((window.x[1] - window.x[0]) * i) / samples;
    plane.toState(x, 0, z);
    boundary.push(at(z[0], 2 * Math.sqrt(uv.eps) * Math.abs(z[0])));
  }
  out.push({ label: 'λ = 2√ε|f| (least λ any weights reach)', data: boundary, borderColor: '#555555', backgroundColor: '#555555', borderWidth: 1.5, pointRadius: 0, tension: 0 });
  return out;
}

/** λ of the plane's y value (UV planes map y to λ alone). */
function stateNtk(portrait: Portrait, y: number): number {
  const z = new Float64Array(2);
  portrait.system.plane.toState(portrait.system.uv!.target, y, z);
  return z[1];
}

function arrowLegend(portrait: Portrait): PointDataset[] {
  if (!portrait.arrows.length) return [];
  const [lo, hi] = magnitudeRange(portrait);
  // one invisible point inside the window, so the legend (which lists drawn datasets) keeps the entry
  const a = portrait.arrows[0];
  return [{ label: `update z_{t+1} − z_t (direction; grey → black: |Δz| 10^${lo.toFixed(1)} → 10^${hi.toFixed(1)})`, data: [{ x: a.x, y: a.y }], borderColor: '#333', backgroundColor: '#333', borderWidth: 2, pointRadius: 0 }];
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
    ...uvDatasets(portrait),
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

