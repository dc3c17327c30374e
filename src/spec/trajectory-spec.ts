import { z } from 'zod';
import { LIMITS } from './limits.js';
import { uvModelSchema } from './model-schema.js';
import { specHeader } from './spec-header.js';

export const trajectorySpecSchema = z
  .strictObject({
    ...specHeader,
    model: uvModelSchema,
    /** learning rate η */
    eta: z.number().positive(),
    /** GD steps; the table has steps + 1 rows (step 0 is the initialisation) */
    steps: z.number().int().positive().max(LIMITS.trajectorySteps),
    /** "map": the exact function-space map; "full": GD on explicit weights */
    engine: z.enum(['map', 'full']).default('map'),
    /** a state with |f| or λ above this, or not finite, has diverged */
    divergenceBound: z.number().positive().default(1e12),
  })
  .superRefine((spec, ctx) => {
    const weights = spec.model.width * (spec.model.inputDim + 1);
    if (spec.engine === 'full' && weights > LIMITS.fullEngineWeights) {
      ctx.addIssue({
        code: 'custom',
        path: ['engine'],
        message: `engine "full" holds width × (inputDim + 1) = ${weights} weights; expected at most ${LIMITS.fullEngineWeights} (use engine "map", which is exact)`,
      });
    }
  });

export type TrajectorySpec = z.output<typeof trajectorySpecSchema>;
