import { fileURLToPath } from 'node:url';
import { SpecError } from '../spec/spec-error.js';
import { initialConditionsRefusal } from '../spec/initial-conditions.js';
import { UsageError } from '../util/user-errors.js';
import { loadSpec } from '../spec/load-spec.js';
import { readJsonFile } from '../spec/json-source.js';
import { phaseSpecSchema } from '../spec/phase-spec.js';
import { sweepSpecSchema } from '../spec/sweep-spec.js';
import type { ClusterCommand } from './cluster-job.js';

/** The CLI entry point that scheduler scripts run (this install's compiled main.js). */
export const CLI_ENTRY = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/**
 * What a scheduler's tasks run for a spec file: `sweep` for a sweep spec, `phase` for a phase
 * spec (it has a grid), checked now in full so a bad spec fails here, not in every array task.
 */
export async function clusterTarget(file: string): Promise<{ command: ClusterCommand; name: string; points: number }> {
  const raw = readJsonFile(file);
  const command: ClusterCommand = raw && typeof raw === 'object' && 'grid' in raw ? 'phase' : 'sweep';
  if (command === 'phase') {
    const spec = await loadSpec(file, phaseSpecSchema);
    return { command, name: spec.name, points: spec.grid.x.points * spec.grid.y.points };
  }
  const spec = await loadSpec(file, sweepSpecSchema);
  const refusal = initialConditionsRefusal(spec, 'a cluster job');
  if (refusal) throw new SpecError(file, 'initialConditions', refusal);
  return { command, name: spec.name, points: spec.sweep.points };
}

/** A --shards value: an integer from 1 to the grid's point count (more would only add empty parts). */
export function shardCount(flag: string | boolean | undefined, points: number, command: string): number {
  if (flag === undefined || typeof flag === 'boolean')
    throw new UsageError(`${command}: --shards N is required (how many parts to cut the grid into)`);
  const n = /^\d{1,9}$/.test(flag) ? Number(flag) : NaN;
  if (!(n >= 1 && n <= points))
    throw new UsageError(`${command}: --shards expects an integer from 1 to the grid's ${points} points, got "${flag}"`);
  return n;
}
