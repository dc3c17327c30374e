import type { Chart, ChartConfiguration, Plugin, Scale } from 'chart.js';
import type { ModelKindInfo } from '../kind/model-kind-info.js';
import type { OptimizerSpec } from '../optimizers/optimizer.js';
import { stabilityThresholdOf } from '../optimizers/stability-threshold.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { gridExtent, gridValue } from '../sweep/grid.js';
import { rasterColumn, type RasterLayout } from '../sweep/raster.js';
import { renderPng } from './chart-renderer.js';
import { decimateMinMax } from './decimate.js';
import { DIVERGED_COLOR, SETTLING_COLOR, densityToRgba } from './density-image.js';
import { lyapunovAxis, type LyapunovAxis } from './lyapunov-axis.js';
import { stabilityReferences } from './stability-references.js';
import { figureFrame } from './figure-frame.js';
import { COLORS, formatNumber } from './style.js';
import { linearTicks } from './ticks.js';

/** What the figure reads of a sweep spec; analyze gives its own, without a model kind. */
export type BifurcationFigureSpec = Pick<SweepSpec, 'name' | 'title' | 'image' | 'sweep' | 'observable'> & {
  model?: { kind: string };
  /** a model trained by gradient: its fixed η and its optimizer (absent: GD), whose threshold is drawn */
  eta?: number;
  optimizer?: OptimizerSpec;
};

export interface BifurcationFigureInput {
  spec: BifurcationFigureSpec;
  layout: RasterLayout;
  raster: Uint32Array;
  /** λ_max per grid point (NaN where diverged) */
  lyapMax: Float64Array;
  /** 1 where a grid point diverged */
  diverged: Uint8Array;
  /** 1 where a grid point is settling (its observable still trends); absent: none */
  settling?: Uint8Array;
  /** period-doubling points to mark (markCascade) */
  flips?: number[];
  /** the learning rate of the theory's edge-of-stability onset (UV: 1/(√ε|y|)), drawn on η sweeps; null where none */
  theoryOnset: number | null;
  subtitle: string;
  /** the swept model's kind: its observable labels, and whether it is trained by GD (absent for logged runs) */
  kind?: ModelKindInfo;
  /**
   * Logged runs (analyze): λ_max drawn as markers at these parameter values, under this label,
   * instead of a curve over the grid's points; the runs' parameter values need not be a grid.
   */
  lyapunovPoints?: { x: number; y: number }[];
  lyapunovLabel?: string;
  /** no model kind (analyze): trained by GD, so the η × sharpness = 2 references apply; the observable's axis title */
  gradientDescent?: boolean;
  observableLabel?: string;
}

export const PARAMETER_LABEL: Record<string, string> = {
  eta: 'learning rate η',
  target: 'target y',
  multiplier: 'multiplier γ',
  inputNorm2: 'input norm ‖x‖²',
  f0: 'initial output f₀',
  ntk0: 'initial NTK eigenvalue λ₀',
  initScale: 'initialisation scale',
  width: 'hidden width',
  beta: 'momentum β',
  beta1: 'Adam β₁',
  rho: 'RMSprop ρ',
  batchSize: 'batch size',
};

function observableLabel(input: BifurcationFigureInput): string {
  const { spec } = input;
  return input.observableLabel ?? input.kind?.observableLabels[spec.observable] ?? spec.observable;
}

/** Draws the density raster into the observable panel's plot area, under the reference lines. */
function densityPlugin(input: BifurcationFigureInput): Plugin {
  return {
    id: 'densityImage',
    beforeDatasetsDraw(chart: Chart) {
      const scale = chart.scales.obs;
      const left = Math.round(chart.chartArea.left);
      const right = Math.round(chart.chartArea.right);
      const top = Math.round(scale.top);
      const bottom = Math.round(scale.bottom);
      const width = right - left;
      const height = bottom - top;
      const image = chart.ctx.createImageData(width, height);
      densityToRgba(input.raster, input.layout, width, height, divergedColumns(input), image.data, settlingColumns(input));
      chart.ctx.putImageData(image, left, top);
    },
  };
}

/** 1 for raster columns whose grid points all diverged. */
export function divergedColumns(input: BifurcationFigureInput): Uint8Array {
  return columnsWhereAll(input.layout, input.diverged);
}

/** 1 for raster columns whose grid points are all settling (drawn in the settling colours). */
export function settlingColumns(input: BifurcationFigureInput): Uint8Array {
  return columnsWhereAll(input.layout, input.settling ?? new Uint8Array(input.layout.points));
}

/** 1 for raster columns whose grid points all have flag 1. */
function columnsWhereAll(layout: RasterLayout, flags: Uint8Array): Uint8Array {
  const total = new Uint32Array(layout.columns);
  const flagged = new Uint32Array(layout.columns);
  for (let i = 0; i < layout.points; i++) {
    const c = rasterColumn(layout, i);
    total[c]++;
    flagged[c] += flags[i];
  }
  const all = new Uint8Array(layout.columns);
  for (let c = 0; c < layout.columns; c++) all[c] = total[c] > 0 && flagged[c] === total[c] ? 1 : 0;
  return all;
}

export async function renderBifurcationFigure(input: BifurcationFigureInput): Promise<Buffer> {
  return renderPng(bifurcationFigureConfig(input), input.spec.image.width, input.spec.image.height);
}

/** The figure's Chart.js configuration: the observable's density above, λ_max below. */
export function bifurcationFigureConfig(input: BifurcationFigureInput): ChartConfiguration {
  const { spec } = input;
  const axis = spec.sweep;
  const [xMin, xMax] = gridExtent(axis);
  const points = axis.points;
  // λ_max = −∞ (an exactly superstable point) is kept, to be drawn clipped; NaN (diverged) is not.
  const lyap =
    input.lyapunovPoints?.filter((p) => !Number.isNaN(p.y)).map((p) => ({ x: p.x, y: Math.max(p.y, -Number.MAX_VALUE) })) ??
    decimateMinMax(
      points,
      (i) => gridValue(axis, i),
      (i) => Math.max(input.lyapMax[i], -Number.MAX_VALUE),
      1500,
    );
  const lyapAxis = lyapunovAxis(lyap.map((p) => p.y));

  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  if (input.raster.some((count) => count > 0)) {
    datasets.push(regionLegend('attractor density (log, per column)', '#2171b5', 'obs'));
  }

  // grey where every grid point of a raster column diverged; listed only if some column is grey
  if (divergedColumns(input).some((d) => d === 1)) {
    datasets.push(regionLegend('diverged', DIVERGED_COLOR, 'obs'));
  }

  // brown where every grid point of a raster column is still settling; listed only if some column is
  if (settlingColumns(input).some((d) => d === 1)) {
    datasets.push(regionLegend('settling (still trending at the end of the record)', SETTLING_COLOR, 'obs'));
  }

  datasets.push(...observableReferences(input));
  const markers = input.lyapunovPoints !== undefined;
  datasets.push({
    label: input.lyapunovLabel ?? 'largest Lyapunov exponent λ_max',
    data: lyap.map((p) => ({ x: p.x, y: Math.max(p.y, lyapAxis.min) })),
    yAxisID: 'lyap',
    borderColor: COLORS.lyapunov,
    backgroundColor: COLORS.lyapunov,
    borderWidth: 1,
    pointRadius: markers ? 3.5 : 0,
    showLine: !markers,
    tension: 0,
  });
  const clipped = clippedLyapunov(lyap, lyapAxis, COLORS.lyapunov);
  if (clipped) datasets.push(clipped);
  // λ = 0 only as a reference for exponents that exist
  if (lyap.length > 0) datasets.push(lyapunovZeroLine(xMin, xMax));

  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets },
    options: {
      ...figureFrame(spec.title ?? spec.name, input.subtitle),
      scales: {
        x: parameterScale(spec),
        lyap: { ...lyapunovScale(lyapAxis), stackWeight: 1.2, title: { display: true, text: 'λ_max', font: { size: 17 } } },
        obs: { ...observableScale(input), stackWeight: 3.5 },
      },
    },
    plugins: [densityPlugin(input)],
  };
  return config as ChartConfiguration;
}

export function referenceLine(label: string, data: { x: number; y: number }[], axis: string) {
  return {
    label,
    data,
    yAxisID: axis,
    borderColor: COLORS.reference,
    backgroundColor: COLORS.reference,
    borderWidth: 1.3,
    borderDash: [10, 6],
    pointRadius: 0,
    tension: 0,
  };
}

/**
 * The lines drawn over the observable's panel: the optimizer's edge of stability (models trained
 * by gradient), the theory's onset, and the period doublings (markCascade).
 */
export function observableReferences(input: BifurcationFigureInput): ChartConfiguration<'line'>['data']['datasets'] {
  const { spec, layout } = input;
  const axis = spec.sweep;
  const [xMin, xMax] = gridExtent(axis);
  const out: ChartConfiguration<'line'>['data']['datasets'] = [];
  // The optimizer's edge of stability, for models trained by gradient (other maps have none).
  if (input.gradientDescent ?? input.kind?.gradientDescent ?? false) {
    const references = stabilityReferences(
      { parameter: axis.parameter, observable: spec.observable, eta: spec.eta, optimizer: spec.optimizer },
      { min: xMin, max: xMax },
      { min: layout.yMin, max: layout.yMax },
    );
    for (const reference of references) out.push(referenceLine(reference.label, reference.data, 'obs'));
  }
  const onset = input.theoryOnset;
  if (onset !== null && onset > xMin && onset < xMax) {
    const optimizer = spec.optimizer ?? { kind: 'gd' };
    // the flattest minimum, λ = 2√ε|y|, meets threshold/η (1/(√ε|y|) under GD)
    const onsetFormula = optimizer.kind === 'gd' ? '1/(√ε|y|)' : `${stabilityThresholdOf(optimizer).formula}/(2√ε|y|)`;
    out.push({
      ...referenceLine(
        `η = ${onsetFormula} = ${formatNumber(onset)}`,
        [
          { x: onset, y: layout.yMin },
          { x: onset, y: layout.yMax },
        ],
        'obs',
      ),
      borderColor: '#c0392b',
      backgroundColor: '#c0392b',
      borderDash: [4, 4],
    });
  }
  if (input.flips && input.flips.length) {
    // one dataset of vertical segments, separated by gaps
    const segments = input.flips.flatMap((x) => [
      { x, y: layout.yMin },
      { x, y: layout.yMax },
      { x, y: NaN },
    ]);
    out.push({
      ...referenceLine(`period doublings k = 1…${input.flips.length} (cascade)`, segments, 'obs'),
      borderColor: '#d35400',
      backgroundColor: '#d35400',
      borderDash: [3, 3],
      borderWidth: 1,
      spanGaps: false,
    });
  }
  return out;
}

/**
 * λ_max values below the panel: a downward marker just above its floor, where the curve is cut;
 * null when none is.
 */
export function clippedLyapunov(lyap: { x: number; y: number }[], lyapAxis: LyapunovAxis, color: string) {
  const clipped = lyap.filter((p) => p.y < lyapAxis.min);
  if (clipped.length === 0) return null;
  const markerY = lyapAxis.min + 0.05 * (lyapAxis.max - lyapAxis.min);
  return {
    label: `λ_max below ${formatNumber(lyapAxis.min)} (clipped)`,
    data: clipped.map((p) => ({ x: p.x, y: markerY })),
    yAxisID: 'lyap',
    showLine: false,
    pointStyle: 'triangle' as const,
    pointRotation: 180,
    pointRadius: 5,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 0,
  };
}

/** The λ = 0 reference across the λ_max panel. */
export function lyapunovZeroLine(xMin: number, xMax: number) {
  return {
    ...referenceLine(
      'λ = 0',
      [
        { x: xMin, y: 0 },
        { x: xMax, y: 0 },
      ],
      'lyap',
    ),
    borderDash: [2, 3],
    borderColor: '#555',
  };
}

/** The shared parameter axis: half a grid step beyond each end, so each point is a cell centre. */
export function parameterScale(spec: BifurcationFigureSpec) {
  const axis = spec.sweep;
  const [xMin, xMax] = gridExtent(axis);
  return {
    type: axis.spacing === 'log' ? ('logarithmic' as const) : ('linear' as const),
    min: xMin,
    max: xMax,
    title: { display: true, text: PARAMETER_LABEL[axis.parameter] ?? axis.parameter, font: { size: 17 } },
    ticks: { callback: linearTicks({ hideFirst: true, hideLast: true }), maxTicksLimit: 14 },
    grid: { color: COLORS.grid },
  };
}

/** The λ_max panel's axis (stacked with the others), ticks from lyapunovAxis. */
export function lyapunovScale(lyapAxis: LyapunovAxis) {
  return {
    type: 'linear' as const,
    position: 'left' as const,
    stack: 'panels',
    min: lyapAxis.min,
    max: lyapAxis.max,
    afterBuildTicks: (scale: Scale) => {
      scale.ticks = lyapAxis.ticks.map((value) => ({ value }));
    },
    ticks: { callback: linearTicks(), autoSkip: false },
    grid: { color: COLORS.grid },
  };
}

/** The observable's panel axis: the raster's rows, yMax at the top. */
export function observableScale(input: BifurcationFigureInput) {
  return {
    type: 'linear' as const,
    position: 'left' as const,
    stack: 'panels',
    min: input.layout.yMin,
    max: input.layout.yMax,
    title: { display: true, text: observableLabel(input), font: { size: 17 } },
    ticks: { callback: linearTicks({ hideFirst: true, hideLast: true }) },
    grid: { color: COLORS.grid, z: 1 },
  };
}

/** A legend entry for a region a plugin paints (a density, a band of colour): a box swatch, no data. */
export function regionLegend(label: string, color: string, axis: string) {
  return { label, data: [], yAxisID: axis, pointStyle: 'rect' as const, backgroundColor: color, borderColor: color, borderWidth: 0 };
}
