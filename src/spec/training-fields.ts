import { OPTIMIZER_SWEEP_PARAMETERS } from '../optimizers/create-optimizer.js';
import { batchSchema, optimizerSchema } from '../optimizers/spec-schema.js';
import type { ModelKindInfo, ReportIssue } from '../kind/model-kind-info.js';
import type { OptimizerSpec } from '../optimizers/optimizer.js';
import { wholeGridValueIssue } from '../sweep/grid.js';
import type { GridAxis } from './sweep-spec.js';

/**
 * The training rule of a spec, beside `eta`: the optimizer (default plain GD, so every older spec
 * runs unchanged) and the minibatches (default the full batch). Shared by sweep, phase and
 * trajectory specs.
 */
export const trainingFields = {
  optimizer: optimizerSchema,
  batch: batchSchema.optional(),
};

/** What the checks read of a spec's training fields. */
interface TrainingFields {
  model: { kind: string };
  optimizer: OptimizerSpec;
  batch?: { size: number };
}

/** The sweep parameters a spec's training rule adds: the optimizer's rates, and batchSize with minibatches. */
export function trainingSweepParameters(spec: TrainingFields, kind: ModelKindInfo): string[] {
  if (!kind.gradientDescent) return [];
  return [...OPTIMIZER_SWEEP_PARAMETERS[spec.optimizer.kind], ...(spec.batch !== undefined ? ['batchSize'] : [])];
}

/** Checks the training fields against the model kind: maps have no optimizer, one example has no minibatches. */
export function checkTrainingFields(spec: TrainingFields, kind: ModelKindInfo, report: ReportIssue): void {
  if (!kind.gradientDescent) {
    if (spec.optimizer.kind !== 'gd')
      report(['optimizer'], `an optimizer trains a model by gradient (uv, mlp); a ${spec.model.kind} map iterates itself: remove this field`);
    if (spec.batch !== undefined) report(['batch'], `minibatches belong to models trained on data (mlp); a ${spec.model.kind} map has none`);
    return;
  }
  if (spec.batch !== undefined && !kind.minibatches)
    report(['batch'], `the ${spec.model.kind} model trains on one example, so it has no minibatches: remove this field`);
}

/** A grid axis over a training parameter must stay where the parameter is defined. */
export function checkTrainingAxis(axis: GridAxis & { parameter?: string }, path: (string | number)[], report: ReportIssue): void {
  const name = axis.parameter;
  if (name === 'beta' || name === 'beta1' || name === 'rho') {
    if (!(axis.from >= 0)) report([...path, 'from'], `${name} must stay in [0, 1), got from = ${axis.from}`);
    if (!(axis.to < 1)) report([...path, 'to'], `${name} must stay in [0, 1), got to = ${axis.to}`);
  }
  if (name === 'batchSize') {
    if (!(axis.from >= 1)) report([...path, 'from'], `batchSize must stay ≥ 1, got from = ${axis.from}`);
    const issue = wholeGridValueIssue(axis, 'batchSize');
    if (issue) report(path, issue);
  }
}
