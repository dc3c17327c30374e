import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import type { TrainingFigureInput } from '../../src/kind/trajectory.js';
import { uvKind } from '../../src/models/uv/kind.js';
import { uvModelKind } from '../../src/models/uv/model-kind.js';
import { uvPhaseCurves } from '../../src/models/uv/phase-curves.js';
import { describeBatch, describeOptimizer, describeOptimizerSweeping } from '../../src/optimizers/describe-optimizer.js';
import type { OptimizerSpec } from '../../src/optimizers/optimizer.js';
import { optimizerMetadata, stabilityThresholdOf, thresholdAlong } from '../../src/optimizers/stability-threshold.js';
import { bifurcationFigureConfig } from '../../src/render/bifurcation-figure.js';
import { bifurcationInput } from '../../src/render/bifurcation-input.js';
import { bifurcationSubtitle } from '../../src/render/bifurcation-subtitle.js';
import { stabilityReferences } from '../../src/render/stability-references.js';
import { trajectoryFigureConfig } from '../../src/render/trajectory-figure.js';
import { phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { trajectorySpecSchema, type UvTrajectorySpec } from '../../src/spec/trajectory-spec.js';
import { runCli, tempDir } from '../helpers.js';

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const MOMENTUM: OptimizerSpec = { kind: 'momentum', beta: 0.9 };
const NESTEROV: OptimizerSpec = { kind: 'nesterov', beta: 0.9 };
const ADAM: OptimizerSpec = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
const RMSPROP: OptimizerSpec = { kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 };

type Dataset = { label: string; yAxisID: string; data: { x: number; y: number }[] };
const datasetsOf = (config: ChartConfiguration) => config.data.datasets as unknown as Dataset[];
const subtitleOf = (config: ChartConfiguration) => (config.options!.plugins!.subtitle as { text: string }).text;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** A synthetic training run: sharpness and λ_max(P⁻¹H) rising to `top` and `preconditionedTop`. */
function trainingInput(eta: number, optimizer: OptimizerSpec | undefined, top: number, preconditionedTop?: number): TrainingFigureInput {
  const length = 201;
  const rise = (i: number) => 1 - Math.exp(-i / 30);
  return {
    title: 't',
    subtitleParts: ['model'],
    eta,
    ...(optimizer ? { optimizer } : {}),
    length,
    divergedAtStep: null,
    loss: (i) => Math.exp(-i / 50),
    sharpness: (i) => top * rise(i),
    ntk: (i) => 0.9 * top * rise(i),
    ...(preconditionedTop !== undefined ? { preconditionedSharpness: (i: number) => preconditionedTop * rise(i) } : {}),
    lossLabel: 'loss',
    ntkLabel: 'ntk',
  };
}

/** The horizontal reference lines of a config: label → [axis, y at both ends]. */
const flatLines = (config: ChartConfiguration) =>
  datasetsOf(config)
    .filter((d) => d.data.length === 2 && d.data[0].y === d.data[1].y)
    .map((d) => ({ label: d.label, axis: d.yAxisID, y: d.data[0].y }));

describe('trajectory figure: the optimizer’s own stability line', () => {
  it('GD: the "2/η" line on the sharpness panel, "2/η = …" in the subtitle, a "GD step" axis and no third panel, as before', () => {
    const eta = 0.01;
    const config = trajectoryFigureConfig(trainingInput(eta, undefined, 180));
    expect(flatLines(config)).toEqual([{ label: '2/η', axis: 'sharp', y: 2 / eta }]);
    expect(subtitleOf(config)).toBe('η = 0.01   ·   2/η = 200   ·   model   ·   200 steps');
    expect(Object.keys(config.options!.scales!)).toEqual(['x', 'sharp', 'loss']);
    expect((config.options!.scales!.x as { title: { text: string } }).title.text).toBe('GD step');
    // an explicit { kind: 'gd' } draws the same figure as none
    expect(JSON.stringify(trajectoryFigureConfig(trainingInput(eta, { kind: 'gd' }, 180)))).toBe(JSON.stringify(config));
  });

  it('momentum β = 0.9: the line at 2(1 + β)/η = 4.75, with its formula in the legend and the optimizer in the subtitle', () => {
    const config = trajectoryFigureConfig(trainingInput(0.8, MOMENTUM, 4.5));
    expect(flatLines(config)).toEqual([{ label: '2(1 + β)/η = 4.75', axis: 'sharp', y: (2 * 1.9) / 0.8 }]);
    expect(relative((2 * 1.9) / 0.8, 4.75)).toBeLessThan(1e-15);
    expect(subtitleOf(config)).toBe('η = 0.8   ·   momentum β = 0.9   ·   2(1 + β)/η = 4.75   ·   model   ·   200 steps');
    expect((config.options!.scales!.x as { title: { text: string } }).title.text).toBe('step');
    expect(Object.keys(config.options!.scales!)).not.toContain('precond');
  });

  it('Nesterov β = 0.9: the line at 2(1 + β)/(1 + 2β)/η', () => {
    const eta = 0.5;
    const config = trajectoryFigureConfig(trainingInput(eta, NESTEROV, 2.5));
    const value = 3.8 / 2.8 / eta;
    expect(flatLines(config)).toEqual([{ label: `2(1 + β)/(1 + 2β)/η = ${Number(value.toPrecision(6))}`, axis: 'sharp', y: value }]);
  });

  it('Adam β₁ = 0.9: a third panel with λ_max(P⁻¹H) and its line at 38/η; no line on the sharpness panel', () => {
    const eta = 0.5;
    const config = trajectoryFigureConfig(trainingInput(eta, ADAM, 3, 70));
    const lines = flatLines(config);
    expect(lines).toHaveLength(1);
    expect(lines[0].label).toBe('(2 + 2β₁)/(1 − β₁)/η = 76');
    expect(lines[0].axis).toBe('precond');
    // (2 + 2β₁)/(1 − β₁) = 38 at β₁ = 0.9, to rounding of 1 − 0.9
    expect(relative(lines[0].y, 38 / eta)).toBeLessThan(1e-14);
    const preconditioned = datasetsOf(config).find((d) => d.label === 'preconditioned sharpness λ_max(P⁻¹H)')!;
    expect(preconditioned.yAxisID).toBe('precond');
    expect(Math.max(...preconditioned.data.map((p) => p.y))).toBeCloseTo(70 * (1 - Math.exp(-200 / 30)), 12);
    expect(Object.keys(config.options!.scales!)).toEqual(['x', 'precond', 'sharp', 'loss']);
    expect(subtitleOf(config)).toContain('Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8   ·   (2 + 2β₁)/(1 − β₁)/η = 76');
    // far below its threshold the panel keeps its scale: no line
    expect(flatLines(trajectoryFigureConfig(trainingInput(eta, ADAM, 3, 20)))).toEqual([]);
  });

  it('RMSprop: λ_max(P⁻¹H) against 2/η; minibatches named in the subtitle', () => {
    const eta = 0.1;
    const config = trajectoryFigureConfig({ ...trainingInput(eta, RMSPROP, 3, 19), batch: { size: 16, seed: 3, order: 'shuffle' } });
    expect(flatLines(config)).toEqual([{ label: '2/η = 20', axis: 'precond', y: 2 / eta }]);
    expect(subtitleOf(config)).toContain('batch 16, shuffled, seed 3');
  });

  it('SGD (GD on minibatches) keeps the 2/η line and names its batches and "SGD step"', () => {
    const config = trajectoryFigureConfig({
      ...trainingInput(0.01, { kind: 'gd' }, 180),
      batch: { size: 8, seed: 0, order: 'sequential' },
    });
    expect(flatLines(config)).toEqual([{ label: '2/η', axis: 'sharp', y: 200 }]);
    expect(subtitleOf(config)).toBe('η = 0.01   ·   2/η = 200   ·   batch 8, in order   ·   model   ·   200 steps');
    expect((config.options!.scales!.x as { title: { text: string } }).title.text).toBe('SGD step');
  });

  it('UV under Adam: the figure drawn from the table alone equals the run’s own (library path)', async () => {
    const spec = trajectorySpecSchema.parse({ name: 'a', model: uv, eta: 0.05, optimizer: ADAM, steps: 60 }) as UvTrajectorySpec;
    const run = await uvModelKind.trajectory!.run(spec, { source: 'test' });
    expect(run.columnNames).toContain('preconditioned_sharpness');
    const redrawn = await uvModelKind.trajectory!.figure(spec, run);
    if (run.figure.type !== 'training' || redrawn.type !== 'training') throw new Error('a training figure');
    const a = trajectoryFigureConfig(run.figure.input);
    const b = trajectoryFigureConfig(redrawn.input);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const preconditioned = datasetsOf(b).find((d) => d.yAxisID === 'precond' && d.label.startsWith('preconditioned'))!;
    // the panel holds the table's column, row for row (200 buckets > 61 rows: nothing decimated)
    const column = run.columns.preconditioned_sharpness;
    expect(preconditioned.data.map((p) => p.y)).toEqual(Array.from(column).filter((v) => !Number.isNaN(v)));
  });
});

describe('bifurcation figure: the reference at the optimizer’s threshold', () => {
  const x = { min: 0.5, max: 2.5 };
  const y = { min: -1, max: 50 };

  it('GD: η × sharpness = 2 and the 2/η curve, with the labels the figures always had', () => {
    expect(stabilityReferences({ parameter: 'eta', observable: 'eta_sharpness' }, x, y)).toEqual([
      {
        label: 'η × sharpness = 2',
        data: [
          { x: 0.5, y: 2 },
          { x: 2.5, y: 2 },
        ],
      },
    ]);
    expect(stabilityReferences({ parameter: 'eta', observable: 'eta_ntk' }, x, y)[0].label).toBe('ηλ = 2');
    const [curve] = stabilityReferences({ parameter: 'eta', observable: 'sharpness', optimizer: { kind: 'gd' } }, x, y);
    expect(curve.label).toBe('2/η');
    for (const p of curve.data) expect(p.y).toBe(2 / p.x);
    // a sweep of another parameter at fixed η: no curve, as before
    expect(stabilityReferences({ parameter: 'target', observable: 'sharpness', eta: 1 }, x, y)).toEqual([]);
  });

  it('momentum: η × sharpness = 2(1 + β) = 3.8 on an η sweep; 2(1 + β)/η on the sharpness', () => {
    const [line] = stabilityReferences({ parameter: 'eta', observable: 'eta_sharpness', optimizer: MOMENTUM }, x, y);
    expect(line.label).toBe('η × sharpness = 2(1 + β) = 3.8');
    expect(line.data.map((p) => p.y)).toEqual([2 * (1 + 0.9), 2 * (1 + 0.9)]);
    const [curve] = stabilityReferences({ parameter: 'eta', observable: 'sharpness', optimizer: MOMENTUM }, x, y);
    expect(curve.label).toBe('2(1 + β)/η');
    for (const p of curve.data) expect(relative(p.y, 3.8 / p.x)).toBeLessThan(1e-15);
    const [nesterov] = stabilityReferences({ parameter: 'eta', observable: 'eta_sharpness', optimizer: NESTEROV }, x, y);
    expect(nesterov.label).toBe('η × sharpness = 2(1 + β)/(1 + 2β) = 1.35714');
    expect(relative(nesterov.data[0].y, 19 / 14)).toBeLessThan(1e-15);
  });

  it('a β sweep: the threshold 2(1 + β) drawn as a curve over β; the sharpness against 2(1 + β)/η at the spec’s η', () => {
    const beta = { min: 0, max: 0.95 };
    const [curve] = stabilityReferences({ parameter: 'beta', observable: 'eta_sharpness', optimizer: MOMENTUM }, beta, { min: 0, max: 5 });
    expect(curve.label).toBe('η × sharpness = 2(1 + β)');
    expect(curve.data).toHaveLength(400);
    for (const p of curve.data) expect(Math.abs(p.y - 2 * (1 + p.x))).toBeLessThan(1e-15);
    expect(curve.data[0]).toEqual({ x: 0, y: 2 });
    const [raw] = stabilityReferences({ parameter: 'beta', observable: 'sharpness', eta: 0.5, optimizer: MOMENTUM }, beta, {
      min: 0,
      max: 10,
    });
    expect(raw.label).toBe('2(1 + β)/η, η = 0.5');
    for (const p of raw.data) expect(relative(p.y, (2 * (1 + p.x)) / 0.5)).toBeLessThan(1e-15);
    // Adam's β₁: (2 + 2β₁)/(1 − β₁), clipped to the panel
    const [adam] = stabilityReferences(
      { parameter: 'beta1', observable: 'eta_preconditioned_sharpness', optimizer: ADAM },
      { min: 0, max: 0.9 },
      { min: 0, max: 40 },
    );
    for (const p of adam.data) expect(relative(p.y, (2 + 2 * p.x) / (1 - p.x))).toBeLessThan(1e-14);
    expect(Math.max(...adam.data.map((p) => p.y))).toBeLessThanOrEqual(40);
  });

  it('Adam and RMSprop: the line on λ_max(P⁻¹H) only (38 and 2); none on the raw sharpness', () => {
    expect(stabilityReferences({ parameter: 'eta', observable: 'eta_sharpness', optimizer: ADAM }, x, y)).toEqual([]);
    expect(stabilityReferences({ parameter: 'eta', observable: 'sharpness', optimizer: ADAM }, x, y)).toEqual([]);
    const [line] = stabilityReferences({ parameter: 'eta', observable: 'eta_preconditioned_sharpness', optimizer: ADAM }, x, y);
    expect(line.label).toBe('η × λ_max(P⁻¹H) = (2 + 2β₁)/(1 − β₁) = 38');
    expect(relative(line.data[0].y, 38)).toBeLessThan(1e-14);
    const [curve] = stabilityReferences({ parameter: 'eta', observable: 'preconditioned_sharpness', optimizer: RMSPROP }, x, y);
    expect(curve.label).toBe('2/η');
    const [rms] = stabilityReferences({ parameter: 'eta', observable: 'eta_preconditioned_sharpness', optimizer: RMSPROP }, x, y);
    expect(rms.label).toBe('η × λ_max(P⁻¹H) = 2');
  });

  it('a UV momentum η sweep: the config holds the 3.8 line and the onset (1 + β)/(√ε|y|), 1.9 × GD’s; the subtitle names the optimizer', () => {
    const spec = sweepSpecSchema.parse({ name: 'm', model: uv, optimizer: MOMENTUM, sweep: { from: 0.5, to: 2.5, points: 100 } });
    const gd = sweepSpecSchema.parse({ name: 'g', model: uv, sweep: { from: 0.5, to: 2.5, points: 100 } });
    // ε = 0.01, y = 10: GD's onset 1/(√ε|y|) = 1; momentum's 2(1 + β)/(2√ε|y|) = 1.9
    expect(uvKind.theoryOnset!(gd)).toBe(1);
    expect(relative(uvKind.theoryOnset!(spec)!, 1.9)).toBeLessThan(1e-15);
    const layout = { points: 100, columns: 100, rows: 50, yMin: 0, yMax: 5 };
    const sweep = { spec, layout, raster: new Uint32Array(5000), lyapMax: new Float64Array(100), diverged: new Uint8Array(100) };
    const config = bifurcationFigureConfig(bifurcationInput(uvKind, sweep));
    const labels = datasetsOf(config).map((d) => d.label);
    expect(labels).toContain('η × sharpness = 2(1 + β) = 3.8');
    expect(labels).toContain('η = 2(1 + β)/(2√ε|y|) = 1.9');
    expect(subtitleOf(config)).toBe(
      '100 grid points   ·   20000 transient + 1000 recorded steps   ·   momentum β = 0.9   ·   ε = 0.01   ·   y = 10',
    );
    // GD's subtitle does not name its optimizer
    expect(bifurcationSubtitle(uvKind, gd)).toBe('100 grid points   ·   20000 transient + 1000 recorded steps   ·   ε = 0.01   ·   y = 10');
    // Adam: no onset (its threshold bounds λ_max(P⁻¹H)); the observable labelled
    const adam = sweepSpecSchema.parse({
      name: 'a',
      model: uv,
      optimizer: ADAM,
      sweep: { from: 0.5, to: 2.5, points: 100 },
      observable: 'eta_preconditioned_sharpness',
    });
    expect(uvKind.theoryOnset!(adam)).toBeNull();
    const adamConfig = bifurcationFigureConfig(bifurcationInput(uvKind, { ...sweep, spec: adam, layout: { ...layout, yMax: 50 } }));
    expect((adamConfig.options!.scales!.obs as { title: { text: string } }).title.text).toBe('η × λ_max(P⁻¹H)');
  });

  it('a β sweep names β as swept; minibatches and a swept batch size are named', () => {
    const spec = sweepSpecSchema.parse({
      name: 'b',
      model: uv,
      eta: 0.5,
      optimizer: MOMENTUM,
      sweep: { parameter: 'beta', from: 0, to: 0.95, points: 50 },
    });
    expect(bifurcationSubtitle(uvKind, spec)).toBe(
      '50 grid points   ·   20000 transient + 1000 recorded steps   ·   momentum β swept   ·   ε = 0.01   ·   y = 10   ·   η = 0.5',
    );
    expect(describeOptimizerSweeping(ADAM, 'beta1')).toBe('Adam β₁ swept, β₂ = 0.999, ε = 1e-8');
    expect(describeOptimizer(ADAM)).toBe('Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8');
    expect(describeBatch({ size: 16, seed: 1, order: 'shuffle' }, true)).toBe('batch size swept, shuffled, seed 1');
  });
});

describe('phase curves under momentum', () => {
  const base = {
    name: 'p',
    model: uv,
    grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 8 }, y: { parameter: 'target', from: 1, to: 20, points: 6 } },
  };

  it('every η boundary of GD moves by 2(1 + β)/2 = 1.9; Adam has none', () => {
    const gd = uvPhaseCurves(phaseSpecSchema.parse(base));
    const momentum = uvPhaseCurves(phaseSpecSchema.parse({ ...base, optimizer: MOMENTUM }));
    expect(momentum.map((c) => c.label)).toEqual(['η λ₀ = 2(1 + β)', 'η = 2(1 + β)/(2√ε|y|)', 'η λ∞(gradient flow) = 2(1 + β)']);
    for (const yv of [1, 4.5, 20])
      for (const [i, c] of momentum.entries()) expect(relative(c.xOf(yv), 1.9 * gd[i].xOf(yv))).toBeLessThan(1e-14);
    expect(uvPhaseCurves(phaseSpecSchema.parse({ ...base, optimizer: ADAM }))).toEqual([]);
  });

  it('a β axis: ηλ₀ = 2(1 + β) with the model unchanged', () => {
    const spec = phaseSpecSchema.parse({
      ...base,
      optimizer: MOMENTUM,
      grid: { ...base.grid, y: { parameter: 'beta', from: 0, to: 0.9, points: 4 } },
    });
    const [initial] = uvPhaseCurves(spec);
    const ntk0 = 0.2; // the spec's init
    for (const beta of [0, 0.3, 0.9]) expect(relative(initial.xOf(beta), (2 * (1 + beta)) / ntk0)).toBeLessThan(1e-14);
  });
});

describe('the optimizer in the run’s metadata', () => {
  it('stabilityThresholdOf, thresholdAlong and optimizerMetadata', () => {
    expect(optimizerMetadata(MOMENTUM)).toEqual({
      kind: 'momentum',
      beta: 0.9,
      threshold: { value: 3.8, on: 'sharpness', formula: '2(1 + β)' },
    });
    expect(stabilityThresholdOf({ kind: 'gd' })).toEqual({ value: 2, on: 'sharpness', formula: '2' });
    expect(thresholdAlong(MOMENTUM, 'eta')).toBeNull();
    expect(thresholdAlong(MOMENTUM, 'beta')!(0.5)).toBe(3);
    // outside [0, 1) β has no threshold: a figure's axis reaches half a cell past the grid
    expect(thresholdAlong(MOMENTUM, 'beta')!(-0.001)).toBeNaN();
    expect(thresholdAlong(MOMENTUM, 'beta')!(1)).toBeNaN();
    const [curve] = stabilityReferences(
      { parameter: 'beta', observable: 'eta_sharpness', optimizer: MOMENTUM },
      { min: -0.01, max: 0.9 },
      { min: 0, max: 5 },
    );
    expect(Math.min(...curve.data.map((p) => p.x))).toBeGreaterThanOrEqual(0);
  });

  it('a momentum sweep’s attractors.json summary records the optimizer and its threshold 2(1 + β) = 3.8', () => {
    const dir = tempDir();
    const file = join(dir, 'm.json');
    const spec = {
      name: 'm',
      model: uv,
      optimizer: MOMENTUM,
      sweep: { from: 1, to: 2.5, points: 8 },
      transient: 100,
      record: 32,
      period: { max: 8 },
      image: { width: 400, height: 300 },
    };
    writeFileSync(file, JSON.stringify(spec));
    const result = runCli(['sweep', file, '--out', join(dir, 'out'), '--quiet', '--workers', '1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'm.attractors.json'), 'utf8'));
    expect(json.summary.optimizer).toEqual({
      kind: 'momentum',
      beta: 0.9,
      threshold: { value: 3.8, on: 'sharpness', formula: '2(1 + β)' },
    });
  });
});
