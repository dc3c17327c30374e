import type { SweepSpec } from '../../spec/sweep-spec.js';
import { GridPointError, gridPointValues, type ChunkResult, type ChunkTask } from '../../sweep/chunk.js';
import { ChunkCancelled } from '../../sweep/chunk-cancel.js';
import { PointResults } from '../../sweep/point-results.js';
import { trainingPointSettings } from '../../training/point-settings.js';
import { trainPoint, type TrainingPoint, type TrainingRecorder } from '../../training/train-point.js';
import { MLP_RECORDED } from './names.js';
import type { MlpModelSpec } from './spec-schema.js';
import { mlpTrainingProblem } from './training-problem.js';
import { setupMlp, type MlpVariation } from './training-setup.js';

export type MlpSweepSpec = SweepSpec & { model: MlpModelSpec };

/** What a grid point trains: the network with the point's variation, and its training rule (a sweep's one value, or a phase cell's two). */
export function mlpPoint(spec: MlpSweepSpec, values: Readonly<Record<string, number>>): TrainingPoint {
  const { rate, optimizer, batch, model } = trainingPointSettings(spec, values);
  return { problem: mlpTrainingProblem(setupMlp(spec.model, '(spec)', model as MlpVariation)), optimizer, eta: rate, batch };
}

/** An mlp records (f, loss, sharpness) and the weights' drift over the period. */
function mlpRecorder(observable: string): TrainingRecorder {
  return {
    components: MLP_RECORDED.length,
    drift: true,
    sample(q, states, record, t) {
      const loss = q.loss;
      const sharp = q.sharpness();
      const f = q.output;
      states[t] = f;
      states[record + t] = loss;
      states[2 * record + t] = sharp;
      switch (observable) {
        case 'eta_sharpness':
          return q.eta * sharp;
        case 'sharpness':
          return sharp;
        case 'loss':
          return loss;
        case 'preconditioned_sharpness':
          return q.preconditionedSharpness();
        case 'eta_preconditioned_sharpness':
          return q.eta * q.preconditionedSharpness();
        default:
          return f;
      }
    },
  };
}

/**
 * Grid points of an mlp sweep, one after another: train `transient` GD steps, then record
 * `record` steps of (f, loss, sharpness) with the top `lyapunov.exponents` Lyapunov exponents of
 * the GD map (the frame carried through I − ηH, one HVP per exponent and step, warmed up like the
 * maps' tangent frames). A point's numbers depend only on the spec and its grid value.
 *
 * The diagram's samples go back as `series` (record values per point) rather than into a raster:
 * an mlp sweep has few, costly points, so the main thread bins them once their range is known,
 * instead of paying for a pilot run.
 */
export function computeMlpChunk(task: ChunkTask & { spec: MlpSweepSpec }): ChunkResult {
  const { spec } = task;
  const k = MLP_RECORDED.length;
  const exponents = spec.lyapunov.exponents ?? 1;
  const results = new PointResults({ ...task, raster: null }, k, exponents, 1);
  const record = spec.record;
  const series = new Float64Array(results.n * record).fill(NaN);
  const recorder = mlpRecorder(spec.observable);
  const settings = { ...spec, sharpness: spec.model.sharpness };
  for (let i = 0; i < results.n; i++) {
    const index = results.indexOf(i);
    const values = gridPointValues(task, index);
    try {
      const point = mlpPoint(spec, values);
      trainPoint(point, settings, recorder, results, i, series.subarray(i * record, (i + 1) * record), task.plane, task.cancel);
    } catch (err) {
      if (err instanceof ChunkCancelled) throw err;
      throw new GridPointError(index, values, err);
    }
  }
  return { ...results.result(), series };
}
