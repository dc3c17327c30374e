import type { TrainingFigureInput } from '../../kind/trajectory.js';
import type { OptimizerSpec } from '../../optimizers/optimizer.js';
import { formatNumber } from '../../render/style.js';
import { uvLoss, uvSharpness } from './sharpness.js';
import type { Trajectory } from './trajectory.js';
import type { ScheduleShape } from '../../schedules/schedule.js';
import { scheduleForFigure } from '../../schedules/describe-schedule.js';

/**
 * The UV model's figure input from its (f, λ) trajectory, with λ_max(P⁻¹H) per step for adaptive
 * optimizers (`preconditioned`).
 */
export function uvTrajectoryFigureInput(
  title: string,
  t: Trajectory,
  c: { eta: number; eps: number; target: number; engine: string; optimizer?: OptimizerSpec; schedule?: ScheduleShape; steps?: number },
  preconditioned?: Float64Array,
): TrainingFigureInput {
  const schedule = scheduleForFigure(c);
  return {
    title,
    subtitleParts: [`ε = γ²‖x‖² = ${formatNumber(c.eps)}`, `y = ${formatNumber(c.target)}`, `engine: ${c.engine}`],
    eta: c.eta,
    ...(schedule ? { schedule } : {}),
    optimizer: c.optimizer,
    ...(preconditioned ? { preconditionedSharpness: (i: number) => preconditioned[i] } : {}),
    length: t.length,
    divergedAtStep: t.divergedAtStep,
    loss: (i) => uvLoss(t.f[i], c.target),
    sharpness: (i) => uvSharpness(t.f[i], t.ntk[i], c.eps, c.target),
    ntk: (i) => t.ntk[i],
    lossLabel: 'loss ½(f − y)²',
    ntkLabel: 'NTK eigenvalue λ',
  };
}
