import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/**
 * The compiled worker. Resolved from the package root so the same path works from dist/ (the
 * CLI) and from src/ (vitest, which cannot hand TypeScript to worker threads).
 */
export const WORKER_FILE = fileURLToPath(new URL('../../dist/sweep/worker.js', import.meta.url));

export function createSweepPool(workers: number): Piscina {
  return new Piscina({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    // Two chunks per worker: while one runs, the next waits in the worker's own queue, so a worker
    // never idles for the main thread's round trip (which, with both cores busy, waits for a core).
    // Chunks are synchronous compute, so the second starts only when the first returns.
    concurrentTasksPerWorker: 2,
    idleTimeout: 1000,
  });
}
