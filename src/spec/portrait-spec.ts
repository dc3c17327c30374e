import { z } from 'zod';
import { expressionModelSchema } from '../models/expression/spec-schema.js';
import { henonModelSchema } from '../models/henon/spec-schema.js';
import { logisticModelSchema } from '../models/logistic/spec-schema.js';
import { uvModelSchema } from '../models/uv/spec-schema.js';
import { specHeader } from './spec-header.js';
import { modelKindOf } from '../models/registry.js';

/** Bounds named in the errors: a grid beyond them is a typo, not a figure. */
export const PORTRAIT_LIMITS = {
  /** basin grid cells per axis (a plane of 2000 × 2000 is 4 M orbits) */
  resolution: 2000,
  /** basin cells along the line of a one-variable map */
  lineResolution: 100_000,
  arrows: 80,
  maxPeriod: 16,
  seeds: 60,
  trajectories: 20,
  trajectorySteps: 100_000,
  transient: 1_000_000,
} as const;

const interval = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo < hi, { message: 'expected [lo, hi] with lo < hi' });

/**
 * The state-plane portrait at one parameter set: fixed points and cycles with their stability, the
 * vector field of one step, basins of attraction on a grid, and trajectories on top.
 */
export const portraitSpecSchema = z
  .strictObject({
    ...specHeader,
    model: z.discriminatedUnion('kind', [uvModelSchema, logisticModelSchema, henonModelSchema, expressionModelSchema]),
    /** learning rate η (UV model only) */
    eta: z.number().positive().optional(),
    /**
     * UV only: the plane's coordinates. "f": (f, λ); "residual": (Δf = f − y, λ);
     * "rescaled": (√ε·f, η·λ), in which the stability threshold is ηλ = 2 at every η.
     */
    plane: z.enum(['f', 'residual', 'rescaled']).default('f'),
    /** the window in the plane's coordinates; chosen around the attractors if absent */
    window: z.strictObject({ x: interval, y: interval.optional() }).optional(),
    vectorField: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** arrows per axis */
        arrows: z.number().int().min(2).max(PORTRAIT_LIMITS.arrows).default(22),
      })
      .prefault({}),
    fixedPoints: z
      .strictObject({
        /** Newton seeds per axis of the window */
        seeds: z.number().int().min(1).max(PORTRAIT_LIMITS.seeds).default(24),
      })
      .prefault({}),
    cycles: z
      .strictObject({
        /** cycles of period 2 … maxPeriod are searched (1 = fixed points only) */
        maxPeriod: z.number().int().min(1).max(PORTRAIT_LIMITS.maxPeriod).default(8),
      })
      .prefault({}),
    basins: z
      .strictObject({
        /** cells per axis (along the line for a one-variable map) */
        resolution: z.number().int().min(2).optional(),
        /** steps before the orbit is classified */
        transient: z.number().int().min(1).max(PORTRAIT_LIMITS.transient).default(3000),
        /** steps of the Lyapunov estimate for orbits without a period */
        lyapunovSteps: z.number().int().min(10).max(PORTRAIT_LIMITS.transient).default(1000),
        /** states p steps apart match when they differ by at most tol × max(1, |z|) */
        tol: z.number().positive().max(0.1).default(1e-7),
        /** |z|∞ above this, or not finite, has diverged */
        divergenceBound: z.number().positive().default(1e8),
        /** λ_max above this is chaos; at or below it an orbit without a period is "unresolved" */
        zeroTolerance: z.number().positive().default(1e-3),
      })
      .prefault({}),
    /** initial conditions drawn on top, in the plane's coordinates (y omitted for one variable) */
    trajectories: z
      .array(z.strictObject({ x: z.number(), y: z.number().optional(), label: z.string().max(80).optional() }))
      .max(PORTRAIT_LIMITS.trajectories)
      .default([]),
    trajectorySteps: z.number().int().min(1).max(PORTRAIT_LIMITS.trajectorySteps).default(60),
    image: z
      .strictObject({
        width: z.number().int().min(400).max(4000).default(1400),
        height: z.number().int().min(300).max(4000).default(1150),
      })
      .prefault({}),
  })
  .superRefine((spec, ctx) => {
    const m = spec.model;
    const kind = modelKindOf(m).info;
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const names = kind.recorded(m);
    const variables = names.length;
    if (variables > 2) {
      report(
        ['model', 'variables'],
        `a portrait draws the state plane of a map of one or two variables; this map has ${variables} (${names.join(', ')})`,
      );
    }
    // a model trained by gradient descent (UV) takes the learning rate and may choose its plane's
    // coordinates; a map takes its parameters in model.parameters and draws its own variables
    if (kind.gradientDescent && spec.eta === undefined) report(['eta'], 'missing; expected a number > 0 (the learning rate)');
    if (!kind.gradientDescent && spec.eta !== undefined)
      report(['eta'], `eta belongs to the UV model; a ${m.kind} map takes its parameters in model.parameters`);
    if (!kind.gradientDescent && spec.plane !== 'f')
      report(['plane'], 'plane is a choice of UV coordinates; other maps use their own variables');
    const cap = variables === 1 ? PORTRAIT_LIMITS.lineResolution : PORTRAIT_LIMITS.resolution;
    const resolution = spec.basins.resolution;
    if (resolution !== undefined && resolution > cap) {
      report(
        ['basins', 'resolution'],
        `expected at most ${cap} cells ${variables === 1 ? 'along the line' : 'per axis'}, got ${resolution}`,
      );
    }
    kind.checkPortrait?.(spec, report);
    if (variables === 1) {
      if (spec.window?.y)
        ctx.addIssue({ code: 'custom', path: ['window', 'y'], message: 'a map of one variable has no second axis; give window.x only' });
      spec.trajectories.forEach((t, i) => {
        if (t.y !== undefined)
          ctx.addIssue({ code: 'custom', path: ['trajectories', i, 'y'], message: 'a map of one variable has no y; give x only' });
      });
    } else {
      if (spec.window && !spec.window.y)
        ctx.addIssue({ code: 'custom', path: ['window', 'y'], message: 'missing; expected [lo, hi] with lo < hi' });
      spec.trajectories.forEach((t, i) => {
        if (t.y === undefined) ctx.addIssue({ code: 'custom', path: ['trajectories', i, 'y'], message: 'missing; expected a number' });
      });
    }
  });

export type PortraitSpec = z.output<typeof portraitSpecSchema>;
export type PortraitModel = PortraitSpec['model'];
