import { uvLoss, uvSharpness } from './sharpness.js';
import type { Trajectory } from './trajectory.js';

/** Columns of a UV trajectory table, in order (the CSV's and the library's). */
export const UV_TRAJECTORY_COLUMNS = ['step', 'loss', 'f', 'residual', 'ntk', 'sharpness', 'eta_sharpness'] as const;

/** Row i of a UV trajectory table, in UV_TRAJECTORY_COLUMNS order. */
export function uvTrajectoryRow(t: Trajectory, i: number, eta: number, eps: number, target: number): number[] {
  const f = t.f[i];
  const ntk = t.ntk[i];
  const sharp = uvSharpness(f, ntk, eps, target);
  return [i, uvLoss(f, target), f, f - target, ntk, sharp, eta * sharp];
}
