import { createCanvas } from 'canvas';
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { gridExtent, gridValue } from '../sweep/grid.js';
import { DIVERGED_LABEL, OTHER_ATTRACTORS_COLOR, attractorColours } from './attractor-colours.js';
import { attractorDensityToRgba } from './attractor-density-image.js';
import { DIVERGED_COLOR } from './density-image.js';
import {
  clippedLyapunov,
  divergedColumns,
  lyapunovScale,
  lyapunovZeroLine,
  observableReferences,
  observableScale,
  parameterScale,
  regionLegend,
} from './bifurcation-figure.js';
import { renderPng } from './chart-renderer.js';
import { decimateMinMax, type XY } from './decimate.js';
import { figureFrame } from './figure-frame.js';
import { fractionBarsToRgba } from './fraction-bars-image.js';
import type { FractionsFigureInput } from './fractions-figure-input.js';
import { lyapunovAxis } from './lyapunov-axis.js';
import { COLORS, formatNumber } from './style.js';

/** The attractor-fractions figure as a PNG of the spec's image size. */
export async function renderFractionsFigure(input: FractionsFigureInput): Promise<Buffer> {
  const { width, height } = input.base.spec.image;
  return renderPng(fractionsFigureConfig(input), width, height);
}

/** The line under the title: today's subtitle and K. */
export function fractionsSubtitle(input: FractionsFigureInput): string {
  const k = input.count;
  return `${input.base.subtitle}   ·   K = ${k} initial condition${k === 1 ? '' : 's'} per grid point`;
}

/**
 * Three panels on one parameter axis: the fractions of the K initial conditions that reach each
 * attractor (stacked bars at grid resolution, divergence in grey), the bifurcation diagram with
 * each attractor in its own colour, and each attractor's mean λ_max as markers in its colour.
 * The legend names the attractors in input order; those beyond the palette share one grey entry.
 */
export function fractionsFigureConfig(input: FractionsFigureInput): ChartConfiguration {
  const { base, attractors } = input;
  const { spec } = base;
  const axis = spec.sweep;
  const [xMin, xMax] = gridExtent(axis);
  const colours = attractorColours(attractors);

  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  // the legend lists what is drawn: attractors with a share somewhere
  const listed = attractors.map((a) => a.label !== DIVERGED_LABEL && a.fraction.some((f) => f > 0));
  const others = attractors.filter((_, j) => listed[j] && colours[j] === OTHER_ATTRACTORS_COLOR);
  attractors.forEach((a, j) => {
    if (listed[j] && colours[j] !== OTHER_ATTRACTORS_COLOR) datasets.push(regionLegend(a.name, colours[j], 'frac'));
  });
  if (others.length > 0) datasets.push(regionLegend(othersLabel(others.map((a) => a.label)), OTHER_ATTRACTORS_COLOR, 'frac'));
  // divergence is listed where it is drawn: a share of some grid point, or a whole grey column
  const divergence = attractors.findIndex((a) => a.label === DIVERGED_LABEL);
  if ((divergence >= 0 && attractors[divergence].fraction.some((f) => f > 0)) || divergedColumns(base).some((d) => d === 1)) {
    datasets.push(regionLegend(divergence >= 0 ? attractors[divergence].name : 'diverged', colours[divergence] ?? DIVERGED_COLOR, 'frac'));
  }
  datasets.push(...observableReferences(base));

  // λ_max of each attractor, as markers (an attractor may be present at isolated grid points only)
  const series = attractors.map((a) =>
    a.label === DIVERGED_LABEL
      ? []
      : decimateMinMax(
          axis.points,
          (i) => gridValue(axis, i),
          // −∞ (superstable) is kept, to be drawn clipped; NaN (absent) is not
          (i) => Math.max(a.lyapMax[i], -Number.MAX_VALUE),
          1500,
        ),
  );
  const all: XY[] = series.flat();
  const lyapAxis = lyapunovAxis(all.map((p) => p.y));
  const perAttractor = new Set<number>();
  series.forEach((points, j) => {
    if (points.length === 0) return;
    perAttractor.add(datasets.length);
    datasets.push({
      label: `λ_max of ${attractors[j].name}`,
      data: points.map((p) => ({ x: p.x, y: Math.max(p.y, lyapAxis.min) })),
      yAxisID: 'lyap',
      showLine: false,
      pointRadius: 2.5,
      borderWidth: 0,
      borderColor: colours[j],
      backgroundColor: colours[j],
    });
  });
  const clipped = clippedLyapunov(all, lyapAxis, COLORS.reference);
  if (clipped) datasets.push(clipped);
  if (all.length > 0) datasets.push(lyapunovZeroLine(xMin, xMax));

  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets },
    options: {
      // the λ markers take their attractor's colour, already in the legend
      ...figureFrame(spec.title ?? spec.name, fractionsSubtitle(input), {
        filter: (item: { datasetIndex?: number }) => !perAttractor.has(item.datasetIndex ?? -1),
      }),
      scales: {
        x: parameterScale(spec),
        lyap: { ...lyapunovScale(lyapAxis), stackWeight: 1.2, title: { display: true, text: 'λ_max per attractor', font: { size: 15 } } },
        obs: { ...observableScale(base), stackWeight: 3 },
        frac: {
          type: 'linear',
          position: 'left',
          stack: 'panels',
          stackWeight: 1.5,
          min: 0,
          max: 1,
          title: { display: true, text: ['fraction of', 'initial conditions'], font: { size: 15 } },
          afterBuildTicks: (scale) => {
            scale.ticks = [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value }));
          },
          ticks: { autoSkip: false, callback: (value: string | number) => formatNumber(Number(value)) },
          grid: { color: COLORS.grid, z: 1 },
        },
      },
    },
    plugins: [imagesPlugin(input, colours)],
  };
  return config as ChartConfiguration;
}

/** The legend's entry for the attractors beyond the palette: their labels, the first few. */
function othersLabel(labels: number[]): string {
  const shown = labels.slice(0, 4).map((l) => `A${l}`);
  return `${labels.length} more attractors (${shown.join(', ')}${labels.length > 4 ? ', …' : ''})`;
}

/**
 * Draws the fraction bars and the coloured density into their panels, under the reference lines.
 * They are composited (drawImage), not put (putImageData), so empty pixels show the white
 * background and the grid beneath rather than leaving the PNG transparent there.
 */
function imagesPlugin(input: FractionsFigureInput, colours: string[]): Plugin {
  return {
    id: 'fractionsImages',
    beforeDatasetsDraw(chart: Chart) {
      const left = Math.round(chart.chartArea.left);
      const width = Math.round(chart.chartArea.right) - left;
      const paint = (id: string, fill: (width: number, height: number, out: Uint8ClampedArray) => void) => {
        const top = Math.round(chart.scales[id].top);
        const height = Math.round(chart.scales[id].bottom) - top;
        const canvas = createCanvas(width, height);
        const ctx = canvas.getContext('2d');
        const image = ctx.createImageData(width, height);
        fill(width, height, image.data);
        ctx.putImageData(image, 0, 0);
        chart.ctx.drawImage(canvas as unknown as HTMLCanvasElement, left, top);
      };
      paint('frac', (w, h, out) =>
        fractionBarsToRgba(
          input.attractors.map((a) => a.fraction),
          colours,
          input.base.spec.sweep.points,
          w,
          h,
          out,
        ),
      );
      paint('obs', (w, h, out) =>
        attractorDensityToRgba(
          input.attractors.map((a) => a.raster),
          colours,
          input.base.layout,
          w,
          h,
          divergedColumns(input.base),
          out,
        ),
      );
    },
  };
}
