import type { ModelKindInfo } from '../kind/model-kind-info.js';
import { describeTrainingRule } from '../optimizers/describe-optimizer.js';
import type { SweepSpec } from '../spec/sweep-spec.js';

/**
 * The line under a bifurcation diagram's title: grid, steps, the training rule when it is not plain
 * full-batch GD (the optimizer, the minibatches) and the model kind's fixed settings.
 */
export function bifurcationSubtitle(kind: ModelKindInfo, spec: SweepSpec): string {
  const training = kind.gradientDescent ? describeTrainingRule(spec.optimizer, spec.batch, spec.sweep.parameter) : [];
  return [
    `${spec.sweep.points} grid points`,
    `${spec.transient} transient + ${spec.record} recorded steps`,
    ...training,
    ...kind.summary(spec),
  ].join('   ·   ');
}
