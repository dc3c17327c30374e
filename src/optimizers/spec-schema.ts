import { z } from 'zod';
import type { OptimizerSpec } from './optimizer.js';

/** β, β₁, β₂, ρ: a decay rate in [0, 1) (at 1 the average never forgets; below 0 it oscillates) */
const decayRate = (fallback: number) =>
  z
    .number()
    .refine((value) => value >= 0 && value < 1, { error: (issue) => `expected a number in [0, 1), got ${String(issue.input)}` })
    .default(fallback);

/** ε: added to a square root that can be 0, so it must be > 0 */
const epsilon = z.number().positive().default(1e-8);

/** The spec's `optimizer` field (torch.optim's defaults where torch has one); absent means plain GD. */
export const optimizerSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('gd') }),
    z.strictObject({ kind: z.literal('momentum'), beta: decayRate(0.9) }),
    z.strictObject({ kind: z.literal('nesterov'), beta: decayRate(0.9) }),
    z.strictObject({ kind: z.literal('rmsprop'), rho: decayRate(0.99), epsilon }),
    z.strictObject({ kind: z.literal('adam'), beta1: decayRate(0.9), beta2: decayRate(0.999), epsilon }),
  ])
  .default({ kind: 'gd' });

/**
 * The spec's optional `batch` field (absent: every step sees the full batch). `shuffle` draws a fresh
 * seeded permutation each epoch; `sequential` walks the examples in order. Whether size ≤ n is
 * checked where n is known.
 */
export const batchSchema = z.strictObject({
  size: z.number().int().min(1),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  order: z.enum(['shuffle', 'sequential']).default('shuffle'),
});

export type BatchSpec = z.output<typeof batchSchema>;

// the schema's output is exactly the engine's OptimizerSpec: a field added to one and not the other fails here
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const optimizerSpecMatches: Same<z.output<typeof optimizerSchema>, OptimizerSpec> = true;
void optimizerSpecMatches;
