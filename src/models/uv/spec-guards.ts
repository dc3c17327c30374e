import type { SweepSpec, UvSweepSpec } from '../../spec/sweep-spec.js';
import type { TrajectorySpec, UvTrajectorySpec } from '../../spec/trajectory-spec.js';

/** Whether a validated trajectory spec is the UV model's (then eta is present). */
export function isUvTrajectory(spec: TrajectorySpec): spec is UvTrajectorySpec {
  return spec.model.kind === 'uv';
}

/** Whether a validated sweep spec is the UV model's. */
export function isUvSweep(spec: SweepSpec): spec is UvSweepSpec {
  return spec.model.kind === 'uv';
}
