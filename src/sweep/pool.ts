import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/**
 * The compiled worker. Resolved from the package root so the same path works from dist/ (the
 * CLI) and from src/ (vitest, which cannot hand TypeScript to worker threads).
 */
export const WORKER_FILE = fileURLToPath(new URL('../../dist/sweep/worker.js', import.meta.url));

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function createSweepPool(workers: number): Piscina {
  return new Piscina({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    // A chunk is seconds of pure compute at most; queue everything, run `workers` at a time.
    concurrentTasksPerWorker: 1,
    idleTimeout: 1000,
  });
}
