import { failedAtGridPoint } from '../util/user-errors.js';
import type { SweepEngine } from '../cluster/replay-engine.js';
import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult } from '../sweep/chunk.js';
import { createSweepPool } from '../sweep/pool.js';
import { runSweep, type SweepOptions, type SweepOutcome } from '../sweep/run-sweep.js';
import { resolveWorkers, type RunOptions } from './options.js';

/** How a command or a library call runs the engine: SweepOptions with the pool made here. */
export interface EngineOptions extends Omit<SweepOptions, 'pool' | 'workers'> {
  /** worker threads, already resolved; 0 computes on the main thread without a pool (a small sweep, see runsInline) */
  workers: number;
  /** where the chunks come from: runSweep, or a journal or part files replayed (src/cluster) */
  engine?: SweepEngine;
}

/**
 * The one place the engine is wired up, for the library and the commands alike: makes the worker
 * pool, runs the engine and always closes the pool, whatever happens, so no worker thread is left
 * behind. A failure at a grid point rejects as "<what> failed at grid point …".
 */
export async function runEngine(
  what: string,
  kind: ModelKind,
  spec: SweepSpec,
  options: EngineOptions,
  onChunk: (chunk: ChunkResult) => void,
): Promise<SweepOutcome> {
  const { engine = runSweep, workers, ...sweepOptions } = options;
  const pool = workers > 0 ? createSweepPool(workers) : null;
  // After an abort, piscina terminates the workers of running tasks, and a result already on its
  // way from one of them arrives for a task it no longer knows: it emits that as an 'error' event,
  // which without a listener would end the process. Any other such event fails the call.
  let stray: { error: unknown } | null = null;
  pool?.on('error', (error: unknown) => {
    if (!options.signal?.aborted) stray ??= { error };
  });
  try {
    const outcome = await engine(kind, spec, { ...sweepOptions, pool, workers: Math.max(1, workers) }, onChunk).catch(
      failedAtGridPoint(what),
    );
    if (stray) throw (stray as { error: unknown }).error;
    return outcome;
  } finally {
    await pool?.destroy();
  }
}

/** The engine on a pool of its own for a library call: the caller's worker count, or one per core. */
export function runOnOwnPool(
  what: string,
  kind: ModelKind,
  spec: SweepSpec,
  options: RunOptions & Pick<SweepOptions, 'raster' | 'plane' | 'backpressure'>,
  onChunk: (chunk: ChunkResult) => void,
): Promise<SweepOutcome> {
  return runEngine(what, kind, spec, { ...options, workers: resolveWorkers(options.workers) }, onChunk);
}
