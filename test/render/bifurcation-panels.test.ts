import { describe, expect, it } from 'vitest';
import { bifurcationFigureConfig, type BifurcationFigureInput } from '../../src/render/bifurcation-figure.js';
import { formatNumber } from '../../src/render/style.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { renderAndProbe } from './probe.js';

/** A bifurcation figure's input with a synthetic raster (one band of samples) and the given λ_max. */
function figureInput(model: object, sweep: { parameter: string; from: number; to: number }, lyapMax: number[], yRange: [number, number] = [-1.5, 1.5]): BifurcationFigureInput {
  const points = lyapMax.length;
  const spec = sweepSpecSchema.parse({ name: 'panel-test', model, sweep: { ...sweep, points }, image: { width: 1000, height: 700 } });
  const layout = { points, columns: points, rows: 100, yMin: yRange[0], yMax: yRange[1] };
  const raster = new Uint32Array(points * 100);
  lyapMax.forEach((l, i) => {
    if (Number.isFinite(l)) raster[50 * points + i] = 10;
  });
  return {
    spec,
    layout,
    raster,
    lyapMax: Float64Array.from(lyapMax),
    diverged: Uint8Array.from(lyapMax, (l) => (Number.isNaN(l) ? 1 : 0)),
    uv: model && (model as { kind: string }).kind === 'uv' ? { eps: 0.01, target: 10 } : null,
    subtitle: 'test',
  };
}

const labelledTicks = (labels: (string | null)[]) => labels.filter((l): l is string => l !== null).map(Number);

describe('λ_max panel', () => {
  // Hénon-like: λ_max from ½ ln b = −0.602 (complex eigenvalues) up to 0.45, two superstable dips
  const henon = Array.from({ length: 400 }, (_, i) => -0.602 + 1.05 * (i / 399) ** 2);
  henon[300] = -5;
  henon[350] = -Infinity;

  it('labels enough ticks, negative ones included, and covers the unclipped values', async () => {
    const probe = await renderAndProbe(bifurcationFigureConfig(figureInput({ kind: 'henon' }, { parameter: 'a', from: 0.3, to: 1.4 }, henon)), 1000, 700);
    const ticks = labelledTicks(probe.tickLabels.lyap);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks).toContain(0);
    expect(ticks.filter((t) => t < 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(-0.602);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(0.448);
  });

  it('says where values are clipped, and only when they are', async () => {
    const clipped = await renderAndProbe(bifurcationFigureConfig(figureInput({ kind: 'henon' }, { parameter: 'a', from: 0.3, to: 1.4 }, henon)), 1000, 700);
    const bottom = Math.min(...clipped.tickValues.lyap);
    const note = clipped.legend.find((item) => /clipped/.test(item.text));
    expect(note?.text).toContain(formatNumber(bottom));
    const smooth = henon.map((l) => Math.max(l, -0.602));
    const unclipped = await renderAndProbe(bifurcationFigureConfig(figureInput({ kind: 'henon' }, { parameter: 'a', from: 0.3, to: 1.4 }, smooth)), 1000, 700);
    expect(unclipped.legend.some((item) => /clipped/.test(item.text))).toBe(false);
  });

  it('shows the negative part of a UV route to chaos, down to its 1st percentile', async () => {
    // 0 below the onset, −0.35 … 0 in the 2-cycle band, chaos up to 0.9, superstable dips
    const uv = Array.from({ length: 1000 }, (_, i) => (i < 100 ? 0 : i < 400 ? -0.35 * Math.sin((Math.PI * (i - 100)) / 300) : 0.9 * ((i - 400) / 600)));
    for (const i of [420, 500, 650]) uv[i] = -8;
    const probe = await renderAndProbe(bifurcationFigureConfig(figureInput({ kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } }, { parameter: 'eta', from: 0.9, to: 1.9 }, uv, [0, 9])), 1000, 700);
    const ticks = labelledTicks(probe.tickLabels.lyap);
    expect(ticks.filter((t) => t < 0).length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(-0.35);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(probe.legend.some((item) => /clipped/.test(item.text))).toBe(true);
  });
});
