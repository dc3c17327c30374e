import { z } from 'zod';
import { uvModelSchema } from './model-schema.js';
import { mlpModelSchema } from '../models/mlp/spec-schema.js';
import { specHeader } from './spec-header.js';
import { wholeGridValueIssue } from '../sweep/grid.js';
import { unrealisableStart } from '../sweep/uv-point.js';
import { SWEEP_LIMITS, gridAxisSchema, sweepSpecSchema, type SweepSpec } from './sweep-spec.js';

/** The second axis of a UV phase diagram. `initScale` multiplies the initial weights (σU and σV, or the realising weights of {f0, ntk0}); `width` sets γ = 1/√width. */
export const PHASE_Y_PARAMETERS = ['target', 'width', 'f0', 'ntk0', 'initScale', 'multiplier'] as const;
/** The second axis of an mlp phase diagram: init.scale, the output multiplier γ, or every hidden width. */
export const MLP_PHASE_Y_PARAMETERS = ['initScale', 'multiplier', 'width'] as const;

const axis = gridAxisSchema.extend({ parameter: z.string() });

export const phaseSpecSchema = z
  .strictObject({
    ...specHeader,
    model: z.discriminatedUnion('kind', [uvModelSchema, mlpModelSchema]),
    grid: z.strictObject({ x: axis, y: axis }),
    transient: z.number().int().min(0).max(SWEEP_LIMITS.steps).default(5_000),
    record: z.number().int().min(16).max(SWEEP_LIMITS.recordSteps).default(512),
    period: z.strictObject({ max: z.number().int().min(1).max(SWEEP_LIMITS.periodMax).default(32), tol: z.number().positive().max(0.1).default(1e-6) }).prefault({}),
    divergenceBound: z.number().positive().default(1e8),
    lyapunov: z.strictObject({ enabled: z.boolean().default(true), zeroTolerance: z.number().positive().default(1e-3) }).prefault({}),
    /** early-time sharpness trend: compare the sharpness after `steps` with the initial one */
    early: z.strictObject({ steps: z.number().int().min(1).default(100), threshold: z.number().positive().max(1).default(0.1) }).prefault({}),
    image: z.strictObject({ width: z.number().int().min(400).max(SWEEP_LIMITS.imageSide).default(1600), height: z.number().int().min(300).max(SWEEP_LIMITS.imageSide).default(1400) }).prefault({}),
  })
  .superRefine((spec, ctx) => {
    const { x, y } = spec.grid;
    if (x.parameter !== 'eta') ctx.addIssue({ code: 'custom', path: ['grid', 'x', 'parameter'], message: `expected "eta" (the learning rate is the x axis), got ${JSON.stringify(x.parameter)}` });
    const yParameters: readonly string[] = spec.model.kind === 'mlp' ? MLP_PHASE_Y_PARAMETERS : PHASE_Y_PARAMETERS;
    if (!yParameters.includes(y.parameter)) {
      ctx.addIssue({ code: 'custom', path: ['grid', 'y', 'parameter'], message: `expected one of ${yParameters.map((p) => JSON.stringify(p)).join(', ')}, got ${JSON.stringify(y.parameter)}` });
    }
    for (const [name, a] of [['x', x], ['y', y]] as const) {
      if (!(a.from < a.to)) ctx.addIssue({ code: 'custom', path: ['grid', name, 'to'], message: `expected to > from (${a.from}), got ${a.to}` });
      if (a.spacing === 'log' && !(a.from > 0)) ctx.addIssue({ code: 'custom', path: ['grid', name, 'from'], message: `log spacing needs from > 0, got ${a.from}` });
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
    if (spec.model.kind === 'uv' && (y.parameter === 'f0' || y.parameter === 'ntk0' || y.parameter === 'width') && 'seed' in spec.model.init) {
      ctx.addIssue({ code: 'custom', path: ['grid', 'y', 'parameter'], message: `${y.parameter} as an axis needs a function-space init {f0, ntk0}` });
    }
    const cells = x.points * y.points;
    if (cells > 4_000_000) ctx.addIssue({ code: 'custom', path: ['grid'], message: `x.points × y.points = ${cells}; expected at most 4000000` });
    if (cells * (spec.transient + spec.record) > SWEEP_LIMITS.totalSteps) {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: `cells × (transient + record) exceeds ${SWEEP_LIMITS.totalSteps.toExponential(0)} steps` });
    }
    if (spec.period.max >= spec.record / 2) ctx.addIssue({ code: 'custom', path: ['period', 'max'], message: `expected period.max < record / 2 = ${spec.record / 2}, got ${spec.period.max}` });
    if (spec.early.steps > spec.transient) ctx.addIssue({ code: 'custom', path: ['early', 'steps'], message: `expected early.steps ≤ transient = ${spec.transient}, got ${spec.early.steps}` });
    if (spec.model.kind === 'uv' && !('seed' in spec.model.init) && (PHASE_Y_PARAMETERS as readonly string[]).includes(y.parameter)) {
      // λ0 ≥ 2√ε|f0| at every cell: check the corners (each axis enters monotonically)
      const model = { ...spec.model, init: spec.model.init as { f0: number; ntk0: number } };
      for (const yv of [y.from, y.to]) {
        const bad = unrealisableStart(model, { [y.parameter]: yv });
        if (bad) {
          ctx.addIssue({ code: 'custom', path: ['grid', 'y', yv === y.from ? 'from' : 'to'], message: `at ${y.parameter} = ${yv} the init has ntk0 = ${bad.ntk0} < 2√ε|f0| = ${bad.floor.toPrecision(6)}, which no weights realise` });
        }
      }
    }
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
    sweep: { parameter: 'eta', from: x.from, to: x.to, points: x.points * y.points, spacing: x.spacing },
    transient: spec.transient,
    record: spec.record,
    period: spec.period,
    divergenceBound: spec.divergenceBound,
    lyapunov: spec.lyapunov,
    observable: 'eta_sharpness',
  });
}
