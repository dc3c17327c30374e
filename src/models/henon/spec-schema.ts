import { z } from 'zod';

/** The Hénon map x' = 1 − a x² + y, y' = b x. */
export const henonModelSchema = z.strictObject({
  kind: z.literal('henon'),
  parameters: z.strictObject({ a: z.number().default(1.4), b: z.number().default(0.3) }).prefault({}),
  init: z.strictObject({ x: z.number().default(0), y: z.number().default(0) }).prefault({}),
});

export type HenonModelSpec = z.output<typeof henonModelSchema>;
