import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrajectory } from '../../src/models/uv/trajectory.js';
import { uvConstants } from '../../src/models/uv/constants.js';
import { FIGURE } from '../../src/render/style.js';
import { trajectoryFigureConfig } from '../../src/render/trajectory-figure.js';
import { uvTrajectoryFigureInput } from '../../src/models/uv/trajectory-figure-input.js';
import { isUvTrajectory, trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import { ROOT } from '../helpers.js';
import { pixelsOf, renderAndProbe } from './probe.js';

function figureOf(specFile: string) {
  const spec = trajectorySpecSchema.parse(JSON.parse(readFileSync(join(ROOT, 'sweeps', specFile), 'utf8')));
  if (!isUvTrajectory(spec)) throw new Error('a UV trajectory spec');
  const c = uvConstants(spec.model);
  const t = runTrajectory(spec);
  return {
    t,
    target: c.target,
    config: trajectoryFigureConfig(uvTrajectoryFigureInput('t', t, { eta: spec.eta, eps: c.eps, target: c.target, engine: 'map' })),
  };
}

describe('trajectory figure', () => {
  it('shades where the loss is exactly 0 (off its log axis) and says from which step', async () => {
    const { t, target, config } = figureOf('uv-early-sharpness-reduction.json');
    // the shipped catapult run reaches f = y exactly at step 20 and stays there
    const firstZero = Array.from(t.f.subarray(0, t.length)).findIndex((f) => f === target);
    expect(firstZero).toBe(20);
    const probe = await renderAndProbe(config, FIGURE.width, FIGURE.height);
    expect(probe.legend.map((item) => item.text)).toContain('loss exactly 0 from step 20 on (shaded: off the log scale)');
    // the shade (the loss colour at 12 % over white) fills the loss panel from step 19.5 on, and only there
    const { width, data } = await pixelsOf(probe.png);
    const shade = [228, 234, 243];
    const panel = probe.scaleBox.loss;
    const xOf = (step: number) =>
      Math.round(probe.chartArea.left + ((probe.chartArea.right - probe.chartArea.left) * step) / (t.length - 1));
    const shadedFraction = (step: number) => {
      let shaded = 0;
      let all = 0;
      for (let y = Math.ceil(panel.top); y < Math.floor(panel.bottom); y++, all++) {
        const o = 4 * (y * width + xOf(step));
        if (Math.abs(data[o] - shade[0]) + Math.abs(data[o + 1] - shade[1]) + Math.abs(data[o + 2] - shade[2]) < 12) shaded++;
      }
      return shaded / all;
    };
    for (const step of [20.2, 35.3, 59.7]) expect(shadedFraction(step)).toBeGreaterThan(0.8);
    for (const step of [2.3, 12.5, 19.2]) expect(shadedFraction(step)).toBeLessThan(0.05);
  });

  it('says nothing of a zero loss when the loss never reaches 0', async () => {
    const { config } = figureOf('uv-edge-of-stability.json');
    const probe = await renderAndProbe(config, FIGURE.width, FIGURE.height);
    expect(probe.legend.some((item) => /loss exactly 0/.test(item.text))).toBe(false);
  });
});
