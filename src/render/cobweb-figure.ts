import type { ChartConfiguration } from 'chart.js';
import type { Portrait } from '../portrait/compute-portrait.js';
import { formatNumber } from './style.js';
import { linearTicks } from './ticks.js';
import {
  attractorRgb,
  axis,
  basinDatasets,
  basinPlugin,
  cycleDatasets,
  frame,
  TRAJECTORY_COLOURS,
  type PointDataset,
} from './portrait-layers.js';

/**
 * A map of one variable: the graph of F with the diagonal, the cobweb of each trajectory and the
 * fixed points and cycles on the diagonal above; the basin of each x as a strip below.
 */
export function cobwebConfig(portrait: Portrait): ChartConfiguration {
  const { window, system } = portrait;
  const colours = attractorRgb(portrait.labels.attractors);
  const [x0, x1] = window.x;
  const samples = 600;
  const graph: { x: number; y: number }[] = [];
  const z = new Float64Array(1);
  let lo = x0;
  let hi = x1;
  for (let i = 0; i <= samples; i++) {
    z[0] = x0 + ((x1 - x0) * i) / samples;
    const x = z[0];
    system.map.step(z, z);
    graph.push({ x, y: z[0] });
    if (Number.isFinite(z[0])) {
      lo = Math.min(lo, z[0]);
      hi = Math.max(hi, z[0]);
    }
  }
  const pad = 0.04 * (hi - lo || 1);
  const [ylo, yhi] = [Math.max(lo, x0 - (x1 - x0)) - pad, Math.min(hi, x1 + (x1 - x0)) + pad];
  const cobwebs: PointDataset[] = portrait.trajectories.map((t, i) => {
    const colour = TRAJECTORY_COLOURS[i % TRAJECTORY_COLOURS.length];
    const path: { x: number; y: number }[] = [{ x: t.points[0][0], y: ylo < 0 && yhi > 0 ? 0 : ylo }];
    for (let j = 0; j + 1 < t.points.length; j++) {
      const a = t.points[j][0];
      const b = t.points[j + 1][0];
      path.push({ x: a, y: b }, { x: b, y: b });
    }
    return {
      label: `cobweb of ${t.label} from x₀ = ${formatNumber(t.points[0][0])}${t.diverged ? ', diverges' : ''}`,
      data: path,
      yAxisID: 'y',
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.3,
      pointRadius: 0,
      tension: 0,
    };
  });
  const datasets: PointDataset[] = [
    ...basinDatasets(portrait, colours, 'basin'),
    ...cycleDatasets(portrait, colours, (s) => s[0]).map((d) => ({ ...d, yAxisID: 'y' })),
    {
      label: `${system.plane.yLabel} = F(${system.plane.xLabel})`,
      data: graph,
      yAxisID: 'y',
      borderColor: '#1f4e99',
      backgroundColor: '#1f4e99',
      borderWidth: 2.5,
      pointRadius: 0,
      tension: 0,
    },
    {
      label: 'diagonal',
      data: [
        { x: x0, y: x0 },
        { x: x1, y: x1 },
      ],
      yAxisID: 'y',
      borderColor: '#777',
      backgroundColor: '#777',
      borderWidth: 1.2,
      borderDash: [6, 4],
      pointRadius: 0,
      tension: 0,
    },
    ...cobwebs,
  ];
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets },
    options: {
      ...frame(portrait),
      scales: {
        x: axis(x0, x1, system.plane.xLabel),
        basin: axis(0, 1, 'basin', { stack: 'panels', stackWeight: 1, ticks: { display: false }, grid: { display: false } }),
        y: axis(ylo, yhi, system.plane.yLabel, {
          stack: 'panels',
          stackWeight: 6,
          ticks: { callback: linearTicks({ hideFirst: true, hideLast: true }), font: { size: 15 } },
        }),
      } as never,
    },
    plugins: [basinPlugin(portrait, colours, 'basin')],
  };
  return config as ChartConfiguration;
}
