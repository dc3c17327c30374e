import type { TrainingFigureInput } from '../../kind/trajectory.js';
import { formatNumber } from '../../render/style.js';
import { uvLoss, uvSharpness } from './sharpness.js';
import type { Trajectory } from './trajectory.js';

/** The UV model's figure input from its function-space trajectory. */
export function uvTrajectoryFigureInput(
  title: string,
  t: Trajectory,
  c: { eta: number; eps: number; target: number; engine: string },
): TrainingFigureInput {
  return {
    title,
    subtitleParts: [`ε = γ²‖x‖² = ${formatNumber(c.eps)}`, `y = ${formatNumber(c.target)}`, `engine: ${c.engine}`],
    eta: c.eta,
    length: t.length,
    divergedAtStep: t.divergedAtStep,
    loss: (i) => uvLoss(t.f[i], c.target),
    sharpness: (i) => uvSharpness(t.f[i], t.ntk[i], c.eps, c.target),
    ntk: (i) => t.ntk[i],
    lossLabel: 'loss ½(f − y)²',
    ntkLabel: 'NTK eigenvalue λ',
  };
}
