import type { Chart, ChartDataset, Plugin } from 'chart.js';
import type { Attractor } from '../portrait/attractors.js';
import type { Portrait } from '../portrait/compute-portrait.js';
import { paintCells } from './cell-image.js';
import { figureFrame } from './figure-frame.js';
import { formatNumber } from './style.js';
import { linearTicks } from './ticks.js';

/*
 * The layers every portrait figure shares: basin colours and legend entries, the basin image with
 * the vector field, fixed-point and cycle markers, trajectories, axes and the frame.
 */

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
export const TRAJECTORY_COLOURS = ['#5b2c83', '#c0392b', '#d35400', '#006d5b', '#b8860b', '#e84393'];

/** Steps joined by lines; later iterates are dots only (a chaotic orbit drawn as lines is a tangle). */
export const JOINED_STEPS = 25;

export function attractorRgb(attractors: Attractor[]): [number, number, number][] {
  let cycle = 0;
  return attractors.map((a) => (a.kind === 'cycle' ? CYCLE_RGB[cycle++ % CYCLE_RGB.length] : KIND_RGB[a.kind]));
}

export const rgb = ([r, g, b]: [number, number, number]) => `rgb(${r},${g},${b})`;
export const light = (c: [number, number, number]): [number, number, number] =>
  c.map((v) => Math.round(v + (255 - v) * BASIN_LIGHTEN)) as [number, number, number];
export const dark = (c: [number, number, number]): [number, number, number] =>
  c.map((v) => Math.round(v * 0.6)) as [number, number, number];

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
export function basinPlugin(portrait: Portrait, colours: [number, number, number][], scaleY: string): Plugin {
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
export function magnitudeRange(portrait: Portrait): [number, number] {
  const sizes = portrait.arrows
    .map((a) => Math.log10(Math.hypot(a.dx, a.dy)))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (!sizes.length) return [0, 0];
  return [sizes[Math.floor(0.02 * (sizes.length - 1))], sizes[Math.ceil(0.98 * (sizes.length - 1))]];
}

export type PointDataset = ChartDataset<'line'> & { showLine?: boolean };

/** Markers of the fixed points and cycles: filled when stable (sink), hollow otherwise. */
export function cycleDatasets(portrait: Portrait, colours: [number, number, number][], yOf: (z: Float64Array) => number): PointDataset[] {
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
    const what =
      key === 'higher'
        ? `unstable cycle${g.count > 1 ? 's' : ''} of period ${lo === hi ? lo : `${lo}–${hi}`}`
        : `unstable ${name(lo)}${g.count > 1 ? 's' : ''}`;
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

export function basinDatasets(portrait: Portrait, colours: [number, number, number][], yAxisID: string): PointDataset[] {
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

export function trajectoryDatasets(portrait: Portrait): PointDataset[] {
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

export function subtitle(portrait: Portrait): string {
  const { spec, system, grid } = portrait;
  const b = spec.basins;
  const basins = grid.ny === 1 ? `${grid.nx} initial conditions` : `${grid.nx} × ${grid.ny} initial conditions`;
  const common = `basins: ${basins}, ${b.transient} steps, periods ≤ ${spec.cycles.maxPeriod}`;
  if (system.geometry) return `${system.geometry.subtitle} · ${common}`;
  const m = spec.model;
  const params =
    'parameters' in m
      ? Object.entries(m.parameters)
          .map(([k, v]) => `${k} = ${formatNumber(v)}`)
          .join(', ')
      : '';
  return `${params}${params ? ' · ' : ''}${common}`;
}

export function axis(min: number, max: number, title: string, extra: Record<string, unknown> = {}) {
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
export function frame(portrait: Portrait) {
  const base = figureFrame(portrait.spec.title ?? portrait.spec.name, subtitle(portrait), { font: { size: 14 } });
  return { ...base, plugins: { ...base.plugins, subtitle: { ...base.plugins.subtitle, font: { size: 13 } } } };
}
