import type { UvSweepSpec } from '../../spec/sweep-spec.js';
import { GridPointError, gridPointValues, type ChunkResult, type ChunkTask } from '../../sweep/chunk.js';
import { ChunkCancelled } from '../../sweep/chunk-cancel.js';
import { PointResults } from '../../sweep/point-results.js';
import { LANCZOS_DEFAULTS } from '../../analysis/lanczos.js';
import { trainingPointSettings } from '../../training/point-settings.js';
import { trainPoint, type TrainingRecorder } from '../../training/train-point.js';
import { uvConstants } from './constants.js';
import { uvLoss, uvSharpness } from './sharpness.js';
import { uvTrainingProblem } from './training-problem.js';
import { uvModelAt } from './weights-model.js';

/**
 * UV grid points under an optimizer other than GD, or a learning-rate schedule. The function-space
 * map closes only under plain GD, and the four-lane kernels take one η per lane, so each point
 * trains the explicit weights (U, v) with the generic trainer: the recorded state
 * is (f, λ) as in function space, the sharpness its closed form, and the two Lyapunov exponents are
 * the top two of (θ, optimizer state).
 */
export function computeUvWeightsChunk(task: ChunkTask & { spec: UvSweepSpec }): ChunkResult {
  const { spec } = task;
  const results = new PointResults(task, 2);
  const record = spec.record;
  const settings = { ...spec, lyapunov: { ...spec.lyapunov, exponents: 2 }, sharpness: LANCZOS_DEFAULTS };
  const observed = new Float64Array(record);
  for (let i = 0; i < results.n; i++) {
    const index = results.indexOf(i);
    const values = gridPointValues(task, index);
    try {
      const { rate, optimizer, model } = trainingPointSettings(spec, values);
      const uv = uvModelAt(spec.model, model);
      const { eps, target } = uvConstants(uv);
      const problem = uvTrainingProblem(uv);
      trainPoint(
        { problem, optimizer, eta: rate },
        settings,
        uvRecorder(spec.observable, eps, target),
        results,
        i,
        observed,
        task.plane,
        task.cancel,
      );
    } catch (err) {
      if (err instanceof ChunkCancelled) throw err;
      throw new GridPointError(index, values, err);
    }
  }
  return results.result();
}

/** (f, λ) at each recorded step, and the observable as the function-space kernels compute it. */
function uvRecorder(observable: string, eps: number, target: number): TrainingRecorder {
  return {
    components: 2,
    drift: false,
    sample(q, states, record, t) {
      const f = q.output;
      const ntk = q.ntk();
      states[t] = f;
      states[record + t] = ntk;
      switch (observable) {
        case 'eta_sharpness':
          return q.eta * uvSharpness(f, ntk, eps, target);
        case 'sharpness':
          return uvSharpness(f, ntk, eps, target);
        case 'ntk':
          return ntk;
        case 'eta_ntk':
          return q.eta * ntk;
        case 'residual':
          return f - target;
        case 'loss':
          return uvLoss(f, target);
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
