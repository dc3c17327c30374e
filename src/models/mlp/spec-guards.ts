import type { MlpTrajectorySpec, TrajectorySpec } from '../../spec/trajectory-spec.js';

/** Whether a validated trajectory spec is an mlp's (then eta is present). */
export function isMlpTrajectory(spec: TrajectorySpec): spec is MlpTrajectorySpec {
  return spec.model.kind === 'mlp';
}
