import { portraitSystemOf } from '../../src/models/registry.js';
import { describe, expect, it } from 'vitest';
import { computePortrait } from '../../src/portrait/compute-portrait.js';
import { portraitFigureConfig } from '../../src/render/portrait-figure.js';
import { portraitSpecSchema } from '../../src/spec/portrait-spec.js';
import { pixelsOf, renderAndProbe, type Probe } from './probe.js';

const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

async function probePortrait(eta: number): Promise<Probe> {
  const spec = portraitSpecSchema.parse({
    name: 'p',
    model,
    eta,
    plane: 'rescaled',
    window: { x: [-1, 2.5], y: [0, 4.2] },
    cycles: { maxPeriod: 2 },
    fixedPoints: { seeds: 10 },
    basins: { resolution: 40 },
    vectorField: { arrows: 10 },
    trajectories: [{ x: 0.3, y: 3.2, label: 'catapult' }],
  });
  const portrait = await computePortrait(spec, portraitSystemOf(spec), { workers: 0 });
  return renderAndProbe(portraitFigureConfig(portrait), spec.image.width, spec.image.height);
}

/** Whether the pixel at the centre of an entry's swatch, and any pixel of it, is dark. */
async function swatchInk(probe: Probe, prefix: string) {
  const item = probe.legend.find((i) => i.text.startsWith(prefix));
  if (!item) throw new Error(`no legend item "${prefix}…" among ${probe.legend.map((i) => i.text).join(' | ')}`);
  const { width, data } = await pixelsOf(probe.png);
  const dark = (x: number, y: number) => {
    const o = 4 * (Math.round(y) * width + Math.round(x));
    return data[o] + data[o + 1] + data[o + 2] < 3 * 140;
  };
  const cx = item.left + probe.swatchWidth / 2;
  const cy = item.top + item.height / 2;
  let any = false;
  for (let x = item.left; x < item.left + probe.swatchWidth; x++)
    for (let y = item.top; y < item.top + item.height; y++) any ||= dark(x, y);
  return { centre: dark(cx, cy), any };
}

describe('portrait figure', () => {
  it('names every basin with its share, draws the stable cycle filled and unstable ones hollow, and lists the UV lines', async () => {
    const probe = await probePortrait(1.05);
    const texts = probe.legend.map((i) => i.text);
    expect(texts).toContainEqual(expect.stringMatching(/^basin of the 2-cycle cycle2_1 \(\d+\.\d %\)$/));
    expect(texts).toContainEqual(expect.stringMatching(/^diverges \(\d+\.\d %\)$/));
    expect(texts).toContainEqual(expect.stringMatching(/^unreachable: λ < 2√ε\|f\| \(\d+\.\d %\)$/));
    expect(texts).toContain('minima f = y, unstable: λ > 2/η');
    expect(texts).toContain('threshold ηλ = 2 (λ = 2/η)');
    // past the onset there is no stable segment to list
    expect(texts.some((t) => t.startsWith('minima f = y, stable'))).toBe(false);
    expect(texts).toContainEqual(expect.stringMatching(/^update z_\{t\+1\} − z_t/));
    expect(texts).toContain('catapult from (0.3, 3.2)');
    expect(await swatchInk(probe, '2-cycle cycle2_1, sink')).toEqual({ centre: true, any: true });
    expect(await swatchInk(probe, '2 unstable fixed points')).toEqual({ centre: false, any: true });
  });

  it('lists the stable segment below the onset', async () => {
    const probe = await probePortrait(0.5);
    expect(probe.legend.map((i) => i.text)).toContain('minima f = y, stable: 2√ε|y| ≤ λ < 2/η');
    expect(probe.legend.map((i) => i.text)).toContainEqual(expect.stringMatching(/^basin of the line of minima \(\d+\.\d %\)$/));
  });
});
