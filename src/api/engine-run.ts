import { failedAtGridPoint } from '../util/user-errors.js';
import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult } from '../sweep/chunk.js';
import { createSweepPool } from '../sweep/pool.js';
import { runSweep, type SweepOptions, type SweepOutcome } from '../sweep/run-sweep.js';
import { resolveWorkers, type RunOptions } from './options.js';

/**
 * Runs the sweep engine on a pool of its own and always closes it, whatever happens: a library
 * call leaves no worker thread behind. A failure at a grid point rejects as
 * "<what> failed at grid point …", like the CLI's message.
 */
export async function runOnOwnPool(
  what: string,
  kind: ModelKind,
  spec: SweepSpec,
  options: RunOptions & Pick<SweepOptions, 'raster' | 'plane' | 'backpressure'>,
  onChunk: (chunk: ChunkResult) => void,
): Promise<SweepOutcome> {
  const workers = resolveWorkers(options.workers);
  const pool = createSweepPool(workers);
  // After an abort, piscina terminates the workers of running tasks, and a result already on its
  // way from one of them arrives for a task it no longer knows: it emits that as an 'error' event,
  // which without a listener would end the process. Any other such event fails the call.
  let stray: { error: unknown } | null = null;
  pool.on('error', (error: unknown) => {
    if (!options.signal?.aborted) stray ??= { error };
  });
  try {
    const outcome = await runSweep(
      kind,
      spec,
      { pool, workers, signal: options.signal, onProgress: options.onProgress, raster: options.raster, plane: options.plane, backpressure: options.backpressure },
      onChunk,
    ).catch(failedAtGridPoint(what));
    if (stray) throw (stray as { error: unknown }).error;
    return outcome;
  } finally {
    await pool.destroy();
  }
}
