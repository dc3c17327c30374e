import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrajectory } from '../../src/models/uv/trajectory.js';
import { uvConstants } from '../../src/models/uv/constants.js';
import { phaseFigureConfig } from '../../src/render/phase-figure.js';
import { trajectoryFigureConfig } from '../../src/render/trajectory-figure.js';
import { uvTrajectoryFigureInput } from '../../src/models/uv/trajectory-figure-input.js';
import { isUvTrajectory, trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import { ROOT } from '../helpers.js';
import { phaseFigureInput } from './fixtures.js';
import { pixelsOf, renderAndProbe, type Probe } from './probe.js';

/**
 * The shape of a legend swatch: which of its columns and rows hold ink of the given colour.
 * A line is a few rows tall and, if dashed, has empty columns; a filled box is many rows tall.
 */
async function swatchShape(probe: Probe, text: string, rgb: [number, number, number]) {
  const item = probe.legend.find((i) => i.text === text);
  if (!item) throw new Error(`no legend item "${text}" among ${probe.legend.map((i) => i.text).join(' | ')}`);
  const { width, data } = await pixelsOf(probe.png);
  // ink: a pixel much nearer the colour than the white background (antialiased edges included)
  const inked = (x: number, y: number) => {
    const o = 4 * (y * width + x);
    const to = (c: readonly number[]) => Math.hypot(data[o] - c[0], data[o + 1] - c[1], data[o + 2] - c[2]);
    return to(rgb) < 0.6 * to([255, 255, 255]);
  };
  const left = Math.round(item.left);
  const top = Math.round(item.top);
  const columns: boolean[] = [];
  const rows = new Set<number>();
  for (let x = left; x < left + probe.swatchWidth; x++) {
    let any = false;
    for (let y = top; y < top + Math.round(item.height); y++) {
      if (inked(x, y)) {
        any = true;
        rows.add(y);
      }
    }
    columns.push(any);
  }
  // columns strictly inside the swatch (antialiasing at the ends aside)
  const inner = columns.slice(2, -2);
  return { rows: rows.size, inkedColumns: inner.filter(Boolean).length / inner.length };
}

describe('legend swatches', () => {
  it('draw the phase diagrams’ dotted ηλ₀ = 2 and solid ηλ∞ = 2 as a dotted and a solid line, the categories as boxes', async () => {
    const config = phaseFigureConfig(phaseFigureInput());
    const probe = await renderAndProbe(config, 1600, 1400);
    const dotted = await swatchShape(probe, 'η λ₀ = 2', [17, 17, 17]);
    const solid = await swatchShape(probe, 'η λ∞(gradient flow) = 2', [0, 0, 0]);
    expect(dotted.rows).toBeLessThanOrEqual(4);
    expect(solid.rows).toBeLessThanOrEqual(4);
    expect(solid.inkedColumns).toBeGreaterThan(0.95);
    expect(dotted.inkedColumns).toBeGreaterThan(0.1);
    expect(dotted.inkedColumns).toBeLessThan(0.7);
    const chaotic = await swatchShape(probe, 'chaotic', [192, 57, 43]);
    expect(chaotic.rows).toBeGreaterThanOrEqual(8);
    expect(chaotic.inkedColumns).toBeGreaterThan(0.95);
  });

  it('draw the trajectory figure’s dashed NTK eigenvalue as a dashed line', async () => {
    const spec = trajectorySpecSchema.parse(JSON.parse(readFileSync(join(ROOT, 'sweeps', 'uv-edge-of-stability.json'), 'utf8')));
    if (!isUvTrajectory(spec)) throw new Error('a UV trajectory spec');
    const c = uvConstants(spec.model);
    const probe = await renderAndProbe(
      trajectoryFigureConfig(
        uvTrajectoryFigureInput('t', runTrajectory(spec), { eta: spec.eta, eps: c.eps, target: c.target, engine: 'map' }),
      ),
      1600,
      1000,
    );
    const ntk = await swatchShape(probe, 'NTK eigenvalue λ', [0x7f, 0x8c, 0x8d]);
    expect(ntk.rows).toBeLessThanOrEqual(4);
    expect(ntk.inkedColumns).toBeGreaterThan(0.3);
    expect(ntk.inkedColumns).toBeLessThan(0.85);
  });
});
