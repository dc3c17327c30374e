import { z } from 'zod';
import { uvModelSchema } from '../models/uv/spec-schema.js';
import { mlpModelSchema } from '../models/mlp/spec-schema.js';
import { specHeader } from './spec-header.js';
import { quoteText } from './spec-error.js';
import { wholeGridValueIssue } from '../sweep/grid.js';
import { modelKindOf } from '../models/registry.js';
import { SWEEP_LIMITS, gridAxisSchema, sweepSpecSchema, type SweepSpec } from './sweep-spec.js';
import { checkSweepSchedule, checkTrainingAxis, checkTrainingFields, trainingFields, trainingSweepParameters } from './training-fields.js';
import { scheduleSchema, splitEta } from '../schedules/spec-schema.js';
import { OUTCOME_DEFAULTS } from '../sweep/training-outcome.js';

/** `outcome`: the thresholds of classify "outcome", multiples of each cell's initial loss L₀ (sweep/training-outcome.ts). */
const outcomeSchema = z.strictObject({
  /** trained: the final loss is at most trained · L₀ */
  trained: z.number().positive().lt(1).default(OUTCOME_DEFAULTS.trained),
  /** a catapult: the loss rose above catapult · L₀ on the way */
  catapult: z.number().gt(1).default(OUTCOME_DEFAULTS.catapult),
});

const axis = gridAxisSchema.extend({ parameter: z.string() });

export const phaseSpecSchema = z
  .strictObject({
    ...specHeader,
    model: z.discriminatedUnion('kind', [uvModelSchema, mlpModelSchema]),
    ...trainingFields,
    /** a schedule's shape, its peak the grid's x (eta) */
    eta: scheduleSchema.optional(),
    grid: z.strictObject({ x: axis, y: axis }),
    transient: z.number().int().min(0).max(SWEEP_LIMITS.steps).default(5_000),
    record: z.number().int().min(16).max(SWEEP_LIMITS.recordSteps).default(512),
    period: z
      .strictObject({
        max: z.number().int().min(1).max(SWEEP_LIMITS.periodMax).default(32),
        tol: z.number().positive().max(0.1).default(1e-6),
      })
      .prefault({}),
    divergenceBound: z.number().positive().default(1e8),
    lyapunov: z.strictObject({ enabled: z.boolean().default(true), zeroTolerance: z.number().positive().default(1e-3) }).prefault({}),
    /** early-time sharpness trend: compare the sharpness after `steps` with the initial one */
    early: z
      .strictObject({ steps: z.number().int().min(1).default(100), threshold: z.number().positive().max(1).default(0.1) })
      .prefault({}),
    /**
     * What the upper panel classifies: "regime" (default), the long-run regime shaded by the early
     * sharpness trend; or "outcome", whether training trained, went through a catapult, got stuck
     * or diverged (thresholds in `outcome`). Absent keys stay absent, so older specs parse as before.
     */
    classify: z.enum(['regime', 'outcome']).optional(),
    outcome: outcomeSchema.optional(),
    image: z
      .strictObject({
        width: z.number().int().min(400).max(SWEEP_LIMITS.imageSide).default(1600),
        height: z.number().int().min(300).max(SWEEP_LIMITS.imageSide).default(1400),
      })
      .prefault({}),
  })
  .transform((raw) => ({
    ...raw,
    ...splitEta(raw.eta),
    // by outcome, the thresholds with their defaults filled in; `outcome` present means classify by outcome
    ...(raw.classify === 'outcome' ? { outcome: outcomeSchema.parse(raw.outcome ?? {}) } : {}),
  }))
  .superRefine((spec, ctx) => {
    const { x, y } = spec.grid;
    if (x.parameter !== 'eta')
      ctx.addIssue({
        code: 'custom',
        path: ['grid', 'x', 'parameter'],
        message: `expected "eta" (the learning rate is the x axis), got ${JSON.stringify(x.parameter)}`,
      });
    const kind = modelKindOf(spec.model).info;
    const yParameters: readonly string[] = [...(kind.phaseAxes ?? []), ...trainingSweepParameters(spec, kind)];
    if (!yParameters.includes(y.parameter)) {
      ctx.addIssue({
        code: 'custom',
        path: ['grid', 'y', 'parameter'],
        message: `expected one of ${yParameters.map((p) => JSON.stringify(p)).join(', ')}, got ${quoteText(y.parameter)}`,
      });
    }
    for (const [name, a] of [
      ['x', x],
      ['y', y],
    ] as const) {
      if (!(a.from < a.to))
        ctx.addIssue({ code: 'custom', path: ['grid', name, 'to'], message: `expected to > from (${a.from}), got ${a.to}` });
      if (a.spacing === 'log' && !(a.from > 0))
        ctx.addIssue({ code: 'custom', path: ['grid', name, 'from'], message: `log spacing needs from > 0, got ${a.from}` });
    }
    if (!(x.from > 0)) ctx.addIssue({ code: 'custom', path: ['grid', 'x', 'from'], message: `eta must stay > 0, got from = ${x.from}` });
    if (['width', 'ntk0', 'initScale', 'multiplier'].includes(y.parameter) && !(y.from > 0)) {
      ctx.addIssue({ code: 'custom', path: ['grid', 'y', 'from'], message: `${y.parameter} must stay > 0, got from = ${y.from}` });
    }
    if (y.parameter === 'width') {
      // γ = 1/√width: a fractional width is no network.
      const issue = wholeGridValueIssue(y, 'width');
      if (issue) ctx.addIssue({ code: 'custom', path: ['grid', 'y'], message: issue });
    }
    const cells = x.points * y.points;
    if (cells > 4_000_000)
      ctx.addIssue({ code: 'custom', path: ['grid'], message: `x.points × y.points = ${cells}; expected at most 4000000` });
    if (cells * (spec.transient + spec.record) > SWEEP_LIMITS.totalSteps) {
      ctx.addIssue({
        code: 'custom',
        path: ['grid'],
        message: `cells × (transient + record) exceeds ${SWEEP_LIMITS.totalSteps.toExponential(0)} steps`,
      });
    }
    if (spec.period.max >= spec.record / 2)
      ctx.addIssue({
        code: 'custom',
        path: ['period', 'max'],
        message: `expected period.max < record / 2 = ${spec.record / 2}, got ${spec.period.max}`,
      });
    if (spec.early.steps > spec.transient)
      ctx.addIssue({
        code: 'custom',
        path: ['early', 'steps'],
        message: `expected early.steps ≤ transient = ${spec.transient}, got ${spec.early.steps}`,
      });
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkTrainingFields(spec, kind, report);
    checkTrainingAxis(y, ['grid', 'y'], report);
    if (spec.eta !== undefined) report(['eta', 'peak'], 'the grid’s x axis varies the peak; remove this field');
    if (spec.schedule)
      checkSweepSchedule(
        { ...spec, eta: undefined },
        [
          { axis: x, path: ['grid', 'x'] },
          { axis: y, path: ['grid', 'y'] },
        ],
        spec.schedule,
        report,
      );
    if (spec.classify === 'outcome' && !kind.lossOutcomes) {
      report(['classify'], `the ${spec.model.kind} kind records no loss statistics; "outcome" needs an mlp (or classify "regime")`);
    }
    if (spec.outcome && spec.classify !== 'outcome')
      report(['outcome'], 'thresholds of classify "outcome"; add classify: "outcome" or remove this field');
    kind.checkPhase?.(spec, report);
  });

export type PhaseSpec = z.output<typeof phaseSpecSchema>;

/**
 * The sweep spec the engine runs for a phase diagram: the plane flattened into one grid of
 * x.points × y.points indices (the workers map each index back to its (x, y) cell).
 */
export function phaseAsSweep(spec: PhaseSpec): SweepSpec {
  const { x, y } = spec.grid;
  return sweepSpecSchema.parse({
    name: spec.name,
    model: spec.model,
    optimizer: spec.optimizer,
    batch: spec.batch,
    ...(spec.schedule ? { eta: spec.schedule } : {}),
    sweep: { parameter: 'eta', from: x.from, to: x.to, points: x.points * y.points, spacing: x.spacing },
    transient: spec.transient,
    record: spec.record,
    period: spec.period,
    divergenceBound: spec.divergenceBound,
    lyapunov: spec.lyapunov,
    observable: 'eta_sharpness',
  });
}
