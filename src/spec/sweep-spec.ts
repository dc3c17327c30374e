import { z } from 'zod';
import { uvModelSchema } from './model-schema.js';
import { specHeader } from './spec-header.js';

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

/** What the bifurcation diagram plots on y for the UV model; each is a function of (f, λ). */
export const UV_OBSERVABLES = ['eta_sharpness', 'sharpness', 'ntk', 'eta_ntk', 'residual', 'loss', 'f'] as const;
export type UvObservable = (typeof UV_OBSERVABLES)[number];

/** The UV parameters a sweep can vary. */
export const UV_SWEEP_PARAMETERS = ['eta', 'target', 'multiplier', 'inputNorm2', 'f0', 'ntk0'] as const;
export type UvSweepParameter = (typeof UV_SWEEP_PARAMETERS)[number];

export const gridAxisSchema = z.strictObject({
  parameter: z.enum(UV_SWEEP_PARAMETERS).default('eta'),
  from: z.number(),
  to: z.number(),
  points: z.number().int().min(2).max(SWEEP_LIMITS.points),
  spacing: z.enum(['linear', 'log']).default('linear'),
});

export const sweepSpecSchema = z
  .strictObject({
    ...specHeader,
    model: uvModelSchema,
    /** learning rate; required unless it is the swept parameter */
    eta: z.number().positive().optional(),
    sweep: gridAxisSchema,
    /** steps iterated and discarded before the attractor is recorded */
    transient: z.number().int().min(0).max(SWEEP_LIMITS.steps).default(20_000),
    /** steps recorded as the attractor (period detection, Lyapunov exponents, the diagram) */
    record: z.number().int().min(16).max(SWEEP_LIMITS.recordSteps).default(1_000),
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
      })
      .prefault({}),
    observable: z.enum(UV_OBSERVABLES).default('eta_sharpness'),
    image: z
      .strictObject({
        width: z.number().int().min(400).max(SWEEP_LIMITS.imageSide).default(1600),
        height: z.number().int().min(300).max(SWEEP_LIMITS.imageSide).default(1100),
        /** y range of the diagram; default: from a pilot run over a subset of the grid */
        yRange: z.tuple([z.number(), z.number()]).optional(),
      })
      .prefault({}),
  })
  .superRefine((spec, ctx) => {
    const { sweep } = spec;
    if (!(sweep.from < sweep.to)) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'to'], message: `expected to > from (${sweep.from}), got ${sweep.to}` });
    }
    if (sweep.spacing === 'log' && !(sweep.from > 0)) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'from'], message: `log spacing needs from > 0, got ${sweep.from}` });
    }
    const positiveParameters: string[] = ['eta', 'multiplier', 'inputNorm2', 'ntk0'];
    if (positiveParameters.includes(sweep.parameter) && !(sweep.from > 0)) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'from'], message: `${sweep.parameter} must stay > 0, got from = ${sweep.from}` });
    }
    if (sweep.parameter !== 'eta' && spec.eta === undefined) {
      ctx.addIssue({ code: 'custom', path: ['eta'], message: `missing; expected a number > 0 (the learning rate, since the sweep varies ${sweep.parameter})` });
    }
    if (sweep.parameter === 'eta' && spec.eta !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['eta'], message: 'the sweep varies eta; remove this field or sweep another parameter' });
    }
    if ((sweep.parameter === 'f0' || sweep.parameter === 'ntk0') && 'seed' in spec.model.init) {
      ctx.addIssue({ code: 'custom', path: ['sweep', 'parameter'], message: `sweeping ${sweep.parameter} needs a function-space init {f0, ntk0}` });
    }
    if (spec.period.max >= spec.record / 2) {
      ctx.addIssue({ code: 'custom', path: ['period', 'max'], message: `expected period.max < record / 2 = ${spec.record / 2}, got ${spec.period.max}` });
    }
    const total = sweep.points * (spec.transient + spec.record);
    if (total > SWEEP_LIMITS.totalSteps) {
      ctx.addIssue({
        code: 'custom',
        path: ['sweep', 'points'],
        message: `points × (transient + record) = ${total.toExponential(2)} steps; expected at most ${SWEEP_LIMITS.totalSteps.toExponential(0)}`,
      });
    }
    if (!('seed' in spec.model.init) && sweep.from < sweep.to) {
      // λ0 ≥ 2√ε|f0| must hold at every grid point; each swept quantity enters monotonically,
      // so checking both ends suffices.
      for (const end of ['from', 'to'] as const) {
        const value = sweep[end];
        const m = spec.model;
        const gamma = sweep.parameter === 'multiplier' ? value : m.multiplier;
        const s = sweep.parameter === 'inputNorm2' ? value : m.inputNorm2;
        const f0 = sweep.parameter === 'f0' ? value : spec.model.init.f0;
        const ntk0 = sweep.parameter === 'ntk0' ? value : spec.model.init.ntk0;
        const floor = 2 * gamma * Math.sqrt(s) * Math.abs(f0);
        if (ntk0 < floor * (1 - 1e-12)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sweep', end],
            message: `at ${sweep.parameter} = ${value} the init has ntk0 = ${ntk0} < 2√ε|f0| = ${floor.toPrecision(6)}, which no weights realise`,
          });
        }
      }
    }
    const range = spec.image.yRange;
    if (range && !(range[0] < range[1])) {
      ctx.addIssue({ code: 'custom', path: ['image', 'yRange'], message: `expected [low, high] with low < high, got [${range[0]}, ${range[1]}]` });
    }
  });

export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type GridAxis = z.output<typeof gridAxisSchema>;
