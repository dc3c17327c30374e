import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { runCli, tempDir } from '../helpers.js';
import { describe, expect, it } from 'vitest';
import { runTrajectory } from '../../src/model/trajectory.js';
import { uvConstants } from '../../src/model/uv-constants.js';
import { renderTrajectoryFigure } from '../../src/render/trajectory-figure.js';
import { COLORS } from '../../src/render/style.js';
import { colormap, densityToRgba } from '../../src/render/density-image.js';
import { trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';

/** Pixels of a PNG within `tolerance` of an RGB colour, per horizontal band of the image. */
async function colourCounts(png: Buffer, hex: string, bands: number, tolerance = 40): Promise<number[]> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const counts = new Array(bands).fill(0);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const o = 4 * (y * image.width + x);
      if (Math.abs(data[o] - r) + Math.abs(data[o + 1] - g) + Math.abs(data[o + 2] - b) < tolerance) {
        counts[Math.floor((y * bands) / image.height)]++;
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
    const t = runTrajectory(spec);
    expect(t.f[t.length - 1]).toBe(2); // the loss really is 0 at the end
    const c = uvConstants(spec.model);
    const png = await renderTrajectoryFigure({ title: 'x', eta: spec.eta, eps: c.eps, target: c.target, engine: 'map', trajectory: t });
    // panels: loss in the upper half of the image, sharpness in the lower half
    const [lossUpper, lossLower] = await colourCounts(png, COLORS.loss, 2, 90);
    expect(lossUpper).toBeGreaterThan(150);
    expect(lossLower).toBeLessThan(lossUpper / 4);
    const [sharpUpper, sharpLower] = await colourCounts(png, COLORS.sharpness, 2, 90);
    expect(sharpLower).toBeGreaterThan(150);
  });
});

describe('density image', () => {
  it('normalises each column, shades by log fraction, resamples without gaps, and marks diverged columns', () => {
    const layout = { points: 3, columns: 3, rows: 4, yMin: 0, yMax: 1 };
    // column 0: all samples in one row; column 1: spread evenly; column 2: diverged (empty)
    const raster = new Uint32Array([
      0, 5, 0,
      10, 5, 0,
      0, 5, 0,
      0, 5, 0,
    ]);
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
});

describe('bifurcation figure', () => {
  it('marks the period-doubling points when markCascade is set, and only then', async () => {
    const dir = tempDir();
    const counts: number[] = [];
    for (const markCascade of [false, true]) {
      const spec = join(dir, `spec-${markCascade}.json`);
      writeFileSync(spec, JSON.stringify({
        name: `m-${markCascade}`,
        model: { kind: 'logistic' },
        sweep: { parameter: 'r', from: 2.9, to: 3.6, points: 300 },
        transient: 3000,
        record: 256,
        markCascade,
        cascade: { levels: 4 },
      }));
      const result = runCli(['sweep', spec, '--out', dir, '--quiet']);
      expect(result.code).toBe(0);
      const [upper, lower] = await colourCounts(readFileSync(join(dir, `m-${markCascade}.bifurcation.png`)), '#d35400', 2, 60);
      counts.push(upper + lower);
    }
    expect(counts[0]).toBeLessThan(20);
    expect(counts[1]).toBeGreaterThan(4 * 300); // four dotted vertical lines through the upper panel
  });
});
