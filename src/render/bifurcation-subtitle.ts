import type { ModelKindInfo } from '../kind/model-kind-info.js';
import type { SweepSpec } from '../spec/sweep-spec.js';

/** The line under a bifurcation diagram's title: grid, steps and the model kind's fixed settings. */
export function bifurcationSubtitle(kind: ModelKindInfo, spec: SweepSpec): string {
  return [`${spec.sweep.points} grid points`, `${spec.transient} transient + ${spec.record} recorded steps`, ...kind.summary(spec)].join(
    '   ·   ',
  );
}
