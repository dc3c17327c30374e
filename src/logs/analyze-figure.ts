import type { BifurcationFigureInput, BifurcationFigureSpec } from '../render/bifurcation-figure.js';
import { formatNumber } from '../render/style.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { binColumn, mergeBand, type RasterLayout } from '../sweep/raster.js';
import { paddedRange } from '../sweep/run-sweep.js';
import type { RunRow } from './analyze-runs.js';

/** The x axis of the runs' diagram: linear or logarithmic, and each run's cell on it. */
export interface RunAxis {
  spacing: 'linear' | 'log';
  /** cell edges per distinct parameter value: values[i] owns [edges[i], edges[i + 1]) */
  values: number[];
  edges: number[];
}

/**
 * Places the runs by value. The spacing is the one in which the distinct values are closer to
 * evenly spaced (log for a geometric learning-rate grid such as 1e-3, 2e-3, 5e-3, …; needs all
 * values > 0 and a range of a decade or more). Each value owns the interval halfway to its neighbours (the outer ones as far out
 * as in), so a run's column is as wide as the gap around it, and columns never depend on how many
 * runs came before.
 */
export function runAxis(values: readonly number[]): RunAxis {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  // log only over a decade or more: a narrower range reads naturally on a linear axis
  const logPossible = distinct.length > 2 && distinct[0] > 0 && distinct[distinct.length - 1] >= 10 * distinct[0];
  const spread = (u: number[]) => {
    const gaps = u.slice(1).map((v, i) => v - u[i]);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    return Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length) / mean;
  };
  const spacing = logPossible && spread(distinct.map(Math.log)) < spread(distinct) ? 'log' : 'linear';
  const to = spacing === 'log' ? Math.log : (v: number) => v;
  const from = spacing === 'log' ? Math.exp : (v: number) => v;
  const u = distinct.map(to);
  const edges: number[] = [];
  if (u.length === 1) {
    const half = spacing === 'log' ? 0.05 : Math.max(Math.abs(u[0]) * 0.05, 1e-9);
    edges.push(u[0] - half, u[0] + half);
  } else {
    edges.push(u[0] - (u[1] - u[0]) / 2);
    for (let i = 0; i + 1 < u.length; i++) edges.push((u[i] + u[i + 1]) / 2);
    edges.push(u[u.length - 1] + (u[u.length - 1] - u[u.length - 2]) / 2);
  }
  return { spacing, values: distinct, edges: edges.map(from) };
}

/**
 * The bifurcation figure's input for logged runs: a raster whose columns are uniform in the axis's
 * spacing, each run's recorded samples counted into every column of its cell; a diverged run's
 * cell is grey (when no other run shares it); the Lyapunov estimates as markers at the runs' values.
 */
export function runsFigureInput(
  rows: readonly RunRow[],
  settings: {
    name: string;
    title?: string;
    parameter: string;
    observable: string;
    observableLabel: string;
    width: number;
    height: number;
    subtitle: string;
  },
): BifurcationFigureInput {
  const axis = runAxis(rows.map((r) => r.value));
  const columns = Math.min(settings.width, 2000);
  const to = axis.spacing === 'log' ? Math.log : (v: number) => v;
  const u0 = to(axis.edges[0]);
  const u1 = to(axis.edges[axis.edges.length - 1]);
  const columnOf = (v: number) => Math.min(columns, Math.max(0, Math.round(((to(v) - u0) / (u1 - u0)) * columns)));
  // a grid of `columns` points, one per raster column, whose cells are exactly the raster's columns
  const grid: SweepSpec['sweep'] = {
    parameter: settings.parameter,
    spacing: axis.spacing,
    points: columns,
    from: axis.spacing === 'log' ? Math.exp(u0 + (u1 - u0) / (2 * columns)) : u0 + (u1 - u0) / (2 * columns),
    to: axis.spacing === 'log' ? Math.exp(u1 - (u1 - u0) / (2 * columns)) : u1 - (u1 - u0) / (2 * columns),
  };

  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) {
    for (const v of row.record) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const layout: RasterLayout = { points: columns, columns, rows: settings.height, ...paddedRange(lo, hi) };
  const counts = new Uint32Array(columns * layout.rows); // column-major band over the whole axis
  const cellRuns = new Uint32Array(columns);
  const cellDiverged = new Uint32Array(columns);
  const column = new Uint32Array(layout.rows);
  const cellOf = new Map(axis.values.map((v, i) => [v, i]));
  for (const row of rows) {
    const cell = cellOf.get(row.value)!;
    const c0 = columnOf(axis.edges[cell]);
    const c1 = Math.max(c0 + 1, columnOf(axis.edges[cell + 1]));
    column.fill(0);
    if (row.record.length) binColumn(layout, row.record, row.record.length, column, 0);
    for (let c = c0; c < Math.min(c1, columns); c++) {
      for (let r = 0; r < layout.rows; r++) counts[c * layout.rows + r] += column[r];
      cellRuns[c]++;
      if (row.regime === 'diverged') cellDiverged[c]++;
    }
  }
  const raster = new Uint32Array(columns * layout.rows);
  mergeBand(raster, layout, { columnStart: 0, width: columns, counts });
  const diverged = new Uint8Array(columns);
  for (let c = 0; c < columns; c++) diverged[c] = cellRuns[c] > 0 && cellDiverged[c] === cellRuns[c] ? 1 : 0;

  const spec: BifurcationFigureSpec = {
    name: settings.name,
    title: settings.title,
    image: { width: settings.width, height: settings.height },
    sweep: grid,
    observable: settings.observable,
  };
  return {
    spec,
    layout,
    raster,
    lyapMax: new Float64Array(columns).fill(NaN),
    diverged,
    theoryOnset: null,
    subtitle: settings.subtitle,
    lyapunovPoints: rows.filter((r) => r.lyapunov !== null).map((r) => ({ x: r.value, y: r.lyapunov!.exponent })),
    lyapunovLabel: 'λ_max estimated from the series (Rosenstein), per logged sample',
    gradientDescent: true,
    observableLabel: settings.observableLabel,
  };
}

/** "0.05 … 1.9 (log spacing)" for the summary. */
export function describeAxis(axis: RunAxis): string {
  return `${formatNumber(axis.values[0])} … ${formatNumber(axis.values[axis.values.length - 1])} (${axis.spacing} axis)`;
}
