import { modelKindOf } from '../models/registry.js';
import { readdirSync } from 'node:fs';
import { CommandFailure, UsageError } from '../util/user-errors.js';
import type { FlagDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { formatSeconds, ProgressBar } from './progress.js';
import type { OutputSet } from '../io/output-set.js';
import { FileError } from '../io/file-error.js';
import { SpecError } from '../spec/spec-error.js';
import { runEngine } from '../api/engine-run.js';
import { runHeader, shortHash, type ClusterJob } from '../cluster/cluster-job.js';
import { Journal } from '../cluster/journal.js';
import { readPartHeader, writePart } from '../cluster/part-file.js';
import { missingRanges, replayingEngine, type SweepEngine } from '../cluster/replay-engine.js';
import { parseShard, PART_EXTENSION, partName, SHARD_INDEX_VARIABLES, shardBlock, type Shard } from '../cluster/shard.js';

/** The flags sweep and phase take for sharded and resumed runs. */
export const CLUSTER_FLAGS: Record<string, FlagDefinition> = {
  shard: {
    type: 'string',
    value: 'K/N',
    help: `compute shard K of N only (K from 0; auto/N reads ${SHARD_INDEX_VARIABLES.join(' or ')}) into <name>.part-K-of-N.${PART_EXTENSION}, for uvchaos merge`,
  },
  resume: { type: 'boolean', help: 'continue the run an interruption left in --out (its <name>.journal), computing only what is missing' },
};

type Log = (line: string, stream?: 'stdout' | 'stderr') => void;

/**
 * An unsharded run under its journal: chunks already in the journal (with --resume) are handed
 * over, the rest computed and journaled as they complete; the journal goes once the outputs are
 * in place. `run` is the command's own run with the engine to use.
 */
export async function runJournaled(
  job: ClusterJob,
  outputs: OutputSet,
  resume: boolean,
  log: Log,
  run: (engine: SweepEngine) => Promise<number>,
): Promise<number> {
  const header = runHeader('uvchaos-journal', job, null, [0, job.sweep.sweep.points]);
  const journal = Journal.open(outputs.dir, outputs.name, header, resume, (line) => log(line, 'stderr'));
  let code: number;
  try {
    if (resume && journal.done.length > 0)
      log(`resuming: ${countPoints(journal.done)} of ${header.points} points are in ${journal.path}`, 'stderr');
    code = await run(replayingEngine([...journal.done], { onComputed: (result, layout) => journal.append(result, layout) }));
  } catch (err) {
    // the work is kept for what the user cannot fix by changing the command (a full disk, an I/O
    // error); a point that fails would fail again, and a path the user must fix means a new run
    if (discardsJournal(err)) journal.remove();
    else journal.close();
    throw err;
  }
  if (code === 0) journal.remove();
  else journal.close();
  return code;
}

export interface ShardRunOptions {
  shard: string;
  out: string;
  workers: number;
  chunkSize?: number;
  resume: boolean;
  quiet: boolean;
  log: Log;
  signal: AbortSignal;
}

/** `--shard K/N`: computes one block of the grid under its own journal and writes its part file. */
export async function runShard(job: ClusterJob, o: ShardRunOptions): Promise<number> {
  const started = performance.now();
  const shard = parseShard(o.shard);
  const run = partName(job.name, shard);
  const outputs = prepareOutputs(o.out, run);
  refuseForeignParts(outputs.dir, job, shard, o.out);
  const block = shardBlock(job.sweep.sweep.points, shard);
  // scheduler scripts always pass --resume, so a first attempt finding no journal is the normal case:
  // no note; damaged records a resume drops are still named
  const journal = Journal.open(outputs.dir, run, runHeader('uvchaos-journal', job, shard, block), o.resume, (line, kind) => {
    if (kind === 'dropped') o.log(line, 'stderr');
  });
  const missing = missingRanges(block, journal.done);
  const already = block[1] - block[0] - missing.reduce((s, [a, b]) => s + b - a, 0);
  const progress = new ProgressBar(process.stderr, block[1] - block[0], 'points', !o.quiet && Boolean(process.stderr.isTTY));
  let path: string;
  try {
    if (missing.length > 0) {
      await runEngine(
        job.command,
        modelKindOf(job.sweep.model),
        job.sweep,
        {
          workers: o.workers,
          chunkSize: o.chunkSize,
          signal: o.signal,
          raster: job.raster,
          plane: job.plane,
          ranges: missing,
          onComputed: (result, layout) => journal.append(result, layout),
          onProgress: (done) => progress.update(already + done),
        },
        () => {},
      );
    }
    progress.finish();
    const seconds = (performance.now() - started) / 1000;
    path = writePart(outputs, runHeader('uvchaos-part', job, shard, block), journal.done, { seconds, workers: o.workers });
    outputs.commit();
  } catch (err) {
    if (discardsJournal(err)) journal.remove();
    else journal.close();
    throw err;
  } finally {
    progress.finish();
  }
  journal.remove();
  const wall = (performance.now() - started) / 1000;
  o.log(
    `shard ${shard.index} of ${shard.count}: grid points [${block[0]}, ${block[1]}) of ${job.sweep.sweep.points}${already ? ` (${already} from the journal)` : ''}; ${formatSeconds(wall)} wall on ${o.workers} worker${o.workers > 1 ? 's' : ''}`,
  );
  o.log(`wrote ${path}`);
  return 0;
}

/**
 * A folder holding parts of another spec under the same name, or of another split of this one,
 * would give a merge that refuses; refuse now, before computing, and touch none of them.
 */
function refuseForeignParts(dir: string, job: ClusterJob, shard: Shard, label: string): void {
  const pattern = new RegExp(`^${job.name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\.part-(\\d+)-of-(\\d+)\\.${PART_EXTENSION}$`);
  for (const entry of readdirSync(dir).sort()) {
    const match = pattern.exec(entry);
    if (!match) continue;
    const header = readPartHeader(`${dir}/${entry}`);
    if (header && header.specHash !== job.specHash) {
      throw new UsageError(
        `--out ${label}: ${entry} is a part of another spec named "${job.name}" (spec ${shortHash(header.specHash)}, this one ${shortHash(job.specHash)}); give each spec its own --out folder, or delete the old parts`,
      );
    }
    if (Number(match[2]) !== shard.count) {
      throw new UsageError(
        `--out ${label}: ${entry} is a part of a ${match[2]}-way split of this spec, this run is one of ${shard.count}; delete the old parts or use another --out folder`,
      );
    }
  }
}

/** A grid point that threw (failedAtGridPoint's error), or a mistake of the user's (exit 2). */
function discardsJournal(err: unknown): boolean {
  if (err instanceof CommandFailure) return / failed at grid point \d+ /.test(err.message);
  if (err instanceof FileError) return err.userMistake;
  return err instanceof UsageError || err instanceof SpecError;
}

function countPoints(chunks: readonly { start: number; end: number }[]): number {
  return chunks.reduce((s, c) => s + c.end - c.start, 0);
}
