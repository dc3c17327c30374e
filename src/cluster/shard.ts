import { UsageError } from '../util/user-errors.js';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The variables the schedulers set for each task of an array: Slurm, then Kubernetes Indexed Jobs. */
export const SHARD_INDEX_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;

/** Largest shard count accepted (a grid has at most 10⁷ points). */
export const MAX_SHARDS = 1_000_000;

/**
 * Parses `--shard K/N`, or `auto/N` with K from the scheduler's variable. Errors are UsageErrors
 * (exit 2), raised before anything is written.
 */
export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const match = /^(\d{1,7}|auto)\/(\d{1,7})$/.exec(value.trim());
  if (!match) throw new UsageError(`--shard expects K/N (shard K of N, K from 0) or auto/N, got "${value}"`);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${value}: expected N from 1 to ${MAX_SHARDS}, got ${count}`);
  let index: number;
  if (match[1] === 'auto') {
    const found = SHARD_INDEX_VARIABLES.find((name) => env[name] !== undefined && env[name] !== '');
    if (!found)
      throw new UsageError(
        `--shard auto/${count}: neither ${SHARD_INDEX_VARIABLES.join(' nor ')} is set; run it as a task of a Slurm job array or a Kubernetes Indexed Job, or give the shard as K/${count}`,
      );
    const text = env[found]!;
    if (!/^\d{1,7}$/.test(text))
      throw new UsageError(`--shard auto/${count}: ${found} is "${text}", expected a shard index from 0 to ${count - 1}`);
    index = Number(text);
    if (index >= count) throw new UsageError(`--shard auto/${count}: ${found} = ${index}, expected a shard index from 0 to ${count - 1}`);
  } else {
    index = Number(match[1]);
    if (index >= count) throw new UsageError(`--shard ${value}: expected K from 0 to ${count - 1} (shards count from 0), got ${index}`);
  }
  return { index, count };
}

/**
 * The grid indices [from, to) of a shard: N contiguous blocks whose sizes differ by at most one.
 * With more shards than points some blocks are empty; their part files still say so.
 */
export function shardBlock(points: number, shard: Shard): [number, number] {
  const from = Math.floor((shard.index * points) / shard.count);
  const to = Math.floor(((shard.index + 1) * points) / shard.count);
  return [from, to];
}

/** `<name>.part-K-of-N`: the output name of a shard's files (and of its lock). */
export function partName(name: string, shard: Shard): string {
  return `${name}.part-${shard.index}-of-${shard.count}`;
}

export const PART_EXTENSION = 'uvpart';
