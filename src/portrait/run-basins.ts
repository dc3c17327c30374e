import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { createSweepPool } from '../sweep/pool.js';
import type { PortraitSystem } from '../kind/portrait.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import { computeBasinRows, type BasinGrid, type BasinRows } from './basin-grid.js';

/**
 * The compiled worker entry, resolved from the package root as the sweep's is (see sweep/pool.ts).
 * An entry point: it resolves the spec's kind and builds the system on its own thread.
 */
export const BASIN_WORKER_FILE = fileURLToPath(new URL('../../dist/workers/basin-worker.js', import.meta.url));

/** Every cell of the grid, cell-major: outcome code, identifying point (k per cell), λ_max. */
export interface BasinResult {
  codes: Int32Array;
  points: Float64Array;
  lyapunov: Float64Array;
}

export interface BasinRunOptions {
  /** worker threads; 0 computes on the calling thread (tests of the numbers) */
  workers: number;
  signal?: AbortSignal;
  /** cells classified so far */
  onProgress?: (cellsDone: number) => void;
}

/**
 * Classifies every cell of the grid in bands of rows spread over the pool. Each cell's outcome
 * depends on its initial condition only, so the result is the same for any worker count.
 */
export async function runBasins(
  spec: PortraitSpec,
  system: PortraitSystem,
  grid: BasinGrid,
  options: BasinRunOptions,
): Promise<BasinResult> {
  const k = system.map.dimension;
  const cells = grid.nx * grid.ny;
  const result: BasinResult = { codes: new Int32Array(cells), points: new Float64Array(cells * k), lyapunov: new Float64Array(cells) };
  let done = 0;
  const place = (rows: BasinRows) => {
    const offset = rows.rowStart * grid.nx;
    result.codes.set(rows.codes, offset);
    result.points.set(rows.points, offset * k);
    result.lyapunov.set(rows.lyapunov, offset);
    done += rows.codes.length;
    options.onProgress?.(done);
  };
  if (options.workers === 0) {
    place(computeBasinRows({ spec, grid, rowStart: 0, rowEnd: grid.ny }, system));
    return result;
  }
  // bands of about 1/8 of a worker's share: small enough to balance, large enough to amortise
  // the message round trip (a line, ny = 1, is one band: its few cells are cheap)
  const band = Math.max(1, Math.ceil(grid.ny / (options.workers * 8)));
  const pool: Piscina = createSweepPool(options.workers, BASIN_WORKER_FILE);
  // one listener for the whole run (a signal per task would add one per band)
  const stop = () => void pool.destroy();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const runs: Promise<void>[] = [];
    for (let row = 0; row < grid.ny; row += band) {
      const task = { spec, grid, rowStart: row, rowEnd: Math.min(grid.ny, row + band) };
      runs.push(pool.run(task).then((rows: BasinRows) => place(rows)));
    }
    await Promise.all(runs);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pool.destroy();
  }
  return result;
}
