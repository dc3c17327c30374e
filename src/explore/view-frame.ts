import type { ChartConfiguration } from 'chart.js';
import { modelKindOf } from '../models/registry.js';
import { bifurcationFigureConfig, divergedColumns, PARAMETER_LABEL, settlingColumns } from '../render/bifurcation-figure.js';
import { bifurcationInput } from '../render/bifurcation-input.js';
import { densityToRgba } from '../render/density-image.js';
import { lyapunovAxis } from '../render/lyapunov-axis.js';
import { COLORS } from '../render/style.js';
import { niceTicks, tickLabel } from '../render/ticks.js';
import { gridExtent, gridValue } from '../sweep/grid.js';
import type { viewOf } from './view-spec.js';
import type { ViewSweep } from './view-sweep.js';

/** A tick: its value and its label, formatted as the PNG's axes format them. */
export interface Tick {
  value: number;
  label: string;
}

/** A reference line of the PNG (η × sharpness = 2, 2/η, the onset, λ = 0), in data coordinates. */
export interface ReferenceLine {
  label: string;
  axis: 'obs' | 'lyap';
  points: [number, number | null][];
  color: string;
  dash: number[];
}

/** What the page draws for one pass of a view: everything but the density pixels, which follow as RGBA. */
export interface FrameHeader {
  pass: 'coarse' | 'full';
  sweepId: number;
  /** the view as requested, every field filled in (its y range only if the request gave one) */
  view: ReturnType<typeof viewOf>;
  points: number;
  scale: 'linear' | 'log';
  x: { min: number; max: number; label: string; ticks: Tick[] };
  y: { min: number; max: number; label: string; ticks: Tick[] };
  lyap: { min: number; max: number; ticks: Tick[] };
  /** per grid point, in grid order */
  values: number[];
  period: number[];
  regime: string[];
  lyapMax: (number | null)[];
  references: ReferenceLine[];
  densityColor: string;
  lyapunovColor: string;
  clipped: number;
  seconds: number;
  width: number;
  height: number;
}

/**
 * The header and RGBA pixels of a pass, drawn from the same pieces as the CLI's PNG: the density
 * image of densityToRgba at exactly the page's plot size, and the reference lines, λ_max axis and
 * tick labels the figure's own configuration holds.
 */
export function viewFrame(
  sweep: ViewSweep,
  view: FrameHeader['view'],
  pass: FrameHeader['pass'],
  sweepId: number,
  width: number,
  height: number,
): { header: FrameHeader; rgba: Uint8ClampedArray } {
  const { spec, layout } = sweep;
  const axis = spec.sweep;
  const input = bifurcationInput(modelKindOf(spec.model).info, sweep);
  const rgba = densityToRgba(sweep.raster, layout, width, height, divergedColumns(input), undefined, settlingColumns(input));
  const [xMin, xMax] = gridExtent(axis);
  const lyap = lyapunovAxis(Array.from(sweep.lyapMax, (v) => Math.max(v, -Number.MAX_VALUE)));
  const header: FrameHeader = {
    pass,
    sweepId,
    view,
    points: axis.points,
    scale: axis.spacing,
    x: { min: xMin, max: xMax, label: PARAMETER_LABEL[axis.parameter] ?? axis.parameter, ticks: axisTicks(xMin, xMax, axis.spacing, 10) },
    y: {
      min: layout.yMin,
      max: layout.yMax,
      label: modelKindOf(spec.model).info.observableLabels[spec.observable] ?? spec.observable,
      ticks: axisTicks(layout.yMin, layout.yMax, 'linear', 8),
    },
    lyap: { min: lyap.min, max: lyap.max, ticks: labelled(lyap.ticks) },
    values: Array.from({ length: axis.points }, (_, i) => gridValue(axis, i)),
    period: sweep.rows.map((row) => row[2] as number),
    regime: sweep.rows.map((row) => row[1] as string),
    lyapMax: Array.from(sweep.lyapMax, (v) => (Number.isFinite(v) ? v : null)),
    references: referenceLines(bifurcationFigureConfig(input)),
    densityColor: '#2171b5',
    lyapunovColor: COLORS.lyapunov,
    clipped: sweep.clipped,
    seconds: sweep.seconds,
    width,
    height,
  };
  return { header, rgba };
}

/** The dashed datasets of the figure's configuration: its reference lines, nothing re-derived. */
function referenceLines(config: ChartConfiguration): ReferenceLine[] {
  const lines: ReferenceLine[] = [];
  for (const dataset of config.data.datasets as unknown as Record<string, unknown>[]) {
    const dash = dataset.borderDash as number[] | undefined;
    const data = dataset.data as { x: number; y: number }[];
    if (!dash || data.length === 0) continue;
    lines.push({
      label: String(dataset.label),
      axis: dataset.yAxisID === 'lyap' ? 'lyap' : 'obs',
      points: data.map((p) => [p.x, Number.isNaN(p.y) ? null : p.y]),
      color: String(dataset.borderColor),
      dash,
    });
  }
  return lines;
}

function labelled(values: number[]): Tick[] {
  const step = values.length > 1 ? values[1] - values[0] : 0;
  return values.map((value) => ({ value, label: tickLabel(value, step) }));
}

/** Round ticks inside [min, max]: niceTicks on a linear axis, 1-2-5 per decade on a log axis. */
export function axisTicks(min: number, max: number, scale: 'linear' | 'log', count: number): Tick[] {
  if (scale === 'linear') return labelled(niceTicks(min, max, count)).filter((t) => t.value >= min && t.value <= max);
  const ticks: Tick[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const value = Number((m * 10 ** e).toPrecision(12));
      if (value >= min && value <= max) ticks.push({ value, label: tickLabel(value, 10 ** e) });
    }
  }
  const every = Math.max(1, Math.ceil(ticks.length / count));
  return ticks.filter((_, i) => i % every === 0);
}
