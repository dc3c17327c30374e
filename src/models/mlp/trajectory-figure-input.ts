import type { TrainingFigureInput } from '../../kind/trajectory.js';
import { describeMlp } from './describe.js';
import { LOSS_LABELS } from './loss/loss.js';
import type { MlpTrajectorySpec } from '../../spec/trajectory-spec.js';
import { scheduleForFigure } from '../../schedules/describe-schedule.js';

/**
 * An mlp's figure input from its trajectory columns (NaN where sharpness and ntk were skipped);
 * `preconditioned_sharpness` is there for adaptive optimizers.
 */
export function mlpTrajectoryFigureInput(
  title: string,
  spec: Pick<MlpTrajectorySpec, 'model' | 'eta' | 'schedule' | 'steps' | 'optimizer' | 'batch'>,
  parameterCount: number,
  t: {
    columns: Record<'loss' | 'sharpness' | 'ntk', Float64Array> & { preconditioned_sharpness?: Float64Array };
    length: number;
    divergedAtStep: number | null;
  },
): TrainingFigureInput {
  const { loss, sharpness, ntk, preconditioned_sharpness: preconditioned } = t.columns;
  const schedule = scheduleForFigure(spec);
  return {
    title,
    subtitleParts: [describeMlp(spec.model), `P = ${parameterCount}`],
    eta: spec.eta,
    ...(schedule ? { schedule } : {}),
    optimizer: spec.optimizer,
    batch: spec.batch,
    ...(preconditioned ? { preconditionedSharpness: (i: number) => preconditioned[i] } : {}),
    length: t.length,
    divergedAtStep: t.divergedAtStep,
    loss: (i) => loss[i],
    sharpness: (i) => sharpness[i],
    ntk: (i) => ntk[i],
    lossLabel: LOSS_LABELS[spec.model.loss ?? 'mse'], // a hand-built spec may leave the default out
    ntkLabel: 'NTK eigenvalue (top of JᵀJ/n)',
  };
}
