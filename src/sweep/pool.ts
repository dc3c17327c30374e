import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

/**
 * The compiled worker. Resolved from the package root so the same path works from dist/ (the
 * CLI) and from src/ (vitest, which cannot hand TypeScript to worker threads).
 */
export const WORKER_FILE = fileURLToPath(new URL('../../dist/sweep/worker.js', import.meta.url));

/** The CommonJS entry each thread loads first (see esm-worker-entry.cts for why). */
const ENTRY_FILE = fileURLToPath(new URL('../../dist/sweep/esm-worker-entry.cjs', import.meta.url));

/** A pool of `workers` threads running the sweep worker, or another entry (the portrait's) from dist/. */
export function createSweepPool(workers: number, filename = WORKER_FILE): Piscina {
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
