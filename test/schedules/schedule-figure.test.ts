import { describe, expect, it } from 'vitest';
import { trajectory, type TrajectorySpecInput } from '../../src/api/index.js';
import { modelKindOf } from '../../src/models/registry.js';
import { stabilityThresholdOf } from '../../src/optimizers/stability-threshold.js';
import { trajectoryFigureConfig } from '../../src/render/trajectory-figure.js';

// The trajectory figure under a schedule, drawn from the table alone (the library's path): the
// threshold is the curve threshold/η_t at the table's own η_t (cut where it leaves the panel), on
// the sharpness panel under GD and momentum and on the preconditioned panel under Adam, and a
// panel shows η_t itself.
const model = { kind: 'mlp' as const, layers: [8], data: { dataset: 'digits' as const, classes: [0, 1], examples: 16 } };

async function figureOf(spec: TrajectorySpecInput) {
  const result = await trajectory(spec);
  const figure = await modelKindOf(result.spec.model).trajectory.figure(result.spec, result);
  if (figure.type !== 'training') throw new Error('a training figure');
  const datasets = trajectoryFigureConfig(figure.input).data.datasets as {
    label: string;
    yAxisID: string;
    data: { x: number; y: number }[];
  }[];
  return { eta: result.columns.eta, datasets, threshold: stabilityThresholdOf(result.spec.optimizer).value };
}

describe('the trajectory figure under a schedule', () => {
  const cases: [string, Partial<TrajectorySpecInput>, string, string][] = [
    ['GD, warmup-cosine', { eta: { schedule: 'warmup-cosine', peak: 1.2, warmupSteps: 20 } }, '2/η_t', 'sharp'],
    [
      'momentum, step decay',
      { eta: { schedule: 'step', peak: 1.3, every: 25, factor: 0.5 }, optimizer: { kind: 'momentum', beta: 0.9 } },
      '2(1 + β)/η_t',
      'sharp',
    ],
    [
      'Adam, linear warmup',
      { eta: { schedule: 'linear-warmup', peak: 1, warmupSteps: 30 }, optimizer: { kind: 'adam' } },
      '/η_t',
      'precond',
    ],
  ];
  for (const [label, fields, thresholdLabel, axis] of cases) {
    it(`${label}: the threshold curve is threshold/η_t of the eta column, and η_t has its panel`, async () => {
      const { eta, datasets, threshold } = await figureOf({ name: 't', model, steps: 150, ...fields } as TrajectorySpecInput);
      const curve = datasets.find((d) => d.label.endsWith(thresholdLabel) && d.yAxisID === axis);
      expect(curve, datasets.map((d) => `${d.label} @ ${d.yAxisID}`).join('; ')).toBeDefined();
      expect(curve!.data.length).toBeGreaterThan(10);
      for (const { x, y } of curve!.data) expect(y).toBe(threshold / eta[x]);
      const panel = datasets.find((d) => d.yAxisID === 'eta')!;
      expect(panel.data).toEqual(Array.from(eta, (y, x) => ({ x, y })));
      // only one threshold series: an adaptive optimizer's bounds λ_max(P⁻¹H), not the sharpness
      expect(datasets.filter((d) => d.label.endsWith('/η_t'))).toHaveLength(1);
    });
  }

  it('without a schedule: the threshold stays a line, and no η_t panel', async () => {
    const { datasets } = await figureOf({ name: 't', model, steps: 80, eta: 1.2 });
    expect(datasets.find((d) => d.label === '2/η')!.data).toEqual([
      { x: 0, y: 2 / 1.2 },
      { x: 80, y: 2 / 1.2 },
    ]);
    expect(datasets.some((d) => d.yAxisID === 'eta')).toBe(false);
  });
});
