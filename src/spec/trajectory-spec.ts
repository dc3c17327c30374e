import { z } from 'zod';
import { LIMITS } from './limits.js';
import { modelSchema, type UvModelSpec } from './model-schema.js';
import { specHeader } from './spec-header.js';
import { modelKindOf } from '../models/registry.js';
import type { MlpModelSpec } from '../models/mlp/spec-schema.js';
import { checkTrainingFields, trainingFields } from './training-fields.js';
import { checkSchedule, etaSchema, splitEta } from '../schedules/spec-schema.js';

export const trajectorySpecSchema = z
  .strictObject({
    ...specHeader,
    model: modelSchema,
    /** the learning rate η, or its schedule (models trained by gradient) */
    eta: etaSchema.optional(),
    ...trainingFields,
    /** GD steps; the table has steps + 1 rows (step 0 is the initialisation) */
    steps: z.number().int().positive().max(LIMITS.trajectorySteps),
    /**
     * UV model: "map", the exact function-space map (plain GD only), or "full", training the explicit
     * weights; default "map" under GD, "full" under any other optimizer
     */
    engine: z.enum(['map', 'full']).optional(),
    /** a state with |f| or λ above this, or not finite, has diverged */
    divergenceBound: z.number().positive().default(1e12),
    /** mlp: sharpness and ntk every this many steps (empty cells between); the last step always */
    sharpnessEvery: z.number().int().min(1).optional(),
  })
  // a schedule's peak is the η of every other check; its shape drives the run
  .transform((raw) => ({ ...raw, ...splitEta(raw.eta) }))
  .superRefine((spec, ctx) => {
    const kind = modelKindOf(spec.model).info;
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkTrainingFields(spec, kind, report);
    // a map's `eta` is refused by its kind; a schedule without a peak leaves no eta to refuse
    if (spec.schedule && !kind.gradientDescent) {
      report(['eta'], `a learning-rate schedule belongs to models trained by gradient (uv, mlp); a ${spec.model.kind} map has none`);
      return;
    }
    if (spec.schedule) {
      if (spec.eta === undefined) {
        report(['eta', 'peak'], 'missing; expected a number > 0 (the schedule’s largest learning rate)');
        return;
      }
      checkSchedule(spec.schedule, spec.eta, spec.steps - 1, report);
    }
    kind.checkTrajectory(spec, report);
  })
  // the function-space map closes only under plain GD: any other optimizer trains the weights
  .transform((spec) => ({ ...spec, engine: spec.engine ?? (spec.optimizer.kind === 'gd' ? 'map' : 'full') }) as const);

export type TrajectorySpec = z.output<typeof trajectorySpecSchema>;
/** A trajectory spec as the kinds' checks see it: the engine not yet defaulted from the optimizer. */
export type UncheckedTrajectorySpec = Omit<TrajectorySpec, 'engine'> & { engine?: TrajectorySpec['engine'] };
/** A trajectory spec of the UV model, after validation (eta present). */
export type UvTrajectorySpec = TrajectorySpec & { model: UvModelSpec; eta: number };

export { isUvTrajectory } from '../models/uv/spec-guards.js';

/** A trajectory spec of an mlp, after validation (eta present). */
export type MlpTrajectorySpec = TrajectorySpec & { model: MlpModelSpec; eta: number };

export { isMlpTrajectory } from '../models/mlp/spec-guards.js';
