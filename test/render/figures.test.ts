import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { runCli, tempDir } from '../helpers.js';
import { describe, expect, it } from 'vitest';
import { runTrajectory } from '../../src/models/uv/trajectory.js';
import { uvConstants } from '../../src/models/uv/constants.js';
import { trajectoryFigureConfig } from '../../src/render/trajectory-figure.js';
import { uvTrajectoryFigureInput } from '../../src/models/uv/trajectory-figure-input.js';
import { COLORS, FIGURE } from '../../src/render/style.js';
import { renderAndProbe } from './probe.js';
import { renderPng, rendererFor } from '../../src/render/chart-renderer.js';
import type { ChartConfiguration } from 'chart.js';
import { colormap, densityToRgba } from '../../src/render/density-image.js';
import { isUvTrajectory, trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import type { RasterLayout } from '../../src/sweep/raster.js';

/**
 * Pixels of a PNG within `tolerance` of an RGB colour, per horizontal band of the image, or of
 * `area` (the plot area, so the legend's swatches are not counted) when given.
 */
async function colourCounts(
  png: Buffer,
  hex: string,
  bands: number,
  tolerance = 40,
  area?: { top: number; bottom: number; left: number; right: number },
): Promise<number[]> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const { top, bottom, left, right } = area ?? { top: 0, bottom: image.height, left: 0, right: image.width };
  const counts = new Array(bands).fill(0);
  for (let y = Math.round(top); y < Math.round(bottom); y++) {
    for (let x = Math.round(left); x < Math.round(right); x++) {
      const o = 4 * (y * image.width + x);
      if (Math.abs(data[o] - r) + Math.abs(data[o + 1] - g) + Math.abs(data[o + 2] - b) < tolerance) {
        counts[Math.floor(((y - top) * bands) / (bottom - top))]++;
      }
    }
  }
  return counts;
}

describe('trajectory figure', () => {
  it('draws the loss in the upper panel even when it spans thirty decades and ends at exactly zero', async () => {
    const spec = trajectorySpecSchema.parse({
      name: 'catapult',
      model: { kind: 'uv', width: 64, inputDim: 16, target: 2, init: { seed: 1, sigmaU: 1, sigmaV: 1 } },
      eta: 0.08,
      steps: 60,
    });
    if (!isUvTrajectory(spec)) throw new Error('the spec is a UV trajectory');
    const t = runTrajectory(spec);
    expect(t.f[t.length - 1]).toBe(2); // the loss really is 0 at the end
    const c = uvConstants(spec.model);
    const { png, chartArea } = await renderAndProbe(
      trajectoryFigureConfig(uvTrajectoryFigureInput('x', t, { eta: spec.eta, eps: c.eps, target: c.target, engine: 'map' })),
      FIGURE.width,
      FIGURE.height,
    );
    // panels: loss in the upper half of the plot area, sharpness in the lower half
    const [lossUpper, lossLower] = await colourCounts(png, COLORS.loss, 2, 90, chartArea);
    expect(lossUpper).toBeGreaterThan(100); // a thin line with dots: about 130 pixels
    expect(lossLower).toBeLessThan(lossUpper / 4);
    const [, sharpLower] = await colourCounts(png, COLORS.sharpness, 2, 90, chartArea);
    expect(sharpLower).toBeGreaterThan(150);
  });
});

describe('PNG encoding', () => {
  it('holds exactly the pixels chartjs-node-canvas renders with its own encoder', async () => {
    const config = () => ({
      type: 'line' as const,
      data: {
        datasets: [{ label: 'a line', data: Array.from({ length: 50 }, (_, i) => ({ x: i, y: Math.sin(i / 5) })), borderColor: '#c0392b' }],
      },
      options: { plugins: { title: { display: true, text: 'title' } }, scales: { x: { type: 'linear' as const } } },
    });
    const ours = await renderPng(config() as ChartConfiguration, 420, 300);
    const theirs = await rendererFor(420, 300).renderToBuffer(config() as never);
    const pixels = async (png: Buffer) => {
      const image = await loadImage(png);
      const canvas = createCanvas(image.width, image.height);
      canvas.getContext('2d').drawImage(image, 0, 0);
      return Array.from(canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data);
    };
    const [a, b] = [await pixels(ours), await pixels(theirs)];
    expect(a.length).toBe(420 * 300 * 4);
    expect(a.filter((v, i) => v !== 255 && i % 4 !== 3).length).toBeGreaterThan(1000); // something was drawn
    expect(a).toEqual(b);
  });
});

describe('density image', () => {
  it('normalises each column, shades by log fraction, resamples without gaps, and marks diverged columns', () => {
    const layout = { points: 3, columns: 3, rows: 4, yMin: 0, yMax: 1 };
    // column 0: all samples in one row; column 1: spread evenly; column 2: diverged (empty)
    const raster = new Uint32Array([0, 5, 0, 10, 5, 0, 0, 5, 0, 0, 5, 0]);
    const rgba = densityToRgba(raster, layout, 6, 4, new Uint8Array([0, 0, 1]));
    const pixel = (x: number, y: number) => Array.from(rgba.subarray(4 * (y * 6 + x), 4 * (y * 6 + x) + 4));
    // coarse raster, finer image: each raster column covers two pixel columns, no gaps
    expect(pixel(0, 1)).toEqual(pixel(1, 1));
    expect(pixel(0, 0)[3]).toBe(0); // empty cells stay transparent
    // a point where the orbit spends all its time is darker than a quarter-time cell
    const full = pixel(0, 1);
    const quarter = pixel(2, 1);
    expect(full[0] + full[1] + full[2]).toBeLessThan(quarter[0] + quarter[1] + quarter[2]);
    expect(full.slice(0, 3)).toEqual(colormap(1).map(Math.round));
    // diverged columns are grey
    expect(pixel(5, 2)).toEqual([228, 228, 228, 255]);
  });

  /** The definition, pixel by pixel: box sums, per-column normalisation, log shade, grey columns. */
  function referenceRgba(raster: Uint32Array, layout: RasterLayout, width: number, height: number, diverged: Uint8Array): number[] {
    const col = (px: number) => Math.floor((px * layout.columns) / width);
    const row = (py: number) => Math.floor((py * layout.rows) / height);
    const box = (px: number, py: number) => {
      let sum = 0;
      for (let r = row(py); r < Math.max(row(py) + 1, row(py + 1)); r++) {
        for (let c = col(px); c < Math.max(col(px) + 1, col(px + 1)); c++) sum += raster[r * layout.columns + c];
      }
      return sum;
    };
    const out = new Array<number>(width * height * 4).fill(0);
    for (let px = 0; px < width; px++) {
      let total = 0;
      for (let py = 0; py < height; py++) total += box(px, py);
      for (let py = 0; py < height; py++) {
        const o = 4 * (py * width + px);
        if (total === 0) {
          if (diverged[col(px)]) out.splice(o, 4, 228, 228, 228, 255);
          continue;
        }
        const count = box(px, py);
        if (count === 0) continue;
        const shade = Math.min(1, Math.log1p((count / total) * (height / 2)) / Math.log1p(height / 2));
        const rgb = colormap(shade).map((v) => Math.min(255, Math.max(0, Math.round(v))));
        out.splice(o, 4, ...rgb, 255);
      }
    }
    return out;
  }

  it.each([
    [37, 23, 80, 50], // raster finer than the image both ways
    [11, 7, 40, 30], // coarser both ways
    [50, 9, 20, 30], // finer across, coarser up
  ])('equals the definition for a %i × %i raster drawn at %i × %i', (columns, rows, width, height) => {
    const layout: RasterLayout = { points: columns, columns, rows, yMin: 0, yMax: 1 };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // sparse counts, some empty columns, a few of them diverged
    const raster = Uint32Array.from({ length: columns * rows }, () => (random() < 0.3 ? Math.floor(random() * 1000) : 0));
    const diverged = new Uint8Array(columns);
    for (let c = 0; c < columns; c += 5) {
      for (let r = 0; r < rows; r++) raster[r * columns + c] = 0;
      diverged[c] = c % 10 === 0 ? 1 : 0;
    }
    expect(Array.from(densityToRgba(raster, layout, width, height, diverged))).toEqual(
      referenceRgba(raster, layout, width, height, diverged),
    );
  });
});

describe('bifurcation figure', () => {
  it('marks the period-doubling points when markCascade is set, and only then', async () => {
    const dir = tempDir();
    const counts: number[] = [];
    for (const markCascade of [false, true]) {
      const spec = join(dir, `spec-${markCascade}.json`);
      writeFileSync(
        spec,
        JSON.stringify({
          name: `m-${markCascade}`,
          model: { kind: 'logistic' },
          sweep: { parameter: 'r', from: 2.9, to: 3.6, points: 300 },
          transient: 3000,
          record: 256,
          markCascade,
          cascade: { levels: 4 },
        }),
      );
      const result = runCli(['sweep', spec, '--out', dir, '--quiet']);
      expect(result.code).toBe(0);
      const [upper, lower] = await colourCounts(readFileSync(join(dir, `m-${markCascade}.bifurcation.png`)), '#d35400', 2, 60);
      counts.push(upper + lower);
    }
    expect(counts[0]).toBeLessThan(20);
    expect(counts[1]).toBeGreaterThan(4 * 300); // four dotted vertical lines through the upper panel
  });
});
