import { describe, expect, it } from 'vitest';
import { phaseFigureConfig } from '../../src/render/phase-figure.js';
import { phaseFigureInput } from './fixtures.js';
import { pixelsOf, renderAndProbe } from './probe.js';

describe('phase figure', () => {
  it('gives the λ_max panel a colour scale beside it: red at the top, blue at the bottom', async () => {
    const probe = await renderAndProbe(phaseFigureConfig(phaseFigureInput()), 1600, 1400);
    const { width, data } = await pixelsOf(probe.png);
    const panel = probe.scaleBox.lyap;
    // the ends of the diverging map, blue below 0 and red above (phase-figure.ts)
    const ends = { blue: [33, 100, 255], red: [255, 55, 45] };
    const found = { blue: [] as number[], red: [] as number[] };
    for (let y = Math.round(panel.top); y < Math.round(panel.bottom); y++) {
      for (let x = Math.ceil(probe.chartArea.right) + 1; x < width; x++) {
        const o = 4 * (y * width + x);
        for (const [name, rgb] of Object.entries(ends) as ['blue' | 'red', number[]][]) {
          if (Math.abs(data[o] - rgb[0]) + Math.abs(data[o + 1] - rgb[1]) + Math.abs(data[o + 2] - rgb[2]) < 30) found[name].push(y);
        }
      }
    }
    expect(found.blue.length).toBeGreaterThan(20);
    expect(found.red.length).toBeGreaterThan(20);
    const mean = (ys: number[]) => ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(mean(found.red)).toBeLessThan(mean(found.blue));
  });
});
