import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

/**
 * The compiled worker. Resolved from the package root so the same path works from dist/ (the
 * CLI) and from src/ (vitest, which cannot hand TypeScript to worker threads).
 */
export const WORKER_FILE = fileURLToPath(new URL('../../dist/workers/sweep-worker.js', import.meta.url));

/** The CommonJS entry each thread loads first (see esm-worker-entry.cts for why). */
const ENTRY_FILE = fileURLToPath(new URL('../../dist/sweep/esm-worker-entry.cjs', import.meta.url));

/** The pool started before the command was loaded, until a command takes it. */
let prestarted: { workers: number; pool: Piscina } | null = null;

/**
 * Starts the sweep pool at once, for the command about to load: its threads start and load their
 * kernels (about 0.3 s) while the main thread loads the command's modules and reads the spec.
 * The command's createSweepPool(workers) takes it; releasePrestartedPool() ends one left untaken.
 */
export function prestartSweepPool(workers: number): void {
  prestarted ??= { workers, pool: newPool(workers, WORKER_FILE) };
}

/** Destroys the prestarted pool if no command took it (another worker count, a bad spec). */
export async function releasePrestartedPool(): Promise<void> {
  const left = prestarted;
  prestarted = null;
  await left?.pool.destroy();
}

/** A pool of `workers` threads running the sweep worker, or another entry (the portrait's) from dist/. */
export function createSweepPool(workers: number, filename = WORKER_FILE): Piscina {
  if (prestarted && prestarted.workers === workers && filename === WORKER_FILE) {
    const { pool } = prestarted;
    prestarted = null;
    return pool;
  }
  return newPool(workers, filename);
}

function newPool(workers: number, filename: string): Piscina {
  return new Piscina({
    filename: ENTRY_FILE,
    workerData: { module: pathToFileURL(filename).href },
    minThreads: workers,
    maxThreads: workers,
    // Two chunks per worker: while one runs, the next waits in the worker's own queue, so a worker
    // never idles for the main thread's round trip (which, with both cores busy, waits for a core).
    // Chunks are synchronous compute, so the second starts only when the first returns.
    concurrentTasksPerWorker: 2,
    idleTimeout: 1000,
  });
}
