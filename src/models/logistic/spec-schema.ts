import { z } from 'zod';

/** The logistic map x' = r x (1 − x). */
export const logisticModelSchema = z.strictObject({
  kind: z.literal('logistic'),
  parameters: z.strictObject({ r: z.number().default(4) }).prefault({}),
  init: z.strictObject({ x: z.number().default(0.1) }).prefault({}),
});

export type LogisticModelSpec = z.output<typeof logisticModelSchema>;
