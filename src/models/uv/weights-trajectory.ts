import { LANCZOS_DEFAULTS } from '../../analysis/lanczos.js';
import type { TrajectoryRun } from '../../kind/trajectory.js';
import { createOptimizer } from '../../optimizers/create-optimizer.js';
import { formatNumber } from '../../render/style.js';
import type { UvTrajectorySpec } from '../../spec/trajectory-spec.js';
import { runTrainingTrajectory, type TrainingQuantity } from '../../training/train-trajectory.js';
import { uvConstants } from './constants.js';
import { rateOf } from '../../schedules/schedule.js';
import { UV_TRAJECTORY_COLUMNS } from './trajectory-columns.js';
import { uvTrajectoryFigureInput } from './trajectory-figure-input.js';
import { uvTrainingProblem } from './training-problem.js';

/**
 * A UV trajectory under an optimizer other than GD: the explicit weights (U, v) trained by the
 * generic trainer, shown in the same columns as in function space (f, λ and the closed-form
 * sharpness), with λ_max(P⁻¹H) added for the adaptive optimizers.
 */
export function runUvWeightsTrajectory(spec: UvTrajectorySpec): TrajectoryRun {
  const { eps, target } = uvConstants(spec.model);
  const t = runTrainingTrajectory(uvTrainingProblem(spec.model), createOptimizer(spec.optimizer), {
    eta: spec.schedule ? rateOf(spec.eta, spec.schedule, spec.steps - 1) : spec.eta,
    steps: spec.steps,
    sharpnessEvery: 1,
    divergenceBound: spec.divergenceBound,
    sharpness: LANCZOS_DEFAULTS,
    ntk: true,
  });
  const c = t.columns;
  const residual = c.f.map((f) => f - target);
  const names = UV_TRAJECTORY_COLUMNS.flatMap((name): string[] => {
    if (name === 'step' && spec.schedule) return [name, 'eta'];
    return name === 'eta_sharpness' && t.preconditioned ? [name, 'preconditioned_sharpness', 'eta_preconditioned_sharpness'] : [name];
  });
  const column = (name: string) => (name === 'residual' ? residual : c[name as TrainingQuantity]).subarray(0, t.length);
  const last = t.length - 1;
  const cell = (name: string) => formatNumber(column(name)[last]);
  return {
    columnNames: names,
    columns: Object.fromEntries(names.map((name) => [name, column(name)])),
    length: t.length,
    divergedAtStep: t.divergedAtStep,
    figure: {
      type: 'training',
      input: uvTrajectoryFigureInput(
        spec.title ?? spec.name,
        { f: c.f, ntk: c.ntk, length: t.length, divergedAtStep: t.divergedAtStep },
        { eta: spec.eta, schedule: spec.schedule, steps: spec.steps, eps, target, engine: 'full', optimizer: spec.optimizer },
        t.preconditioned ? c.preconditioned_sharpness : undefined,
      ),
    },
    lastRow:
      last >= 0
        ? `step ${last}: loss ${cell('loss')}, f ${cell('f')}, ntk ${cell('ntk')}, sharpness ${cell('sharpness')}, eta*sharpness ${cell('eta_sharpness')}` +
          (t.preconditioned ? `, eta*preconditioned sharpness ${cell('eta_preconditioned_sharpness')}` : '')
        : null,
    divergence: 'the loss',
    files: [],
  };
}
