import { z } from 'zod';
import { modelSchema, type ModelSpec, type UvModelSpec } from './model-schema.js';
import { specHeader } from './spec-header.js';
import { quoteText } from './spec-error.js';
import { SWEEP_DEFAULTS } from './limits.js';
import { checkInitialConditions, initialConditionsSchema } from './initial-conditions.js';
import { modelKindOf } from '../models/registry.js';
import { checkTrainingAxis, checkTrainingFields, checkSweepSchedule, trainingFields, trainingSweepParameters } from './training-fields.js';
import { etaSchema, splitEta } from '../schedules/spec-schema.js';
import type { ScheduleShape } from '../schedules/schedule.js';

/** Models trained by gradient descent: η is theirs, top-level in the spec (unless swept). */
export function isGradientDescentModel(model: { kind: string }): boolean {
  return modelKindOf(model).info.gradientDescent;
}

/** Bounds that keep a mistyped sweep from running for days or filling the disk. */
export const SWEEP_LIMITS = {
  points: 10_000_000,
  steps: 100_000_000,
  /** grid points × (transient + record): about an hour on two cores */
  totalSteps: 1e12,
  recordSteps: 1_000_000,
  periodMax: 4096,
  imageSide: 8000,
} as const;

export { UV_OBSERVABLES, UV_SWEEP_PARAMETERS, type UvObservable, type UvSweepParameter } from '../models/uv/names.js';

/** Parameters a sweep may vary and observables it may plot, for a model. */
export function sweepNames(model: ModelSpec): { parameters: readonly string[]; observables: readonly string[] } {
  return modelKindOf(model).info.names(model);
}

/** What an adaptive optimizer's sweep may plot besides the model's observables: λ_max(P⁻¹H) and η times it. */
export const PRECONDITIONED_OBSERVABLES = ['eta_preconditioned_sharpness', 'preconditioned_sharpness'] as const;

/** The parameters and observables of a spec: its model's, and those its training rule adds (β, batchSize, …). */
export function sweepNamesOf(spec: {
  model: ModelSpec;
  optimizer: z.output<typeof trainingFields.optimizer>;
  batch?: { size: number };
  schedule?: ScheduleShape;
}): { parameters: readonly string[]; observables: readonly string[] } {
  const kind = modelKindOf(spec.model).info;
  const names = kind.names(spec.model);
  const preconditioned = kind.gradientDescent && (spec.optimizer.kind === 'adam' || spec.optimizer.kind === 'rmsprop');
  return {
    parameters: [...names.parameters, ...trainingSweepParameters(spec, kind)],
    observables: preconditioned ? [...names.observables, ...PRECONDITIONED_OBSERVABLES] : names.observables,
  };
}

export const gridAxisSchema = z.strictObject({
  /** default: eta for the UV model, else the map's first parameter */
  parameter: z.string().optional(),
  from: z.number(),
  to: z.number(),
  points: z.number().int().min(2).max(SWEEP_LIMITS.points),
  spacing: z.enum(['linear', 'log']).default('linear'),
});

export const sweepSpecSchema = z
  .strictObject({
    ...specHeader,
    model: modelSchema,
    /** the learning rate (or its schedule), required unless it is the swept parameter (then the schedule's peak is swept) */
    eta: etaSchema.optional(),
    ...trainingFields,
    sweep: gridAxisSchema,
    /** steps iterated and discarded before the attractor is recorded */
    transient: z.number().int().min(0).max(SWEEP_LIMITS.steps).default(SWEEP_DEFAULTS.transient),
    /** steps recorded as the attractor (period detection, Lyapunov exponents, the diagram) */
    record: z.number().int().min(16).max(SWEEP_LIMITS.recordSteps).default(SWEEP_DEFAULTS.record),
    period: z
      .strictObject({
        /** largest period looked for */
        max: z.number().int().min(1).max(SWEEP_LIMITS.periodMax).default(64),
        /** states p steps apart match when they differ by at most tol × the attractor's scale */
        tol: z.number().positive().max(0.1).default(1e-6),
      })
      .prefault({}),
    /** a state with |f| or λ above this, or not finite, has diverged */
    divergenceBound: z.number().positive().default(1e8),
    lyapunov: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** |λ_max| ≤ zeroTolerance counts as zero (quasiperiodic when no period is found) */
        zeroTolerance: z.number().positive().default(1e-3),
        /** mlp: how many exponents of the GD map (default 1, the largest); maps always give their full spectrum */
        exponents: z.number().int().min(1).max(64).optional(),
      })
      .prefault({}),
    /** several starts per grid point: attractor fractions (src/spec/initial-conditions.ts) */
    initialConditions: initialConditionsSchema.optional(),
    /** default: eta_sharpness for the UV model, else the map's first variable */
    observable: z.string().optional(),
    /** cascade command: how many period doublings to locate */
    cascade: z.strictObject({ levels: z.number().int().min(1).max(14).default(8) }).prefault({}),
    /** sweep command: mark the period-doubling points found in the range on the diagram */
    markCascade: z.boolean().default(false),
    image: z
      .strictObject({
        width: z.number().int().min(400).max(SWEEP_LIMITS.imageSide).default(1600),
        height: z.number().int().min(300).max(SWEEP_LIMITS.imageSide).default(1100),
        /** y range of the diagram; default: from a pilot run over a subset of the grid */
        yRange: z.tuple([z.number(), z.number()]).optional(),
      })
      .prefault({}),
  })
  .transform((raw) => {
    const spec = { ...raw, ...splitEta(raw.eta) };
    const names = sweepNamesOf(spec);
    return {
      ...spec,
      sweep: {
        ...spec.sweep,
        parameter: spec.sweep.parameter ?? (isGradientDescentModel(spec.model) ? 'eta' : (names.parameters[0] ?? '')),
      },
      observable: spec.observable ?? (isGradientDescentModel(spec.model) ? 'eta_sharpness' : names.observables[0]),
    };
  })
  .superRefine((spec, ctx) => {
    const { sweep } = spec;
    const names = sweepNamesOf(spec);
    if (!names.parameters.includes(sweep.parameter)) {
      const message = names.parameters.length
        ? `expected one of ${names.parameters.map((n) => JSON.stringify(n)).join(', ')}, got ${quoteText(sweep.parameter)}`
        : 'this map has no parameters to sweep';
      ctx.addIssue({ code: 'custom', path: ['sweep', 'parameter'], message });
      return;
    }
    if (!names.observables.includes(spec.observable)) {
      ctx.addIssue({
        code: 'custom',
        path: ['observable'],
        message: `expected one of ${names.observables.map((n) => JSON.stringify(n)).join(', ')}, got ${quoteText(spec.observable)}`,
      });
    }
    if (!(sweep.from < sweep.to)) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'to'], message: `expected to > from (${sweep.from}), got ${sweep.to}` });
    }
    if (sweep.spacing === 'log' && !(sweep.from > 0)) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'from'], message: `log spacing needs from > 0, got ${sweep.from}` });
    }
    const kind = modelKindOf(spec.model).info;
    const positiveParameters = kind.positiveParameters;
    if (positiveParameters.includes(sweep.parameter) && !(sweep.from > 0)) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'from'], message: `${sweep.parameter} must stay > 0, got from = ${sweep.from}` });
    }
    const gd = isGradientDescentModel(spec.model);
    if (!gd) {
      // a schedule without a peak leaves eta undefined: it too would be ignored
      if (spec.eta !== undefined || spec.schedule !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['eta'],
          message: `eta belongs to models trained by GD (uv, mlp); a ${spec.model.kind} map takes its parameters in model.parameters`,
        });
    } else if (sweep.parameter !== 'eta' && spec.eta === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['eta'],
        message: `missing; expected a number > 0 (the learning rate, since the sweep varies ${sweep.parameter})`,
      });
    }
    if (!kind.exponentsChosen && spec.lyapunov.exponents !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['lyapunov', 'exponents'],
        message: `only mlp sweeps take a number of exponents; a ${spec.model.kind} map always gives its full spectrum`,
      });
    }
    if (gd && sweep.parameter === 'eta' && spec.eta !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['eta'], message: 'the sweep varies eta; remove this field or sweep another parameter' });
    }
    if (spec.period.max >= spec.record / 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['period', 'max'],
        message: `expected period.max < record / 2 = ${spec.record / 2}, got ${spec.period.max}`,
      });
    }
    const total = sweep.points * (spec.transient + spec.record);
    if (total > SWEEP_LIMITS.totalSteps) {
      ctx.addIssue({
        code: 'custom',
        path: ['sweep', 'points'],
        message: `points × (transient + record) = ${total.toExponential(2)} steps; expected at most ${SWEEP_LIMITS.totalSteps.toExponential(0)}`,
      });
    }
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkTrainingFields(spec, kind, report);
    checkTrainingAxis(sweep, ['sweep'], report);
    if (spec.schedule) checkSweepSchedule(spec, [{ axis: sweep, path: ['sweep'] }], spec.schedule, report);
    kind.checkSweep?.(spec, report);
    checkInitialConditions(spec, kind, SWEEP_LIMITS.totalSteps, report);
    const range = spec.image.yRange;
    if (range && !(range[0] < range[1])) {
      ctx.addIssue({
        code: 'custom',
        path: ['image', 'yRange'],
        message: `expected [low, high] with low < high, got [${range[0]}, ${range[1]}]`,
      });
    }
  });

export type SweepSpec = z.output<typeof sweepSpecSchema>;
/** A sweep spec of the UV model. */
export type UvSweepSpec = SweepSpec & { model: UvModelSpec };

export { isUvSweep } from '../models/uv/spec-guards.js';
export type GridAxis = z.output<typeof gridAxisSchema>;
