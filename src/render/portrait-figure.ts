import type { Chart, ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import type { Attractor } from '../portrait/attractors.js';
import type { Portrait } from '../portrait/compute-portrait.js';
import { uvStableSegment } from '../portrait/plane.js';
import { renderPng } from './chart-renderer.js';
import { paintCells } from './cell-image.js';
import { figureFrame } from './figure-frame.js';
import { formatNumber } from './style.js';
import { linearTicks } from './ticks.js';

/** Basin colours: the minima blue, cycles in turn, chaos red, the rest greys (lightened when painted). */
const CYCLE_RGB: [number, number, number][] = [
  [89, 161, 79],
  [242, 142, 43],
  [176, 122, 161],
  [237, 201, 72],
  [118, 183, 178],
  [156, 117, 95],
  [255, 157, 167],
];
const KIND_RGB: Record<string, [number, number, number]> = {
  minima: [78, 121, 167],
  chaotic: [225, 87, 89],
  unresolved: [160, 110, 200],
  diverged: [235, 235, 235],
  unreachable: [170, 170, 170],
};
/** How far basin fills are mixed towards white, so markers, arrows and lines read on top. */
const BASIN_LIGHTEN = 0.45;

/** Trajectory colours: strong, and apart from the basin fills and the grey arrows. */
const TRAJECTORY_COLOURS = ['#5b2c83', '#c0392b', '#d35400', '#006d5b', '#b8860b', '#e84393'];

/** Steps joined by lines; later iterates are dots only (a chaotic orbit drawn as lines is a tangle). */
const JOINED_STEPS = 25;
const UV_LINE = '#0b2e59';

function attractorRgb(attractors: Attractor[]): [number, number, number][] {
  let cycle = 0;
  return attractors.map((a) => (a.kind === 'cycle' ? CYCLE_RGB[cycle++ % CYCLE_RGB.length] : KIND_RGB[a.kind]));
}

const rgb = ([r, g, b]: [number, number, number]) => `rgb(${r},${g},${b})`;
const light = (c: [number, number, number]): [number, number, number] =>
  c.map((v) => Math.round(v + (255 - v) * BASIN_LIGHTEN)) as [number, number, number];
const dark = (c: [number, number, number]): [number, number, number] => c.map((v) => Math.round(v * 0.6)) as [number, number, number];

/** Legend text of a basin label. */
function basinLegend(a: Attractor, fraction: number): string {
  const percent = 100 * fraction;
  const share = `${percent > 0 && percent < 0.1 ? percent.toPrecision(1) : percent.toFixed(1)} %`;
  switch (a.kind) {
    case 'minima':
      return `basin of the line of minima (${share})`;
    case 'cycle':
      return `basin of the ${a.cycle!.period === 1 ? 'fixed point' : `${a.cycle!.period}-cycle`} ${a.id} (${share})`;
    case 'chaotic':
      return `chaotic set, λ_max > 0 (${share})`;
    case 'unresolved':
      return `no period found, λ_max ≈ 0 (${share})`;
    case 'diverged':
      return `diverges (${share})`;
    case 'unreachable':
      return `unreachable: λ < 2√ε|f| (${share})`;
  }
}

/** Paints the basins cell by cell into the plot area (unreachable cells hatched), then the arrows. */
function basinPlugin(portrait: Portrait, colours: [number, number, number][], scaleY: string): Plugin {
  const { grid, labels } = portrait;
  const fills = colours.map(light);
  const hatched = labels.attractors.findIndex((a) => a.kind === 'unreachable');
  return {
    id: 'portraitBasins',
    beforeDatasetsDraw(chart: Chart) {
      paintCells(chart, scaleY, grid.nx, grid.ny, (cell, px, py) => {
        const label = labels.labels[cell];
        return label === hatched && (px + py) % 10 < 2 ? [120, 120, 120] : fills[label];
      });
      if (grid.ny > 1) drawArrows(chart, portrait);
    },
  };
}

/**
 * The vector field: one arrow per grid point, all of the same length (its direction in the
 * figure's own units), grey to black by log₁₀ of the update's size.
 */
function drawArrows(chart: Chart, portrait: Portrait): void {
  const arrows = portrait.arrows;
  if (!arrows.length) return;
  const sx = chart.scales.x;
  const sy = chart.scales.y;
  const n = portrait.spec.vectorField.arrows;
  const length = 0.72 * Math.min((chart.chartArea.right - chart.chartArea.left) / n, (sy.bottom - sy.top) / n);
  const sizes = arrows.map((a) => Math.log10(Math.hypot(a.dx, a.dy) || 1e-300));
  const [lo, hi] = magnitudeRange(portrait);
  const ctx = chart.ctx;
  ctx.save();
  ctx.lineWidth = 1.4;
  arrows.forEach((a, i) => {
    const x0 = sx.getPixelForValue(a.x);
    const y0 = sy.getPixelForValue(a.y);
    const ux = sx.getPixelForValue(a.x + a.dx) - x0;
    const uy = sy.getPixelForValue(a.y + a.dy) - y0;
    const norm = Math.hypot(ux, uy);
    if (!(norm > 0)) return;
    const t = hi > lo ? Math.min(1, Math.max(0, (sizes[i] - lo) / (hi - lo))) : 1;
    const shade = Math.round(150 * (1 - t));
    ctx.strokeStyle = ctx.fillStyle = `rgb(${shade},${shade},${shade})`;
    const dx = (ux / norm) * length;
    const dy = (uy / norm) * length;
    const xs = x0 - dx / 2;
    const ys = y0 - dy / 2;
    const xe = x0 + dx / 2;
    const ye = y0 + dy / 2;
    ctx.beginPath();
    ctx.moveTo(xs, ys);
    ctx.lineTo(xe, ye);
    ctx.stroke();
    const head = Math.min(7, 0.35 * length);
    const angle = Math.atan2(dy, dx);
    ctx.beginPath();
    ctx.moveTo(xe, ye);
    ctx.lineTo(xe - head * Math.cos(angle - 0.45), ye - head * Math.sin(angle - 0.45));
    ctx.lineTo(xe - head * Math.cos(angle + 0.45), ye - head * Math.sin(angle + 0.45));
    ctx.closePath();
    ctx.fill();
  });
  ctx.restore();
}

/** log₁₀ of the smallest and largest update drawn (the 2nd and 98th percentiles). */
function magnitudeRange(portrait: Portrait): [number, number] {
  const sizes = portrait.arrows.map((a) => Math.log10(Math.hypot(a.dx, a.dy))).filter(Number.isFinite).sort((a, b) => a - b);
  if (!sizes.length) return [0, 0];
  return [sizes[Math.floor(0.02 * (sizes.length - 1))], sizes[Math.ceil(0.98 * (sizes.length - 1))]];
}

type PointDataset = ChartDataset<'line'> & { showLine?: boolean };

/** Markers of the fixed points and cycles: filled when stable (sink), hollow otherwise. */
function cycleDatasets(portrait: Portrait, colours: [number, number, number][], yOf: (z: Float64Array) => number): PointDataset[] {
  const { plane } = portrait.system;
  const style = (p: number) => (p === 1 ? 'circle' : p === 2 ? 'triangle' : 'rectRot');
  const name = (p: number) => (p === 1 ? 'fixed point' : `${p}-cycle`);
  const out: PointDataset[] = [];
  const attractorOf = new Map(portrait.labels.attractors.map((a, i) => [a.cycle, i]));
  // fixed points and 2-cycles one entry each; higher periods (often dozens, along basin boundaries) as one
  const groups = new Map<string, { periods: number[]; points: { x: number; y: number }[]; types: Set<string>; count: number }>();
  for (const cycle of portrait.cycles) {
    const points = cycle.points.map((z) => ({ x: plane.fromState(z)[0], y: yOf(z) }));
    const index = attractorOf.get(cycle);
    if (cycle.type === 'sink' || index !== undefined) {
      const colour = index === undefined ? '#111111' : rgb(dark(colours[index]));
      out.push({
        label: `${name(cycle.period)}${index === undefined ? '' : ` ${portrait.labels.attractors[index].id}`}, ${cycle.type}`,
        data: points,
        showLine: false,
        pointStyle: style(cycle.period),
        pointRadius: 9,
        backgroundColor: cycle.type === 'sink' ? colour : 'transparent',
        borderColor: cycle.type === 'sink' ? '#ffffff' : colour,
        borderWidth: cycle.type === 'sink' ? 1.5 : 2.5,
        pointBorderWidth: cycle.type === 'sink' ? 1.5 : 2.5,
      } as PointDataset);
      continue;
    }
    const key = cycle.period <= 2 ? String(cycle.period) : 'higher';
    const group = groups.get(key) ?? { periods: [], points: [], types: new Set(), count: 0 };
    group.periods.push(cycle.period);
    group.points.push(...points);
    group.types.add(cycle.type);
    group.count++;
    groups.set(key, group);
  }
  for (const [key, g] of groups) {
    const lo = Math.min(...g.periods);
    const hi = Math.max(...g.periods);
    const what = key === 'higher' ? `unstable cycle${g.count > 1 ? 's' : ''} of period ${lo === hi ? lo : `${lo}–${hi}`}` : `unstable ${name(lo)}${g.count > 1 ? 's' : ''}`;
    out.push({
      label: `${g.count} ${what} (${[...g.types].join(', ')})`,
      data: g.points,
      showLine: false,
      pointStyle: style(lo),
      pointRadius: key === 'higher' ? 3.5 : 7,
      backgroundColor: 'transparent',
      borderColor: '#111111',
      borderWidth: key === 'higher' ? 1 : 2.2,
      pointBorderWidth: key === 'higher' ? 1 : 2.2,
    } as PointDataset);
  }
  return out;
}

function basinDatasets(portrait: Portrait, colours: [number, number, number][], yAxisID: string): PointDataset[] {
  const total = portrait.labels.labels.length;
  return portrait.labels.attractors.map((a, i) => ({
    label: basinLegend(a, a.cells / total),
    data: [],
    yAxisID,
    pointStyle: 'rect',
    backgroundColor: rgb(light(colours[i])),
    borderColor: '#888',
    borderWidth: 1,
  }));
}

function trajectoryDatasets(portrait: Portrait): PointDataset[] {
  return portrait.trajectories.map((t, i) => {
    const colour = TRAJECTORY_COLOURS[i % TRAJECTORY_COLOURS.length];
    const [x0, y0] = t.points[0];
    const start = portrait.grid.ny === 1 ? `x₀ = ${formatNumber(x0)}` : `(${formatNumber(x0)}, ${formatNumber(y0)})`;
    return {
      label: `${t.label} from ${start}${t.diverged ? ', diverges' : ''}`,
      data: t.points.map(([x, y]) => ({ x, y })),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.6,
      pointRadius: t.points.map((_, j) => (j === 0 ? 7 : j <= JOINED_STEPS ? 2.5 : 1.5)),
      pointBorderWidth: 0,
      pointStyle: 'circle',
      tension: 0,
      segment: { borderColor: (c: { p0DataIndex: number }) => (c.p0DataIndex >= JOINED_STEPS ? 'transparent' : undefined) },
      trajectory: true,
    } as PointDataset;
  });
}

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

function subtitle(portrait: Portrait): string {
  const { spec, system, grid } = portrait;
  const b = spec.basins;
  const basins = grid.ny === 1 ? `${grid.nx} initial conditions` : `${grid.nx} × ${grid.ny} initial conditions`;
  const common = `basins: ${basins}, ${b.transient} steps, periods ≤ ${spec.cycles.maxPeriod}`;
  const { uv } = system;
  if (uv) {
    const rescaled = uv.eta * Math.sqrt(uv.eps) * Math.abs(uv.target);
    const onset = 1 / (Math.sqrt(uv.eps) * Math.abs(uv.target));
    const regime = rescaled < 1 ? 'below the edge-of-stability onset: minima with 2√ε|y| ≤ λ < 2/η are stable' : 'past the edge-of-stability onset: no minimum is stable';
    return `η = ${formatNumber(uv.eta)}, ε = ${formatNumber(uv.eps)}, y = ${formatNumber(uv.target)} · η√ε|y| = ${formatNumber(rescaled)} (onset η = 1/(√ε|y|) = ${formatNumber(onset)}): ${regime} · ${common}`;
  }
  const m = spec.model;
  const params = 'parameters' in m ? Object.entries(m.parameters).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ') : '';
  return `${params}${params ? ' · ' : ''}${common}`;
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

function axis(min: number, max: number, title: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'linear',
    min,
    max,
    title: { display: true, text: title, font: { size: 18 } },
    ticks: { callback: linearTicks({}), font: { size: 15 } },
    grid: { color: 'rgba(0,0,0,0.06)' },
    ...extra,
  };
}

/** The shared frame, with a smaller subtitle: it carries the parameters and the regime. */
function frame(portrait: Portrait) {
  const base = figureFrame(portrait.spec.title ?? portrait.spec.name, subtitle(portrait), { font: { size: 14 } });
  return { ...base, plugins: { ...base.plugins, subtitle: { ...base.plugins.subtitle, font: { size: 13 } } } };
}

function planeConfig(portrait: Portrait): ChartConfiguration {
  const { spec, window, system } = portrait;
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

/**
 * A map of one variable: the graph of F with the diagonal, the cobweb of each trajectory and the
 * fixed points and cycles on the diagonal above; the basin of each x as a strip below.
 */
function cobwebConfig(portrait: Portrait): ChartConfiguration {
  const { spec, window, system } = portrait;
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
    return { label: `cobweb of ${t.label} from x₀ = ${formatNumber(t.points[0][0])}${t.diverged ? ', diverges' : ''}`, data: path, yAxisID: 'y', borderColor: colour, backgroundColor: colour, borderWidth: 1.3, pointRadius: 0, tension: 0 };
  });
  const datasets: PointDataset[] = [
    ...basinDatasets(portrait, colours, 'basin'),
    ...cycleDatasets(portrait, colours, (s) => s[0]).map((d) => ({ ...d, yAxisID: 'y' })),
    { label: `${system.plane.yLabel} = F(${system.plane.xLabel})`, data: graph, yAxisID: 'y', borderColor: '#1f4e99', backgroundColor: '#1f4e99', borderWidth: 2.5, pointRadius: 0, tension: 0 },
    { label: 'diagonal', data: [{ x: x0, y: x0 }, { x: x1, y: x1 }], yAxisID: 'y', borderColor: '#777', backgroundColor: '#777', borderWidth: 1.2, borderDash: [6, 4], pointRadius: 0, tension: 0 },
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
        y: axis(ylo, yhi, system.plane.yLabel, { stack: 'panels', stackWeight: 6, ticks: { callback: linearTicks({ hideFirst: true, hideLast: true }), font: { size: 15 } } }),
      } as never,
    },
    plugins: [basinPlugin(portrait, colours, 'basin')],
  };
  return config as ChartConfiguration;
}
