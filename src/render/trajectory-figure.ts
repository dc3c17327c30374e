import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { TrainingFigureInput, TrajectoryFigure } from '../kind/trajectory.js';
import { describeBatch, describeOptimizer } from '../optimizers/describe-optimizer.js';
import { stabilityThresholdOf } from '../optimizers/stability-threshold.js';
import { decimateMinMax } from './decimate.js';
import { renderPng } from './chart-renderer.js';
import { figureFrame } from './figure-frame.js';
import { COLORS, FIGURE, LINE_WIDTH, formatNumber } from './style.js';
import { linearTicks, logDecadeTicks } from './ticks.js';

/** A training figure's input (the kind builds it: TrajectoryFigure). */
export type TrajectoryFigureInput = TrainingFigureInput;

/**
 * Panels sharing the step axis: loss on a log scale above, sharpness and NTK eigenvalue below
 * with the optimizer's stability threshold over η (2/η for GD, 2(1 + β)/η for momentum). An
 * adaptive optimizer's threshold bounds λ_max(P⁻¹H), on another scale than H: a third panel
 * holds it and its line, and the sharpness panel has none. The same figure for every model.
 */
export async function renderTrajectoryFigure(input: TrajectoryFigureInput): Promise<Buffer> {
  return renderPng(trajectoryFigureConfig(input), FIGURE.width, FIGURE.height);
}

/** The trajectory figure a kind asked for: the training figure, or a map's orbit per variable. */
export async function renderKindTrajectoryFigure(figure: TrajectoryFigure): Promise<Buffer> {
  if (figure.type === 'training') return renderTrajectoryFigure(figure.input);
  const { renderMapTrajectoryFigure } = await import('./map-trajectory-figure.js');
  return renderMapTrajectoryFigure(figure.title, figure.subtitle, figure.orbit);
}

export function trajectoryFigureConfig(input: TrajectoryFigureInput): ChartConfiguration {
  const { eta } = input;
  const buckets = 1200;
  const step = (i: number) => i;
  const loss = decimateMinMax(
    input.length,
    step,
    (i) => {
      const value = input.loss(i);
      return value > 0 ? value : NaN; // zero loss has no place on a log axis
    },
    buckets,
  );
  const sharpness = decimateMinMax(input.length, step, input.sharpness, buckets);
  const ntk = decimateMinMax(input.length, step, input.ntk, buckets);
  const lastStep = Math.max(input.length - 1, 1);
  const optimizer = input.optimizer ?? { kind: 'gd' };
  const plainGd = optimizer.kind === 'gd' && input.batch === undefined;
  const stability = stabilityThresholdOf(optimizer);
  const threshold = stability.value / eta;
  const { schedule } = input;
  // GD keeps its "2/η" as it always read; other rules name their formula and value. Under a
  // schedule the threshold is a curve over steps, its lowest value at the peak.
  const formula = optimizer.kind === 'gd' ? '2' : stability.formula;
  const thresholdLabel = schedule
    ? `${formula}/η_t`
    : optimizer.kind === 'gd'
      ? '2/η'
      : `${stability.formula}/η = ${formatNumber(threshold)}`;
  const thresholdValue = schedule ? `${formula}/η_peak = ${formatNumber(threshold)}` : `${formula}/η = ${formatNumber(threshold)}`;
  const preconditioned =
    stability.on === 'preconditioned' && input.preconditionedSharpness
      ? decimateMinMax(input.length, step, input.preconditionedSharpness, buckets)
      : null;
  // An exactly zero loss has no place on a log axis: its stretches of steps are shaded instead.
  const zeroRuns = stepRuns(input.length, (i) => input.loss(i) === 0);

  const subtitle = [
    schedule ? schedule.description : `η = ${formatNumber(eta)}`,
    ...(optimizer.kind === 'gd' ? [thresholdValue] : [describeOptimizer(optimizer), thresholdValue]),
    ...(input.batch !== undefined ? [describeBatch(input.batch)] : []),
    ...input.subtitleParts,
    input.divergedAtStep !== null ? `DIVERGED at step ${input.divergedAtStep}` : `${lastStep} steps`,
  ].join('   ·   ');

  // Dots over a thin line: a converging run reads as a curve, a 2-cycle as two visible branches.
  // Reference curves are plain dashed lines.
  const series = (label: string, data: { x: number; y: number }[], color: string, axis: string, order: number, dash?: number[]) => ({
    label,
    data,
    yAxisID: axis,
    order,
    borderColor: color,
    backgroundColor: color,
    borderWidth: dash ? LINE_WIDTH : 0.7,
    borderDash: dash ?? [],
    pointRadius: dash ? 0 : data.length > 3000 ? 0.8 : 1.8,
    pointBorderWidth: 0,
    tension: 0,
  });

  // The threshold only where it is near the data; far above it would flatten the panel. Under a
  // schedule, the curve threshold/η_t row by row, cut where it rises past that (a warmup's first
  // steps, a decay to a small η).
  const thresholdSeries = (axis: string, data: { y: number }[]) => {
    const limit = 1.5 * maxOf(data);
    if (!schedule) {
      if (!(threshold <= limit)) return [];
      const line = [
        { x: 0, y: threshold },
        { x: lastStep, y: threshold },
      ];
      return [series(thresholdLabel, line, COLORS.reference, axis, 0, [12, 6])];
    }
    const curve = decimateMinMax(
      input.length,
      step,
      (i) => {
        const value = stability.value / schedule.etaAt(i);
        return value <= limit ? value : NaN;
      },
      buckets,
    );
    return curve.length > 0 ? [series(thresholdLabel, curve, COLORS.reference, axis, 0, [12, 6])] : [];
  };
  const etaSteps = schedule ? decimateMinMax(input.length, step, schedule.etaAt, buckets) : [];

  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      datasets: [
        series(input.lossLabel, loss, COLORS.loss, 'loss', 3),
        ...(zeroRuns.length > 0 ? [zeroLossEntry(zeroRuns, lastStep)] : []),
        series('sharpness (top Hessian eigenvalue)', sharpness, COLORS.sharpness, 'sharp', 1),
        series(input.ntkLabel, ntk, COLORS.ntk, 'sharp', 2, [6, 4]),
        ...(stability.on === 'sharpness' ? thresholdSeries('sharp', sharpness) : []),
        ...(preconditioned
          ? [
              series('preconditioned sharpness λ_max(P⁻¹H)', preconditioned, COLORS.preconditioned, 'precond', 1),
              ...thresholdSeries('precond', preconditioned),
            ]
          : []),
        ...(schedule ? [series('learning rate η_t', etaSteps, COLORS.eta, 'eta', 0, [])] : []),
      ],
    },
    options: {
      ...figureFrame(input.title, subtitle, {
        sort: (a: { datasetIndex?: number }, b: { datasetIndex?: number }) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
      }),
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: lastStep,
          title: { display: true, text: plainGd ? 'GD step' : optimizer.kind === 'gd' ? 'SGD step' : 'step', font: { size: 17 } },
          grid: { color: COLORS.grid },
        },
        // a thin panel at the bottom: the schedule itself, from 0
        ...(schedule
          ? {
              eta: {
                type: 'linear' as const,
                position: 'left' as const,
                stack: 'panels',
                stackWeight: 1,
                offset: true,
                min: 0,
                title: { display: true, text: 'η_t', font: { size: 17 } },
                ticks: { callback: linearTicks({ hideLast: true }), maxTicksLimit: 4 },
                grid: { color: COLORS.grid },
              },
            }
          : {}),
        ...(preconditioned
          ? {
              precond: {
                type: 'linear' as const,
                position: 'left' as const,
                stack: 'panels',
                stackWeight: 2,
                offset: true,
                title: { display: true, text: 'λ_max(P⁻¹H)', font: { size: 17 } },
                ticks: { callback: linearTicks({ hideLast: true }) },
                grid: { color: COLORS.grid },
              },
            }
          : {}),
        sharp: {
          type: 'linear',
          position: 'left',
          stack: 'panels',
          stackWeight: 3,
          offset: true,
          title: { display: true, text: 'sharpness, λ', font: { size: 17 } },
          ticks: { callback: linearTicks({ hideLast: true }) },
          grid: { color: COLORS.grid },
        },
        loss: {
          type: 'logarithmic',
          position: 'left',
          stack: 'panels',
          stackWeight: 2,
          offset: true,
          // Explicit decade bounds: Chart.js's own log-axis limits fail on ranges of ~30 decades.
          ...decadeBounds(loss),
          title: { display: true, text: 'loss (log)', font: { size: 17 } },
          ticks: { callback: logDecadeTicks({ hideFirst: true }), autoSkip: false },
          grid: { color: COLORS.grid },
        },
      },
    },
    plugins: zeroRuns.length > 0 ? [zeroLossShading(zeroRuns)] : [],
  };
  return config as ChartConfiguration;
}

function maxOf(points: { y: number }[]): number {
  let max = -Infinity;
  for (const p of points) if (p.y > max) max = p.y;
  return max;
}

/** Whole decades enclosing the positive values, for a log axis. */
function decadeBounds(points: { y: number }[]): { min?: number; max?: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    if (p.y > 0 && p.y < lo) lo = p.y;
    if (p.y > hi) hi = p.y;
  }
  if (!(lo <= hi)) return {};
  return { min: 10 ** Math.floor(Math.log10(lo)), max: 10 ** Math.ceil(Math.log10(hi) + 1e-12) };
}

/** Stretches of consecutive steps where `holds` is true, as [first, last] step pairs. */
function stepRuns(length: number, holds: (i: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < length; i++) {
    if (!holds(i)) continue;
    if (runs.length > 0 && runs[runs.length - 1][1] === i - 1) runs[runs.length - 1][1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

const ZERO_LOSS_SHADE = 'rgba(31, 78, 153, 0.12)';

/** The legend entry of the shaded zero-loss stretches, saying where they are. */
function zeroLossEntry(runs: [number, number][], lastStep: number) {
  const [first, last] = runs[0];
  const where =
    runs.length > 1
      ? `in ${runs.length} stretches, the first from step ${first}`
      : last === lastStep
        ? `from step ${first} on`
        : first === last
          ? `at step ${first}`
          : `at steps ${first}–${last}`;
  return {
    label: `loss exactly 0 ${where} (shaded: off the log scale)`,
    data: [],
    yAxisID: 'loss',
    pointStyle: 'rect' as const,
    backgroundColor: ZERO_LOSS_SHADE,
    borderColor: ZERO_LOSS_SHADE,
    borderWidth: 0,
  };
}

/** Shades the loss panel over each stretch of zero loss, half a step either side of its steps. */
function zeroLossShading(runs: [number, number][]): Plugin {
  return {
    id: 'zeroLossShading',
    beforeDatasetsDraw(chart: Chart) {
      const x = chart.scales.x;
      const panel = chart.scales.loss;
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = ZERO_LOSS_SHADE;
      for (const [start, end] of runs) {
        const left = Math.max(x.left, x.getPixelForValue(start - 0.5));
        const right = Math.min(x.right, x.getPixelForValue(end + 0.5));
        ctx.fillRect(left, panel.top, right - left, panel.bottom - panel.top);
      }
      ctx.restore();
    },
  };
}
