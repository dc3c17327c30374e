import { OPTIMIZER_SWEEP_PARAMETERS } from '../optimizers/create-optimizer.js';
import { batchSchema, optimizerSchema } from '../optimizers/spec-schema.js';
import type { ModelKindInfo, ReportIssue } from '../kind/model-kind-info.js';
import type { OptimizerSpec } from '../optimizers/optimizer.js';
import { wholeGridValueIssue } from '../sweep/grid.js';
import type { GridAxis } from './sweep-spec.js';
import { rateOf, type ScheduleShape } from '../schedules/schedule.js';
import { checkSchedule, scheduleSweepParameters } from '../schedules/spec-schema.js';

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
  schedule?: ScheduleShape;
}

/** The sweep parameters a spec's training rule adds: the optimizer's rates, and batchSize with minibatches. */
export function trainingSweepParameters(spec: TrainingFields, kind: ModelKindInfo): string[] {
  if (!kind.gradientDescent) return [];
  return [
    ...OPTIMIZER_SWEEP_PARAMETERS[spec.optimizer.kind],
    ...(spec.batch !== undefined ? ['batchSize'] : []),
    ...scheduleSweepParameters(spec.schedule),
  ];
}

/** Checks the training fields against the model kind: maps have no optimizer, one example has no minibatches. */
export function checkTrainingFields(spec: TrainingFields, kind: ModelKindInfo, report: ReportIssue): void {
  if (!kind.gradientDescent) {
    if (spec.optimizer.kind !== 'gd')
      report(
        ['optimizer'],
        `an optimizer trains a model by gradient (uv, mlp); a ${spec.model.kind} map iterates itself: remove this field`,
      );
    if (spec.batch !== undefined)
      report(['batch'], `minibatches belong to models trained on data (mlp); a ${spec.model.kind} map has none`);
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
  if (name === 'warmupSteps') {
    if (!(axis.from >= 0)) report([...path, 'from'], `warmupSteps must stay ≥ 0, got from = ${axis.from}`);
    const issue = wholeGridValueIssue(axis, 'warmupSteps');
    if (issue) report(path, issue);
  }
  if (name === 'batchSize') {
    if (!(axis.from >= 1)) report([...path, 'from'], `batchSize must stay ≥ 1, got from = ${axis.from}`);
    const issue = wholeGridValueIssue(axis, 'batchSize');
    if (issue) report(path, issue);
  }
}

/**
 * A sweep point's schedule must fit its run and be constant through the record: a decaying rate
 * has no attractor. Checked at the grid's extremes (the smallest peak for `final`, the largest for
 * a decay, the longest warmup); `axes` are the sweep's one or a phase diagram's two, each with its path in the spec.
 * When the longest warmup is an axis's, its `to` is what to change, and the error names it.
 */
export function checkSweepSchedule(
  spec: { eta?: number; transient: number; record: number },
  axes: readonly { axis: GridAxis & { parameter?: string }; path: (string | number)[] }[],
  schedule: ScheduleShape,
  report: ReportIssue,
): void {
  const lastStep = spec.transient + spec.record - 1;
  const axisOf = (name: string) => axes.find((a) => a.axis.parameter === name);
  const etaAxis = axisOf('eta')?.axis;
  const warmupAxis = 'warmupSteps' in schedule ? axisOf('warmupSteps') : undefined;
  const peak = etaAxis ? Math.min(etaAxis.from, etaAxis.to) : spec.eta;
  const longest = warmupAxis
    ? ({ ...schedule, warmupSteps: Math.max(warmupAxis.axis.from, warmupAxis.axis.to) } as ScheduleShape)
    : schedule;
  const reportAt = (path: (string | number)[], message: string) =>
    report(warmupAxis && path[1] === 'warmupSteps' ? [...warmupAxis.path, 'to'] : path, message);
  checkSchedule(longest, peak, lastStep, reportAt);
  // constant through the record at every point: a cosine whose final equals the smallest swept
  // peak still decays at every larger one, so the largest peak decides
  const largestPeak = etaAxis ? Math.max(etaAxis.from, etaAxis.to) : spec.eta;
  const from = rateOf(largestPeak ?? 1, longest, lastStep).constantFrom(lastStep);
  if (from > spec.transient) {
    if (!Number.isFinite(from)) {
      report(
        ['eta', 'schedule'],
        `a ${schedule.schedule} schedule changes η up to the last step, so the record has no constant η and no attractor: sweep a schedule with a constant tail (linear-warmup, or step with factor 1), or run a trajectory`,
      );
      return;
    }
    const lengthen = `a sweep records its attractor only where η is constant; lengthen the transient to at least ${from}`;
    if (longest.schedule === 'linear-warmup') {
      // W steps of warmup reach the peak at step W − 1: the warmup is what to shorten
      reportAt(
        ['eta', 'warmupSteps'],
        `a warmup of ${longest.warmupSteps} steps changes η until step ${from}, past the transient (${spec.transient} steps): ${lengthen}, or warm up over at most ${spec.transient + 1} steps`,
      );
    } else {
      report(
        ['eta', 'schedule'],
        `a ${schedule.schedule} schedule changes η until step ${from}, past the transient (${spec.transient} steps): ${lengthen}`,
      );
    }
  }
}
