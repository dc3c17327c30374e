/**
 * Two workers against one, measured in paired rounds: each round times the one-worker run and the
 * two-worker run back to back, and the figure is the median of the rounds' ratios. This machine's
 * speed drifts by ±25 % from one second to the next, so ratios of runs taken far apart (the best
 * one-worker wall over the best two-worker wall, say) swing with the drift, while a pair shares
 * its stretch of time.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { KernelSlice } from './kernel-worker.js';
import type { ComputeSlice } from './compute-worker.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { RasterLayout } from '../sweep/raster.js';

export interface Subject {
  one: () => Promise<unknown>;
  two: () => Promise<unknown>;
}

export interface Scaling {
  /** walls in seconds, one per round */
  one: number[];
  two: number[];
  /** one[r] / two[r] */
  ratios: number[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function wall(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

/**
 * Runs `rounds` rounds; in each, every subject's one- and two-worker runs in turn, so the subjects
 * of a round (the sweep and its baseline) also share their stretch of time.
 */
export async function pairedScaling<K extends string>(rounds: number, subjects: Record<K, Subject>): Promise<Record<K, Scaling>> {
  const keys = Object.keys(subjects) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, { one: [], two: [], ratios: [] }])) as unknown as Record<K, Scaling>;
  for (let r = 0; r < rounds; r++) {
    for (const k of keys) {
      const one = await wall(subjects[k].one);
      const two = await wall(subjects[k].two);
      out[k].one.push(one);
      out[k].two.push(two);
      out[k].ratios.push(one / two);
    }
  }
  return out;
}

const KERNEL_WORKER = fileURLToPath(new URL('./kernel-worker.js', import.meta.url));
const COMPUTE_WORKER = fileURLToPath(new URL('./compute-worker.js', import.meta.url));

/** A pool of `threads` workers running `file`, each on its own even slice [from, to) of `points`. */
function slicedPool<S>(
  file: string,
  threads: number,
  points: number,
  slice: (range: { from: number; to: number }) => S,
): { run: () => Promise<unknown>; destroy: () => Promise<void> } {
  const pool = new Piscina({ filename: file, minThreads: threads, maxThreads: threads });
  const slices = Array.from({ length: threads }, (_, t) =>
    slice({ from: Math.floor((t * points) / threads), to: Math.floor(((t + 1) * points) / threads) }),
  );
  return {
    run: () => Promise.all(slices.map((s) => pool.run(s))),
    destroy: () => pool.destroy(),
  };
}

/**
 * Every point of a sweep through computeChunk on `threads` worker threads, the grid split evenly:
 * the engine's compute without the engine (no tables, figure, messages or process), so its 2-vs-1
 * ratio is the most the whole process could gain from a second worker on this machine.
 */
export function computePool(
  threads: number,
  spec: SweepSpec,
  raster: RasterLayout,
  chunk: number,
): { run: () => Promise<unknown>; destroy: () => Promise<void> } {
  return slicedPool<ComputeSlice>(COMPUTE_WORKER, threads, spec.sweep.points, (range) => ({ spec, raster, chunk, ...range }));
}

/**
 * The bare transient kernel on `threads` worker threads, the grid split evenly between them: what
 * the machine gives two threads of the sweep's SIMD loop at the time, without the engine.
 */
export function kernelPool(threads: number, points: number, steps: number): { run: () => Promise<unknown>; destroy: () => Promise<void> } {
  return slicedPool<KernelSlice>(KERNEL_WORKER, threads, points, (range) => ({ points, steps, ...range }));
}
