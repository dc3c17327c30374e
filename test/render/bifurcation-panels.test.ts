import { describe, expect, it } from 'vitest';
import { bifurcationFigureConfig, type BifurcationFigureInput } from '../../src/render/bifurcation-figure.js';
import { formatNumber } from '../../src/render/style.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { rasterColumn } from '../../src/sweep/raster.js';
import { renderAndProbe } from './probe.js';

/** A bifurcation figure's input with a synthetic raster (one band of samples) and the given λ_max. */
function figureInput(
  model: object,
  sweep: { parameter: string; from: number; to: number },
  lyapMax: number[],
  yRange: [number, number] = [-1.5, 1.5],
  columns = lyapMax.length,
): BifurcationFigureInput {
  const points = lyapMax.length;
  const spec = sweepSpecSchema.parse({ name: 'panel-test', model, sweep: { ...sweep, points }, image: { width: 1000, height: 700 } });
  const layout = { points, columns, rows: 100, yMin: yRange[0], yMax: yRange[1] };
  const raster = new Uint32Array(columns * 100);
  lyapMax.forEach((l, i) => {
    if (Number.isFinite(l)) raster[50 * columns + rasterColumn(layout, i)] += 10;
  });
  return {
    spec,
    layout,
    raster,
    lyapMax: Float64Array.from(lyapMax),
    diverged: Uint8Array.from(lyapMax, (l) => (Number.isNaN(l) ? 1 : 0)),
    theoryOnset: model && (model as { kind: string }).kind === 'uv' ? 1 / (Math.sqrt(0.01) * 10) : null,
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
    const probe = await renderAndProbe(
      bifurcationFigureConfig(figureInput({ kind: 'henon' }, { parameter: 'a', from: 0.3, to: 1.4 }, henon)),
      1000,
      700,
    );
    const ticks = labelledTicks(probe.tickLabels.lyap);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks).toContain(0);
    expect(ticks.filter((t) => t < 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(-0.602);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(0.448);
  });

  it('says where values are clipped, and only when they are', async () => {
    const clipped = await renderAndProbe(
      bifurcationFigureConfig(figureInput({ kind: 'henon' }, { parameter: 'a', from: 0.3, to: 1.4 }, henon)),
      1000,
      700,
    );
    const bottom = Math.min(...clipped.tickValues.lyap);
    const note = clipped.legend.find((item) => /clipped/.test(item.text));
    expect(note?.text).toContain(formatNumber(bottom));
    const smooth = henon.map((l) => Math.max(l, -0.602));
    const unclipped = await renderAndProbe(
      bifurcationFigureConfig(figureInput({ kind: 'henon' }, { parameter: 'a', from: 0.3, to: 1.4 }, smooth)),
      1000,
      700,
    );
    expect(unclipped.legend.some((item) => /clipped/.test(item.text))).toBe(false);
  });

  it('shows the negative part of a UV route to chaos, down to its 1st percentile', async () => {
    // 0 below the onset, −0.35 … 0 in the 2-cycle band, chaos up to 0.9, superstable dips
    const uv = Array.from({ length: 1000 }, (_, i) =>
      i < 100 ? 0 : i < 400 ? -0.35 * Math.sin((Math.PI * (i - 100)) / 300) : 0.9 * ((i - 400) / 600),
    );
    for (const i of [420, 500, 650]) uv[i] = -8;
    const probe = await renderAndProbe(
      bifurcationFigureConfig(
        figureInput(
          { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
          { parameter: 'eta', from: 0.9, to: 1.9 },
          uv,
          [0, 9],
        ),
      ),
      1000,
      700,
    );
    const ticks = labelledTicks(probe.tickLabels.lyap);
    expect(ticks.filter((t) => t < 0).length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(-0.35);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(probe.legend.some((item) => /clipped/.test(item.text))).toBe(true);
  });
});

describe('degenerate bifurcation axes', () => {
  it('labels the ticks of a very narrow range so that neighbours differ, and each label is its tick', async () => {
    // two converged grid points 1e-7 apart, η × sharpness 2e-7 apart: the pilot's range padded by 4 %
    const [lo, hi] = [1.800045179362711, 1.800045379260913];
    const pad = 0.04 * (hi - lo);
    const input = figureInput(
      { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
      { parameter: 'eta', from: 0.9, to: 0.9000001 },
      [0, 0],
      [lo - pad, hi + pad],
    );
    const probe = await renderAndProbe(bifurcationFigureConfig(input), 1000, 700);
    for (const axis of ['obs', 'x']) {
      const labels = probe.tickLabels[axis];
      const shown = labels.filter((l): l is string => l !== null);
      expect(shown.length).toBeGreaterThanOrEqual(3);
      expect(new Set(shown).size).toBe(shown.length);
      const values = probe.tickValues[axis];
      const step = (values[values.length - 1] - values[0]) / (values.length - 1);
      labels.forEach((label, i) => {
        if (label !== null) expect(Math.abs(Number(label) - values[i])).toBeLessThan(step / 2);
      });
    }
  });

  it('lists in the legend only what is drawn', async () => {
    // a 2-point sweep whose range does not reach η × sharpness = 2
    const [lo, hi] = [1.800045179362711, 1.800045379260913];
    const uvModel = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
    const narrow = await renderAndProbe(
      bifurcationFigureConfig(figureInput(uvModel, { parameter: 'eta', from: 0.9, to: 0.9000001 }, [0, 0], [lo, hi])),
      1000,
      700,
    );
    expect(narrow.legend.map((i) => i.text)).toEqual(['attractor density (log, per column)', 'largest Lyapunov exponent λ_max', 'λ = 0']);
    // every grid point diverged: no density, no exponents, and the pilot's fallback range [0, 1] misses 2
    const diverged = figureInput(uvModel, { parameter: 'eta', from: 2.5, to: 3 }, new Array(50).fill(NaN), [0, 1]);
    const all = await renderAndProbe(bifurcationFigureConfig(diverged), 1000, 700);
    expect(all.legend.map((i) => i.text)).toEqual(['diverged']);
  });
});

describe('diverged legend entry', () => {
  it('appears when a raster column is grey, not for a point that diverged among converging neighbours', async () => {
    const lyap = (diverged: number[]) => Array.from({ length: 400 }, (_, i) => (diverged.includes(i) ? NaN : -0.1));
    // four grid points per raster column
    const input = (diverged: number[]) =>
      figureInput({ kind: 'logistic' }, { parameter: 'r', from: 2.8, to: 3 }, lyap(diverged), [-1.5, 1.5], 100);
    const names = async (diverged: number[]) =>
      (await renderAndProbe(bifurcationFigureConfig(input(diverged)), 1000, 700)).legend.map((i) => i.text);
    expect(await names([201])).not.toContain('diverged');
    expect(await names([200, 201, 202, 203])).toContain('diverged');
  });
});
