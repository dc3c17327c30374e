import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTRACTOR_PALETTE, OTHER_ATTRACTORS_COLOR, attractorColours, hexToRgb } from '../../src/render/attractor-colours.js';
import type { BifurcationFigureInput } from '../../src/render/bifurcation-figure.js';
import { DIVERGED_COLOR, SETTLING_COLOR } from '../../src/render/density-image.js';
import { fractionsFigureConfig, fractionsSubtitle } from '../../src/render/fractions-figure.js';
import type { FigureAttractor, FractionsFigureInput } from '../../src/render/fractions-figure-input.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { gridExtent } from '../../src/sweep/grid.js';
import { rasterColumn, type RasterLayout } from '../../src/sweep/raster.js';
import { pixelsOf, renderAndProbe } from './probe.js';

/** Set FRACTIONS_FIGURE_SAMPLES to a folder to keep the figures these tests draw, for a look. */
function keepSample(file: string, png: Buffer): void {
  const folder = process.env.FRACTIONS_FIGURE_SAMPLES;
  if (folder) writeFileSync(join(folder, file), png);
}

const POINTS = 120;
const ROWS = 200;
const [Y_MIN, Y_MAX] = [0, 1];
const SIZE = { width: 1400, height: 1000 };

/** The raster row of an observable value, as binColumn counts it. */
const rowOf = (y: number) => Math.floor(((Y_MAX - y) / (Y_MAX - Y_MIN)) * ROWS);

/**
 * A synthetic sweep of the logistic map's r over [3, 4], 120 grid points, K = 10:
 * - A1 "period 2": fraction 1 on the left half, 0.3 on the right; samples at y = 0.83 and 0.47 (off the grid lines);
 * - A2 "chaotic": fraction 0.7 on the right half; samples spread evenly over y ∈ [0.1, 0.3];
 * - divergence: none, except at the last `divergedTail` points, where it takes everything.
 * λ_max is −0.4 for A1 and +0.3 for A2.
 */
function twoAttractors(divergedTail = 0): FractionsFigureInput {
  const spec = sweepSpecSchema.parse({
    name: 'fractions-test',
    title: 'Two coexisting attractors (synthetic)',
    model: { kind: 'logistic' },
    sweep: { parameter: 'r', from: 3, to: 4, points: POINTS },
    image: SIZE,
  });
  const layout: RasterLayout = { points: POINTS, columns: POINTS, rows: ROWS, yMin: Y_MIN, yMax: Y_MAX };
  const right = (i: number) => i >= POINTS / 2;
  const live = (i: number) => i < POINTS - divergedTail;
  const a1 = new Uint32Array(POINTS * ROWS);
  const a2 = new Uint32Array(POINTS * ROWS);
  for (let i = 0; i < POINTS; i++) {
    if (!live(i)) continue;
    const c = rasterColumn(layout, i);
    a1[rowOf(0.83) * POINTS + c] += 50;
    a1[rowOf(0.47) * POINTS + c] += 50;
    if (right(i)) for (let r = rowOf(0.3); r <= rowOf(0.1); r++) a2[r * POINTS + c] += 3;
  }
  const perPoint = (f: (i: number) => number) => Float64Array.from({ length: POINTS }, (_, i) => f(i));
  const attractors: FigureAttractor[] = [
    {
      label: 1,
      name: 'A1: period 2',
      raster: a1,
      fraction: perPoint((i) => (!live(i) ? 0 : right(i) ? 0.3 : 1)),
      lyapMax: perPoint((i) => (live(i) ? -0.4 : NaN)),
    },
    {
      label: 2,
      name: 'A2: chaotic',
      raster: a2,
      fraction: perPoint((i) => (live(i) && right(i) ? 0.7 : 0)),
      lyapMax: perPoint((i) => (live(i) && right(i) ? 0.3 : NaN)),
    },
    {
      label: -1,
      name: 'diverged',
      raster: null,
      fraction: perPoint((i) => (live(i) ? 0 : 1)),
      lyapMax: perPoint(() => NaN),
    },
  ];
  const raster = new Uint32Array(POINTS * ROWS);
  for (let p = 0; p < raster.length; p++) raster[p] = a1[p] + a2[p];
  const base: BifurcationFigureInput = {
    spec,
    layout,
    raster,
    lyapMax: perPoint((i) => (!live(i) ? NaN : right(i) ? 0.3 : -0.4)),
    diverged: Uint8Array.from({ length: POINTS }, (_, i) => (live(i) ? 0 : 1)),
    theoryOnset: null,
    subtitle: `${POINTS} grid points`,
  };
  return { base, count: 10, attractors };
}

/** Reads pixels of a rendered figure by data coordinates of its panels. */
async function figure(input: FractionsFigureInput) {
  const probe = await renderAndProbe(fractionsFigureConfig(input), SIZE.width, SIZE.height);
  const image = await pixelsOf(probe.png);
  const [xMin, xMax] = gridExtent(input.base.spec.sweep);
  const { left, right } = probe.chartArea;
  const px = (x: number) => Math.round(left + ((x - xMin) / (xMax - xMin)) * (right - left));
  const py = (panel: string, y: number, min: number, max: number) => {
    const { top, bottom } = probe.scaleBox[panel];
    return Math.round(bottom - ((y - min) / (max - min)) * (bottom - top));
  };
  const rgbAt = (x: number, y: number) => {
    const o = 4 * (y * image.width + x);
    return [image.data[o], image.data[o + 1], image.data[o + 2]];
  };
  return { probe, px, py, rgbAt };
}

/** The parameter value of grid point i. */
const r = (i: number) => 3 + i / (POINTS - 1);

/** Whether a pixel is within a small distance of a colour, or of that colour at some opacity over white. */
function close(rgb: number[], hex: string, tolerance = 12): boolean {
  const target = hexToRgb(hex);
  return rgb.every((v, k) => Math.abs(v - target[k]) <= tolerance);
}
function tintOf(rgb: number[], hex: string): boolean {
  const alpha = opacityOf(rgb, hex);
  return alpha > 0.2 && alpha <= 1.02;
}
/** α where rgb = white + α (colour − white) in every channel (NaN if no one α fits). */
function opacityOf(rgb: number[], hex: string): number {
  const target = hexToRgb(hex);
  const alphas = rgb.map((v, k) => (target[k] === 255 ? NaN : (255 - v) / (255 - target[k]))).filter((a) => !Number.isNaN(a));
  return alphas.every((a) => Math.abs(a - alphas[0]) < 0.04) ? alphas[0] : NaN;
}

const [BLUE, VERMILLION] = ATTRACTOR_PALETTE;

describe('attractor-fractions figure', () => {
  it('stacks the fractions: A1 fills the left half, A1 under A2 on the right', async () => {
    const { px, py, rgbAt } = await figure(twoAttractors());
    const frac = (y: number) => py('frac', y, 0, 1);
    for (const i of [5, 30, 55]) for (const y of [0.05, 0.4, 0.95]) expect(close(rgbAt(px(r(i)), frac(y)), BLUE)).toBe(true);
    for (const i of [65, 90, 115]) {
      expect(close(rgbAt(px(r(i)), frac(0.15)), BLUE)).toBe(true);
      expect(close(rgbAt(px(r(i)), frac(0.85)), VERMILLION)).toBe(true);
      // the boundary sits at 0.3: just below is A1, just above A2
      expect(close(rgbAt(px(r(i)), frac(0.27)), BLUE)).toBe(true);
      expect(close(rgbAt(px(r(i)), frac(0.33)), VERMILLION)).toBe(true);
    }
  });

  it("draws each attractor's samples in the diagram in its own colour", async () => {
    const { px, py, rgbAt } = await figure(twoAttractors());
    const obs = (y: number) => py('obs', y, Y_MIN, Y_MAX);
    for (const i of [10, 70, 110]) {
      // A1's two rows (the middle of each raster row), at every grid point
      for (const y of [0.83, 0.47]) {
        const rgb = rgbAt(px(r(i)), obs(y - 0.5 / ROWS));
        expect(tintOf(rgb, BLUE)).toBe(true);
        expect(tintOf(rgb, VERMILLION)).toBe(false);
      }
    }
    for (const i of [70, 110]) {
      // A2's band: a tint of vermillion (its samples spread thinly), never blue
      const rgb = rgbAt(px(r(i)), obs(0.23));
      expect(tintOf(rgb, VERMILLION)).toBe(true);
      expect(tintOf(rgb, BLUE)).toBe(false);
    }
    // no A2 on the left, where it is absent: white
    expect(rgbAt(px(r(20)), obs(0.23))).toEqual([255, 255, 255]);
  });

  it('draws divergence grey in the fractions panel where it has a share, and greys the whole diagram column', async () => {
    const { px, py, rgbAt, probe } = await figure(twoAttractors(10));
    keepSample('fractions-figure-two.png', probe.png);
    // (heights off the grid lines, which are drawn over the images)
    for (const y of [0.15, 0.55, 0.95]) {
      expect(close(rgbAt(px(r(115)), py('frac', y, 0, 1)), DIVERGED_COLOR, 4)).toBe(true);
      expect(close(rgbAt(px(r(115)), py('obs', y, Y_MIN, Y_MAX)), DIVERGED_COLOR, 4)).toBe(true);
    }
    // and not where nothing diverged
    expect(close(rgbAt(px(r(100)), py('frac', 0.9, 0, 1)), VERMILLION)).toBe(true);
    expect(probe.legend.map((item) => item.text)).toEqual(['A1: period 2', 'A2: chaotic', 'diverged', 'λ = 0']);
  });

  it("marks each attractor's λ_max in its colour at its value", async () => {
    const { px, py, rgbAt, probe } = await figure(twoAttractors());
    const ticks = probe.tickValues.lyap;
    const lyap = (y: number) => py('lyap', y, ticks[0], ticks[ticks.length - 1]);
    for (const i of [10, 40, 70, 100]) expect(close(rgbAt(px(r(i)), lyap(-0.4)), BLUE, 40)).toBe(true);
    for (const i of [70, 100]) expect(close(rgbAt(px(r(i)), lyap(0.3)), VERMILLION, 40)).toBe(true);
    // A2 is absent on the left: nothing at its value there
    expect(close(rgbAt(px(r(20)), lyap(0.3)), VERMILLION, 40)).toBe(false);
  });

  it('marks the cascade on the diagram when the sweep has flips', async () => {
    const input = twoAttractors();
    input.base.flips = [3.25, 3.4];
    const { px, py, rgbAt, probe } = await figure(input);
    expect(probe.legend.map((item) => item.text)).toContain('period doublings k = 1…2 (cascade)');
    // the dashed orange line crosses the diagram's empty rows at r = 3.25
    const column = [-1, 0, 1].map((dx) => rgbAt(px(3.25) + dx, py('obs', 0.65, Y_MIN, Y_MAX)));
    const dashes = Array.from({ length: 40 }, (_, k) => rgbAt(px(3.25), py('obs', 0.6, Y_MIN, Y_MAX) - k));
    expect(column.some((rgb) => rgb[0] > rgb[2] + 60) || dashes.some((rgb) => rgb[0] > rgb[2] + 60)).toBe(true);
  });

  it('names K in the subtitle and lists the attractors in input order', async () => {
    const input = twoAttractors();
    expect(fractionsSubtitle(input)).toBe(`${POINTS} grid points   ·   K = 10 initial conditions per grid point`);
    const { probe } = await figure(input);
    // no divergence drawn: not listed
    expect(probe.legend.map((item) => item.text)).toEqual(['A1: period 2', 'A2: chaotic', 'λ = 0']);
  });
});

/** A figure input on the same grid with the given attractors (rasters of one sample row each, row 34 + 20 j, centred at y = rowY(j)). */
const rowY = (j: number) => Y_MAX - ((34 + 20 * j + 0.5) / ROWS) * (Y_MAX - Y_MIN);

function withAttractors(fractions: ((i: number) => number)[], divergence?: (i: number) => number, points = POINTS): FractionsFigureInput {
  const input = twoAttractors();
  const spec = { ...input.base.spec, sweep: { ...input.base.spec.sweep, points } };
  const layout: RasterLayout = { points, columns: Math.min(points, 1000), rows: ROWS, yMin: Y_MIN, yMax: Y_MAX };
  const perPoint = (f: (i: number) => number) => Float64Array.from({ length: points }, (_, i) => f(i));
  const attractors: FigureAttractor[] = fractions.map((f, j) => {
    const raster = new Uint32Array(layout.columns * ROWS);
    // as a sweep records them: 100 samples from each of the K = 20 runs that reach it
    for (let i = 0; i < points; i++) raster[(34 + 20 * j) * layout.columns + rasterColumn(layout, i)] += Math.round(f(i) * 20) * 100;
    return {
      label: j + 1,
      name: `A${j + 1}: period ${j + 1}`,
      raster,
      fraction: perPoint(f),
      lyapMax: perPoint((i) => (f(i) > 0 ? -0.05 * (j + 1) : NaN)),
    };
  });
  if (divergence)
    attractors.push({ label: -1, name: 'diverged', raster: null, fraction: perPoint(divergence), lyapMax: perPoint(() => NaN) });
  const raster = new Uint32Array(layout.columns * ROWS);
  for (const a of attractors) if (a.raster) for (let p = 0; p < raster.length; p++) raster[p] += a.raster[p];
  const base: BifurcationFigureInput = {
    ...input.base,
    spec,
    layout,
    raster,
    lyapMax: perPoint(() => -0.1),
    diverged: new Uint8Array(points),
  };
  return { base, count: 20, attractors };
}

describe('the figure degrades well', () => {
  it('with one attractor: one colour, one legend entry', async () => {
    const { px, py, rgbAt, probe } = await figure(withAttractors([() => 1]));
    expect(probe.legend.map((item) => item.text)).toEqual(['A1: period 1', 'λ = 0']);
    for (const i of [0, 60, 119]) expect(close(rgbAt(px(r(i)), py('frac', 0.6, 0, 1)), BLUE)).toBe(true);
  });

  it('shows an attractor reached at two grid points only, in the fractions, the diagram and the λ panel', async () => {
    const rare = (i: number) => (i === 40 || i === 41 ? 0.05 : 0);
    const { px, py, rgbAt, probe } = await figure(withAttractors([(i) => 1 - rare(i), rare]));
    // its bar: the top 5 % at those grid points, 8 pixels tall or so; the pixel at 0.97 is inside it
    expect(close(rgbAt(px(r(40)), py('frac', 0.97, 0, 1)), VERMILLION)).toBe(true);
    expect(close(rgbAt(px(r(39)), py('frac', 0.97, 0, 1)), BLUE)).toBe(true);
    // its samples nearly as strong as A1's despite being 1 run in 20 (each normalised by its own column;
    // by the column's total, 100 of 4000 samples, it would be drawn at about half opacity)
    const a1 = opacityOf(rgbAt(px(r(41)), py('obs', rowY(0), Y_MIN, Y_MAX)), BLUE);
    const a2 = opacityOf(rgbAt(px(r(41)), py('obs', rowY(1), Y_MIN, Y_MAX)), VERMILLION);
    expect(a2).toBeGreaterThan(0.85);
    expect(a2).toBeCloseTo(a1, 1);
    const ticks = probe.tickValues.lyap;
    expect(close(rgbAt(px(r(41)), py('lyap', -0.1, ticks[0], ticks[ticks.length - 1])), VERMILLION, 40)).toBe(true);
  });

  it('with nine attractors: seven colours, the two rarest in one grey entry, divergence last', async () => {
    // A3 and A6 are the rarest; every attractor has a share everywhere
    const shares = [0.15, 0.1, 0.02, 0.12, 0.06, 0.04, 0.12, 0.13, 0.13];
    const { px, py, rgbAt, probe } = await figure(
      withAttractors(
        shares.map((s) => () => s),
        () => 0.1,
      ),
    );
    keepSample('fractions-figure-nine.png', probe.png);
    expect(probe.legend.map((item) => item.text)).toEqual([
      'A1: period 1',
      'A2: period 2',
      'A4: period 4',
      'A5: period 5',
      'A7: period 7',
      'A8: period 8',
      'A9: period 9',
      '2 more attractors (A3, A6)',
      'diverged',
      'λ = 0',
    ]);
    // stacked in input order: A3 occupies [0.25, 0.27], A6 [0.45, 0.49], drawn grey
    expect(close(rgbAt(px(r(60)), py('frac', 0.26, 0, 1)), OTHER_ATTRACTORS_COLOR)).toBe(true);
    expect(close(rgbAt(px(r(60)), py('frac', 0.47, 0, 1)), OTHER_ATTRACTORS_COLOR)).toBe(true);
    // A4, between them, is the fourth most common (after A1, A8, A9: ties go to the earlier), so it
    // has the fourth palette colour; divergence is [0.87, 0.97]; above it nothing (white)
    expect(close(rgbAt(px(r(60)), py('frac', 0.33, 0, 1)), ATTRACTOR_PALETTE[3])).toBe(true);
    expect(close(rgbAt(px(r(60)), py('frac', 0.92, 0, 1)), DIVERGED_COLOR, 4)).toBe(true);
    expect(rgbAt(px(r(60)), py('frac', 0.99, 0, 1))).toEqual([255, 255, 255]);
  });

  it('with every run diverged at every point: a grey figure, only divergence in the legend', async () => {
    const { px, py, rgbAt, probe } = await figure(withAttractors([() => 0], () => 1));
    expect(probe.legend.map((item) => item.text)).toEqual(['diverged']);
    for (const i of [0, 60, 119]) expect(close(rgbAt(px(r(i)), py('frac', 0.6, 0, 1)), DIVERGED_COLOR, 4)).toBe(true);
  });

  it('averages the grid points under one pixel column when the grid is finer than the panel', async () => {
    // 5000 grid points, A1 and A2 alternating: each pixel column shows half and half
    const even = (i: number) => (i % 2 === 0 ? 1 : 0);
    const { px, py, rgbAt } = await figure(withAttractors([even, (i) => 1 - even(i)], undefined, 5000));
    for (const x of [3.2, 3.5, 3.8]) {
      expect(close(rgbAt(px(x), py('frac', 0.4, 0, 1)), BLUE)).toBe(true);
      expect(close(rgbAt(px(x), py('frac', 0.6, 0, 1)), VERMILLION)).toBe(true);
    }
  });

  it('where two attractors share a pixel, draws the one with the larger share of its own samples there', async () => {
    const input = twoAttractors();
    const [a1, a2] = input.attractors;
    const { layout } = input.base;
    // A2 also spreads thinly over y ∈ [0.4, 0.9], across A1's two rows, on the right half
    for (let i = POINTS / 2; i < POINTS; i++) {
      for (let row = rowOf(0.9); row <= rowOf(0.4); row++) a2.raster![row * layout.columns + rasterColumn(layout, i)] += 1;
    }
    const { px, py, rgbAt } = await figure(input);
    const obs = (y: number) => py('obs', y, Y_MIN, Y_MAX);
    // on A1's row, A1 (half its samples there) wins over A2 (a thin spread)
    expect(tintOf(rgbAt(px(r(100)), obs(0.83 - 0.5 / ROWS)), BLUE)).toBe(true);
    // beside it, only A2
    expect(tintOf(rgbAt(px(r(100)), obs(0.65)), VERMILLION)).toBe(true);
    expect(a1.raster![rowOf(0.65) * layout.columns + 100]).toBe(0);
  });
});

describe('attractor colours', () => {
  const attractor = (label: number, total: number): FigureAttractor => ({
    label,
    name: label < 0 ? 'diverged' : `A${label}`,
    raster: null,
    fraction: Float64Array.of(total),
    lyapMax: Float64Array.of(NaN),
  });

  it('gives divergence its grey, settling its sienna, and the attractors the palette, most common first', () => {
    expect(attractorColours([attractor(1, 0.2), attractor(2, 0.5), attractor(-1, 0.3)])).toEqual([VERMILLION, BLUE, DIVERGED_COLOR]);
    expect(attractorColours([attractor(1, 0.3), attractor(2, 0.3), attractor(-2, 0.4)])).toEqual([BLUE, VERMILLION, SETTLING_COLOR]); // a tie: the earlier first
    expect(attractorColours([attractor(1, 0.1), attractor(2, 0.6), attractor(3, 0.3)])).toEqual([ATTRACTOR_PALETTE[2], BLUE, VERMILLION]);
  });

  it('beyond the palette, keeps colours for the most common attractors and greys the rest', () => {
    // nine attractors: A3 and A6 are the rarest
    const shares = [0.2, 0.1, 0.01, 0.1, 0.1, 0.02, 0.1, 0.1, 0.1];
    const colours = attractorColours(shares.map((s, j) => attractor(j + 1, s)));
    expect(colours[2]).toBe(OTHER_ATTRACTORS_COLOR);
    expect(colours[5]).toBe(OTHER_ATTRACTORS_COLOR);
    expect(colours.filter((c) => c !== OTHER_ATTRACTORS_COLOR)).toEqual([...ATTRACTOR_PALETTE]);
    expect(new Set(ATTRACTOR_PALETTE).size).toBe(ATTRACTOR_PALETTE.length);
    expect(ATTRACTOR_PALETTE).not.toContain(DIVERGED_COLOR);
  });
});

/**
 * The cubic map x → r x − x³ is odd, so with initial conditions placed symmetrically about 0 its
 * two mirror-image attractors (x > 0 and x < 0, from the pitchfork at r = 1 until they merge in a
 * symmetry-restoring crisis) are reached by exactly as many starts each. Computed here, with the
 * grouping written for this test only (by the sign of the recorded orbit): the figure must show
 * the two bars with equal heights.
 */
function cubicMap(points: number, k: number): FractionsFigureInput {
  const [from, to] = [1.5, 3.05];
  const spec = sweepSpecSchema.parse({
    name: 'cubic-fractions',
    title: 'Cubic map x → r x − x³: mirror-image attractors and their merger',
    model: { kind: 'logistic' },
    sweep: { parameter: 'r', from, to, points },
    image: SIZE,
  });
  spec.observable = 'x';
  const layout: RasterLayout = { points, columns: points, rows: 400, yMin: -2.2, yMax: 2.2 };
  const names = ['A1: x > 0', 'A2: x < 0', 'A3: symmetric (merged)'];
  const rasters = names.map(() => new Uint32Array(points * layout.rows));
  const fraction = [...names, 'diverged'].map(() => new Float64Array(points));
  const lyapSum = names.map(() => new Float64Array(points));
  const record = 300;
  for (let i = 0; i < points; i++) {
    const rr = from + ((to - from) * i) / (points - 1);
    for (let s = 0; s < k; s++) {
      // symmetric starts: ±(s + 0.5)/k · 1.6 alternate
      let x = (s % 2 === 0 ? 1 : -1) * ((Math.floor(s / 2) + 0.5) / (k / 2)) * 1.6;
      let diverged = false;
      for (let t = 0; t < 1000 && !diverged; t++) {
        x = rr * x - x * x * x;
        diverged = !(Math.abs(x) < 10);
      }
      if (diverged) {
        fraction[3][i] += 1 / k;
        continue;
      }
      const xs = new Float64Array(record);
      let lyap = 0;
      for (let t = 0; t < record; t++) {
        lyap += Math.log(Math.abs(rr - 3 * x * x));
        x = rr * x - x * x * x;
        xs[t] = x;
      }
      const j = xs.every((v) => v > 0) ? 0 : xs.every((v) => v < 0) ? 1 : 2;
      fraction[j][i] += 1 / k;
      lyapSum[j][i] += lyap / record;
      for (const v of xs) {
        const row = Math.floor(((layout.yMax - v) / (layout.yMax - layout.yMin)) * layout.rows);
        if (row >= 0 && row < layout.rows) rasters[j][row * points + i]++;
      }
    }
  }
  const attractors: FigureAttractor[] = names.map((name, j) => ({
    label: j + 1,
    name,
    raster: rasters[j],
    fraction: fraction[j],
    lyapMax: Float64Array.from(lyapSum[j], (sum, i) => (fraction[j][i] > 0 ? sum / (fraction[j][i] * k) : NaN)),
  }));
  attractors.push({ label: -1, name: 'diverged', raster: null, fraction: fraction[3], lyapMax: new Float64Array(points).fill(NaN) });
  const raster = new Uint32Array(points * layout.rows);
  for (const r of rasters) for (let p = 0; p < raster.length; p++) raster[p] += r[p];
  const base: BifurcationFigureInput = {
    spec,
    layout,
    raster,
    lyapMax: Float64Array.from({ length: points }, (_, i) =>
      Math.max(...attractors.map((a) => (Number.isNaN(a.lyapMax[i]) ? -Infinity : a.lyapMax[i]))),
    ),
    diverged: Uint8Array.from(fraction[3], (f) => (f === 1 ? 1 : 0)),
    theoryOnset: null,
    subtitle: `${points} grid points   ·   1000 transient + ${record} recorded steps`,
    observableLabel: 'x',
  };
  return { base, count: k, attractors };
}

describe('on a computed sweep', () => {
  it("draws the cubic map's mirror-image attractors with bars of equal height", async () => {
    const input = cubicMap(400, 40);
    const [a1, a2] = input.attractors;
    // the sweep has what the figure must show: the pair (both present), the merger, divergence
    expect(a1.fraction.some((f) => f > 0)).toBe(true);
    expect(a1.fraction.every((f, i) => Math.abs(f - a2.fraction[i]) < 1e-12)).toBe(true);
    expect(input.attractors[2].fraction.some((f) => f > 0)).toBe(true);
    expect(input.attractors[3].fraction.some((f) => f > 0)).toBe(true);
    const { probe } = await figure(input);
    keepSample('fractions-figure-cubic.png', probe.png);
    const image = await pixelsOf(probe.png);
    const { top, bottom } = probe.scaleBox.frac;
    const { left, right } = probe.chartArea;
    // in every pixel column of the fractions panel, as many A1 pixels as A2 pixels (±1 for rounding)
    let compared = 0;
    for (let x = Math.round(left) + 2; x < Math.round(right) - 2; x += 7) {
      let [blue, vermillion] = [0, 0];
      for (let y = Math.round(top); y < Math.round(bottom); y++) {
        const o = 4 * (y * image.width + x);
        const rgb = [image.data[o], image.data[o + 1], image.data[o + 2]];
        if (close(rgb, BLUE)) blue++;
        if (close(rgb, VERMILLION)) vermillion++;
      }
      expect(Math.abs(blue - vermillion)).toBeLessThanOrEqual(2);
      if (blue > 0) compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
