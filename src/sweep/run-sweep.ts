import { getMaxListeners, setMaxListeners } from 'node:events';
import type { Piscina } from 'piscina';
import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { resultLayout, type ChunkResult, type ChunkTask } from './chunk.js';
import { chunkSizeFor, planChunks } from './chunk-plan.js';
import { createCancelFlag, raiseCancelFlag } from './chunk-cancel.js';
import { computeChunk } from './compute-chunk.js';
import { binColumn, mergeBand, rasterColumn, type RasterLayout } from './raster.js';

export interface SweepOptions {
  /** null runs every chunk on the calling thread (tests, tiny sweeps) */
  pool: Piscina | null;
  /** grid points per chunk; default adapts to the grid and the worker count */
  chunkSize?: number;
  workers: number;
  /** called with the number of grid points finished so far */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * On abort, stop the chunks already handed to a worker through the sweep's cancel flag (see
   * chunk-cancel.ts) instead of terminating the worker: restarting one reloads its modules and
   * kernels, about a second on a busy machine (the explorer cancels sweeps all the time). The
   * sweep rejects once every running chunk has seen the flag, within a block of steps.
   * Fewer chunks are then handed out ahead, just enough to keep each worker's own queue full.
   */
  keepWorkersOnAbort?: boolean;
  /** raster size; null skips the density image */
  raster: { columns: number; rows: number } | null;
  /** phase diagrams: run the grid as an x × y plane (see ChunkTask.plane) */
  plane?: ChunkTask['plane'];
  /** sharded and resumed runs: compute only these [start, end) blocks of the grid (sorted, disjoint) */
  ranges?: ReadonlyArray<readonly [number, number]>;
  /** each computed chunk as it arrives, its raster band still in it (journals and part files keep it) */
  onComputed?: (result: ChunkResult, layout: RasterLayout | null) => void;
  /** awaited before each task is submitted: a slow consumer of onChunk holds the workers back */
  backpressure?: () => Promise<void>;
  /** return each point's recorded observable with its chunk (ChunkResult.series): sweep --save-orbits */
  saveSeries?: boolean;
  /** workers format the attractor-table rows (ChunkResult.text) */
  formatRows?: boolean;
}

export interface SweepOutcome {
  layout: RasterLayout | null;
  /** row-major counts, layout.columns wide */
  raster: Uint32Array | null;
  /** recorded samples outside the raster's y range */
  clipped: number;
  /** merged shards: compute seconds and workers summed over the parts (the JSON summary reports these) */
  compute?: { seconds: number; workers: number };
}

/**
 * Runs a sweep of the given kind and hands chunk results to `onChunk` in grid order, whatever order the workers
 * finish in. Only chunks that finished ahead of their turn are held, so memory stays bounded by
 * the queue depth, not by the grid.
 */
export async function runSweep(
  kind: ModelKind,
  spec: SweepSpec,
  options: SweepOptions,
  onChunk: (result: ChunkResult) => void,
): Promise<SweepOutcome> {
  // Workers get only the fields they compute with: prose would be cloned into every chunk message.
  const computedSpec: SweepSpec = { ...spec, title: undefined, description: undefined, $schema: undefined };
  // What every task shares (UV seeded inits draw their weights once), drawn here rather than in every task.
  const base = kind.compute.base?.(spec.model);
  // Models with few, costly points (mlp) send their samples back instead of a raster band: a pilot
  // run would cost as much as the sweep, so the range is taken from the samples themselves.
  const deferred = options.raster !== null && kind.info.samplesToMainThread ? new DeferredRaster(spec, options.raster) : null;
  const layout =
    options.raster && !deferred
      ? { points: spec.sweep.points, ...options.raster, ...(await yRange(kind, computedSpec, base, options)) }
      : null;
  const raster = layout ? new Uint32Array(layout.columns * layout.rows) : null;
  let clipped = 0;

  const points = spec.sweep.points;
  const blocks = options.ranges ?? [[0, points]];
  const lanes = kind.info.chunkLanes;
  const cuts = blocks.flatMap(([from, to]) =>
    planChunks(to - from, options.workers, options.chunkSize, lanes).map(([s, e]) => [from + s, from + e]),
  );
  const tasks: ChunkTask[] = cuts.map(([start, end]) => ({
    spec: computedSpec,
    base,
    start,
    end,
    raster: layout,
    plane: options.plane,
    saveSeries: options.saveSeries,
    formatRows: options.formatRows,
  }));

  const waiting = new Map<number, ChunkResult>();
  let nextToEmit = 0;
  let done = 0;
  const accept = (index: number, result: ChunkResult) => {
    options.onComputed?.(result, layout);
    if (raster && layout) {
      mergeBand(raster, layout, { columnStart: result.rasterColumnStart, width: result.rasterWidth, counts: result.raster });
      result.raster = new Uint32Array(0);
    }
    if (deferred && result.series) deferred.add(result.start, result.series);
    clipped += result.clipped;
    waiting.set(index, result);
    while (waiting.has(nextToEmit)) {
      const ready = waiting.get(nextToEmit)!;
      waiting.delete(nextToEmit);
      onChunk(ready);
      nextToEmit++;
    }
    done += result.end - result.start;
    options.onProgress?.(done, points);
  };

  await runTasks(kind, tasks, options, accept, () => nextToEmit);
  if (deferred) return deferred.finish();
  return { layout, raster, clipped };
}

/** The density raster of a sweep whose workers return their samples (ChunkResult.series). */
export class DeferredRaster {
  private readonly samples: Float64Array;
  private readonly record: number;

  constructor(
    private readonly spec: SweepSpec,
    private readonly size: { columns: number; rows: number },
  ) {
    this.record = spec.record;
    this.samples = new Float64Array(spec.sweep.points * spec.record).fill(NaN);
  }

  add(start: number, series: Float64Array): void {
    this.samples.set(series, start * this.record);
  }

  finish(): SweepOutcome {
    const { spec, samples, record } = this;
    let range: { yMin: number; yMax: number };
    if (spec.image.yRange) range = { yMin: spec.image.yRange[0], yMax: spec.image.yRange[1] };
    else {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of samples) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      range = paddedRange(lo, hi);
    }
    const layout: RasterLayout = { points: spec.sweep.points, ...this.size, ...range };
    const counts = new Uint32Array(layout.columns * layout.rows); // column-major, one band for the whole grid
    let clipped = 0;
    for (let index = 0; index < spec.sweep.points; index++) {
      const values = samples.subarray(index * record, (index + 1) * record);
      if (Number.isNaN(values[0])) continue; // diverged: no samples
      clipped += binColumn(layout, values, record, counts, rasterColumn(layout, index) * layout.rows);
    }
    const raster = new Uint32Array(layout.columns * layout.rows);
    mergeBand(raster, layout, { columnStart: 0, width: layout.columns, counts });
    return { layout, raster, clipped };
  }
}

/** The observed extent padded by 4 % (a degenerate one by 5 % of its value); [0, 1] with no samples. */
export function paddedRange(lo: number, hi: number): { yMin: number; yMax: number } {
  if (!(lo <= hi)) return { yMin: 0, yMax: 1 };
  const pad = hi > lo ? 0.04 * (hi - lo) : Math.max(1e-9, 0.05 * Math.abs(hi));
  return { yMin: lo - pad, yMax: hi + pad };
}

/** Runs tasks on the pool (or inline), feeding results to accept(taskIndex, result). */
async function runTasks(
  kind: ModelKind,
  tasks: ChunkTask[],
  options: SweepOptions,
  accept: (index: number, r: ChunkResult) => void,
  emitted?: () => number,
): Promise<void> {
  const { pool, signal } = options;
  if (!pool) {
    for (const [i, task] of tasks.entries()) {
      if (signal?.aborted) throw signal.reason;
      accept(i, computeChunk(kind.compute, task));
    }
    return;
  }
  // Submit a bounded window of tasks so a million-point grid never queues all its chunks at once.
  // After a failure no new task starts and the ones in flight are drained before the error is
  // rethrown, so nothing arrives at a pool that is being destroyed or at files being removed.
  // (keepWorkersOnAbort: two per worker, what createSweepPool lets each worker hold.)
  const gentle = options.keepWorkersOnAbort === true;
  const window = gentle ? Math.max(2, options.workers * 2) : Math.max(4, options.workers * 4);
  const taskSignal = gentle ? undefined : signal;
  // Each task in flight listens on the abort signal; Node warns past 10 listeners (from three
  // workers up), though these are removed as tasks finish.
  if (taskSignal) setMaxListeners(Math.max(getMaxListeners(taskSignal), window + 10), taskSignal);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const cancel = gentle && signal ? createCancelFlag() : undefined;
  if (cancel && signal) {
    if (signal.aborted) throw signal.reason;
    signal.addEventListener(
      'abort',
      () => {
        failure ??= { error: signal.reason };
        raiseCancelFlag(cancel);
      },
      { once: true },
    );
  }
  const inFlight = new Set<Promise<void>>();
  const submit = (i: number) => {
    const task = cancel ? { ...tasks[i], cancel } : tasks[i];
    const promise: Promise<void> = (pool.run(task, { signal: taskSignal }) as Promise<ChunkResult>)
      .then((result) => {
        if (!failure) accept(i, result);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };
  while ((!failure && next < tasks.length) || inFlight.size > 0) {
    if (options.backpressure && !failure && next < tasks.length) await options.backpressure();
    // Nor more than a window past the first task not yet handed on in grid order: piscina queues a
    // task with an abort signal that no worker could take behind later ones, so one task can wait
    // till the end while every later result is held in `waiting` (the whole grid).
    while (!failure && next < tasks.length && inFlight.size < window && (!emitted || next - emitted() < 2 * window)) submit(next++);
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  if (failure) throw (failure as { error: unknown }).error;
}

/**
 * The diagram's y range: the spec's, or the extent of the attractors of a pilot run over every
 * k-th grid point (at most 256 of them, same steps), padded by 4 %. The pilot's points are grid
 * points, so a failure there names a real index, and the range depends only on the spec.
 */
async function yRange(
  kind: ModelKind,
  spec: SweepSpec,
  base: ChunkTask['base'],
  options: SweepOptions,
): Promise<{ yMin: number; yMax: number }> {
  if (spec.image.yRange) return { yMin: spec.image.yRange[0], yMax: spec.image.yRange[1] };
  const points = spec.sweep.points;
  const stride = Math.max(1, Math.ceil(points / 256));
  const perTask = chunkSizeFor(Math.ceil(points / stride), options.workers, undefined, kind.info.chunkLanes) * stride;
  const tasks: ChunkTask[] = [];
  for (let start = 0; start < points; start += perTask) {
    tasks.push({ spec, base, start, end: Math.min(points, start + perTask), stride, raster: null });
  }
  let lo = Infinity;
  let hi = -Infinity;
  await runTasks(kind, tasks, { ...options, onProgress: undefined }, (_i, result) => {
    const layout = resultLayout(result);
    const n = result.floats.length / layout.count;
    for (let i = 0; i < n; i++) {
      const min = result.floats[layout.obsMin * n + i];
      const max = result.floats[layout.obsMax * n + i];
      if (min < lo) lo = min;
      if (max > hi) hi = max;
    }
  });
  return paddedRange(lo, hi); // [0, 1] when every pilot point diverged
}
