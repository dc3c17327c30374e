import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { PhaseSpec } from '../spec/phase-spec.js';
import { gridExtent } from '../sweep/grid.js';
import { renderPng } from './chart-renderer.js';
import { paintCellColours } from './cell-image.js';
import { PARAMETER_LABEL } from './bifurcation-figure.js';
import { figureFrame } from './figure-frame.js';
import { describeTrainingRule } from '../optimizers/describe-optimizer.js';
import { COLORS, formatNumber } from './style.js';
import { linearTicks } from './ticks.js';
import { EARLY_TRENDS, OUTCOMES, PHASE_CATEGORIES } from './phase-categories.js';
import { COLOUR_BAR_MARGIN, lyapunovColour, lyapunovColourBar, lyapunovColourLimit } from './lyapunov-colour-scale.js';

/** Base colour per category; the early trend picks a light, medium or dark shade of it. */
const CATEGORY_RGB: [number, number, number][] = [
  [46, 134, 193], // converged: blue
  [39, 174, 96], // edge of stability: green
  [243, 156, 18], // higher period: orange
  [142, 68, 173], // quasiperiodic (no period, λ_max ≈ 0): purple
  [192, 57, 43], // chaotic: red
  [200, 200, 200], // diverged: grey
  [160, 82, 45], // settling (no period, observable still trending): sienna, as in the bifurcation diagram
];
/** The settling category: in the legend only when some cell is settling, so other figures keep their pixels. */
const SETTLING_CATEGORY = PHASE_CATEGORIES.length - 1;
const SHADE = [0.45, 0.0, -0.35]; // reduction lighter, flat as is, sharpening darker

/**
 * Colour per training outcome (OUTCOMES order): trains blue, catapult then trains teal-green (it
 * trains too, after a rise), stuck amber, diverges grey as in the regime panel.
 */
const OUTCOME_RGB: [number, number, number][] = [
  [46, 134, 193], // trains: blue
  [22, 160, 133], // catapult then trains: teal
  [230, 126, 34], // stuck: amber
  [200, 200, 200], // diverges: grey
];

export function cellColor(category: number, trend: number): [number, number, number] {
  const [r, g, b] = CATEGORY_RGB[category];
  const s = trend < 0 ? 0 : SHADE[trend];
  const mix = (c: number) => Math.round(s >= 0 ? c + (255 - c) * s : c * (1 + s));
  return [mix(r), mix(g), mix(b)];
}

export interface PhaseFigureInput {
  spec: PhaseSpec;
  /** per cell, x fastest: category index, or −1 unknown */
  category: Int8Array;
  /** per cell: early trend index, −1 if it diverged first */
  trend: Int8Array;
  lyapMax: Float64Array;
  /** per cell: index into OUTCOMES (−1 unknown) when the spec classifies by outcome: the upper panel draws it instead of the regime */
  outcome?: Int8Array;
  /** analytic curves to draw over both panels: x as a function of y (NaN where undefined) */
  curves: { label: string; color: string; dash: number[]; xOf: (y: number) => number }[];
}

type LegendEntries = ChartConfiguration<'line'>['data']['datasets'];

/** The regime panel's legend: a swatch per long-run category, then the early trends' shades. */
function regimeLegend(category: Int8Array): LegendEntries {
  const datasets: LegendEntries = [];
  PHASE_CATEGORIES.forEach((label, c) => {
    if (c === SETTLING_CATEGORY && !category.includes(SETTLING_CATEGORY)) return;
    const [r, g, b] = cellColor(c, 1);
    datasets.push({
      label,
      data: [],
      yAxisID: 'regime',
      pointStyle: 'rect',
      backgroundColor: `rgb(${r},${g},${b})`,
      borderColor: `rgb(${r},${g},${b})`,
      borderWidth: 0,
    });
  });
  EARLY_TRENDS.forEach((trend, t) => {
    const [r, g, b] = cellColor(0, t);
    datasets.push({
      label: `early ${trend} (shade)`,
      data: [],
      yAxisID: 'regime',
      pointStyle: 'rect',
      backgroundColor: `rgb(${r},${g},${b})`,
      borderColor: '#999',
      borderWidth: 1,
    });
  });
  return datasets;
}

/** The outcome panel's legend: a swatch per training outcome. */
function outcomeLegend(): LegendEntries {
  return OUTCOMES.map((label, o) => {
    const [r, g, b] = OUTCOME_RGB[o];
    return {
      label,
      data: [],
      yAxisID: 'regime',
      pointStyle: 'rect',
      backgroundColor: `rgb(${r},${g},${b})`,
      borderColor: `rgb(${r},${g},${b})`,
      borderWidth: 0,
    };
  });
}

function heatmapPlugin(input: PhaseFigureInput, limit: number): Plugin {
  const nx = input.spec.grid.x.points;
  const ny = input.spec.grid.y.points;
  const paint = (chart: Chart, scaleId: string, colour: (cell: number) => [number, number, number]) =>
    paintCellColours(chart, scaleId, nx, ny, colour);
  return {
    id: 'phaseHeatmaps',
    beforeDatasetsDraw(chart: Chart) {
      const { outcome } = input;
      if (outcome) paint(chart, 'regime', (cell) => (outcome[cell] < 0 ? [255, 255, 255] : OUTCOME_RGB[outcome[cell]]));
      else
        paint(chart, 'regime', (cell) => (input.category[cell] < 0 ? [255, 255, 255] : cellColor(input.category[cell], input.trend[cell])));
      paint(chart, 'lyap', (cell) => lyapunovColour(input.lyapMax[cell], limit));
    },
  };
}

/**
 * Two heatmaps over the (η, y) plane: the long-run category shaded by the early-time sharpness
 * trend (or, classified by outcome, the training outcome), and λ_max; the analytic boundaries
 * drawn over both.
 */
export async function renderPhaseFigure(input: PhaseFigureInput): Promise<Buffer> {
  return renderPng(phaseFigureConfig(input), input.spec.image.width, input.spec.image.height);
}

export function phaseFigureConfig(input: PhaseFigureInput): ChartConfiguration {
  const { spec } = input;
  const { x, y } = spec.grid;
  const [xMin, xMax] = gridExtent(x);
  const [yMin, yMax] = gridExtent(y);
  const limit = lyapunovColourLimit(input.lyapMax);
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = input.outcome ? outcomeLegend() : regimeLegend(input.category);
  const samples = 300;
  for (const curve of input.curves) {
    for (const panel of ['regime', 'lyap']) {
      const data = Array.from({ length: samples + 1 }, (_, i) => {
        const yv = yMin + ((yMax - yMin) * i) / samples;
        const xv = curve.xOf(yv);
        return { x: xv >= xMin && xv <= xMax ? xv : NaN, y: yv };
      });
      datasets.push({
        label: panel === 'regime' ? curve.label : `${curve.label} `,
        data,
        yAxisID: panel,
        borderColor: curve.color,
        backgroundColor: curve.color,
        borderWidth: 2,
        borderDash: curve.dash,
        pointRadius: 0,
        spanGaps: false,
        tension: 0,
      });
    }
  }
  const yTitle =
    PARAMETER_LABEL[y.parameter] ??
    (y.parameter === 'initScale'
      ? 'initialisation scale c'
      : y.parameter === 'width'
        ? 'width n'
        : y.parameter === 'warmupSteps'
          ? 'warmup steps W'
          : y.parameter);
  const yScale = (stackWeight: number, title: string) => ({
    type: y.spacing === 'log' ? 'logarithmic' : 'linear',
    position: 'left',
    stack: 'panels',
    stackWeight,
    min: yMin,
    max: yMax,
    title: { display: true, text: title, font: { size: 16 } },
    ticks: { callback: linearTicks({ hideFirst: true, hideLast: true }) },
    grid: { color: COLORS.grid },
  });
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets },
    options: {
      ...figureFrame(
        spec.title ?? spec.name,
        [
          `${x.points} × ${y.points} cells`,
          `${spec.transient} transient + ${spec.record} recorded steps`,
          ...describeTrainingRule(spec.optimizer, spec.batch, y.parameter),
          ...(spec.schedule ? [`${spec.schedule.schedule} schedule, η the peak`] : []),
          spec.outcome
            ? `trained: final loss ≤ ${formatNumber(spec.outcome.trained)} L₀; catapult: loss > ${formatNumber(spec.outcome.catapult)} L₀ on the way`
            : `early trend over ${spec.early.steps} steps (±${formatNumber(100 * spec.early.threshold)} %)`,
        ].join(' · '),
        // each curve is drawn on both panels; list it once
        { font: { size: 13 }, filter: (item: { text: string }) => !item.text.endsWith(' ') },
      ),
      layout: { padding: { left: 10, right: COLOUR_BAR_MARGIN, top: 10, bottom: 10 } },
      scales: {
        x: {
          type: x.spacing === 'log' ? 'logarithmic' : 'linear',
          min: xMin,
          max: xMax,
          title: { display: true, text: spec.schedule ? 'peak learning rate η_max' : 'learning rate η', font: { size: 17 } },
          ticks: { callback: linearTicks({ hideFirst: true, hideLast: true }) },
          grid: { color: COLORS.grid },
        },
        lyap: yScale(1, `${yTitle} (λ_max)`),
        regime: yScale(1, `${yTitle} (${spec.outcome ? 'outcome' : 'regime'})`),
      } as never,
    },
    plugins: [heatmapPlugin(input, limit), lyapunovColourBar('lyap', input.lyapMax, limit)],
  };
  return config as ChartConfiguration;
}
