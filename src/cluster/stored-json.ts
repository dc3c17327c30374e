import { z } from 'zod';
import { specHeader } from '../spec/spec-header.js';
import { SWEEP_LIMITS } from '../spec/sweep-spec.js';
import { describeFirstIssue } from '../spec/zod-issues.js';
import { MAX_SHARDS } from './shard.js';

/**
 * The JSON records of journals and part files (header, end), checked before anything is taken
 * from them. A record's checksum only says its bytes are the ones written, not that a uvchaos run
 * wrote them: a part file may come from anywhere, so its name, shard and block are held to the
 * same rules as a spec's and a command line's before they name a file or size an array.
 */
const gridIndex = z.number().int().min(0).max(SWEEP_LIMITS.points);

const shardSchema = z
  .object({ index: z.number().int().min(0), count: z.number().int().min(1).max(MAX_SHARDS) })
  .refine((s) => s.index < s.count, { message: 'claims a shard index past the count' });

export const runHeaderSchema = z
  .object({
    format: z.enum(['uvchaos-journal', 'uvchaos-part']),
    formatVersion: z.literal(1),
    tool: z.literal('uvchaos'),
    version: z.string().max(100),
    command: z.enum(['sweep', 'phase']),
    name: specHeader.name,
    specHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
    specFile: z.string().min(1).max(4096),
    spec: z.unknown(),
    points: z.number().int().min(1).max(SWEEP_LIMITS.points),
    shard: shardSchema.nullable(),
    /** an array (zod would call a tuple "a tuple" in the message) */
    block: z
      .array(gridIndex)
      .length(2)
      .transform((b) => b as [number, number]),
  })
  .refine((h) => h.block[0] <= h.block[1] && h.block[1] <= h.points, { path: ['block'], message: 'expected 0 ≤ from ≤ to ≤ points' });

export const partEndSchema = z.object({
  chunks: z.number().int().min(0),
  points: z.number().int().min(0),
  clipped: z.number().min(0),
  computeSeconds: z.number().min(0),
  workers: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
});

/** A JSON record's value, or why it is not one (`what` names it: "header", "end record"). */
export function parseStoredJson<S extends z.ZodType>(
  payload: Buffer,
  schema: S,
  what: string,
): { value: z.output<S> } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch {
    return { problem: `its ${what} is not JSON` };
  }
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return { value: result.data };
  const shard = (raw as { shard?: { index?: unknown; count?: unknown } } | null)?.shard;
  const { field, detail } = describeFirstIssue(schema, result.error.issues);
  // a shard past the count is named as what it claims, e.g. "shard 5 of 3"
  if (field === 'shard' && detail.startsWith('claims')) {
    const count = Number(shard?.count);
    return { problem: `its ${what}'s shard: claims shard ${String(shard?.index)} of ${count}; shards count from 0 to ${count - 1}` };
  }
  return { problem: `its ${what}'s ${field}: ${detail}` };
}
