import type { TrainingFigureInput } from '../../kind/trajectory.js';
import { describeMlp } from './describe.js';
import { LOSS_LABELS } from './loss/loss.js';
import type { MlpModelSpec } from './spec-schema.js';

/** An mlp's figure input from its trajectory columns (NaN where sharpness and ntk were skipped). */
export function mlpTrajectoryFigureInput(
  title: string,
  model: MlpModelSpec,
  parameterCount: number,
  eta: number,
  t: { columns: Record<'loss' | 'sharpness' | 'ntk', Float64Array>; length: number; divergedAtStep: number | null },
): TrainingFigureInput {
  const { loss, sharpness, ntk } = t.columns;
  return {
    title,
    subtitleParts: [describeMlp(model), `P = ${parameterCount}`],
    eta,
    length: t.length,
    divergedAtStep: t.divergedAtStep,
    loss: (i) => loss[i],
    sharpness: (i) => sharpness[i],
    ntk: (i) => ntk[i],
    lossLabel: LOSS_LABELS[model.loss ?? 'mse'], // a hand-built spec may leave the default out
    ntkLabel: 'NTK eigenvalue (top of JᵀJ/n)',
  };
}
