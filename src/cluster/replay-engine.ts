import { CommandFailure, UsageError } from '../util/user-errors.js';
import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult } from '../sweep/chunk.js';
import { mergeBand, type RasterLayout } from '../sweep/raster.js';
import { DeferredRaster, runSweep, type SweepOptions, type SweepOutcome } from '../sweep/run-sweep.js';
import { decodeChunk } from './chunk-record.js';
import type { StoredChunkRef } from './journal.js';
import { isProblem, RecordReader } from './record-file.js';

/** What the sweep and phase commands call to get their chunks: runSweep, or one of these. */
export type SweepEngine = (
  kind: ModelKind,
  spec: SweepSpec,
  options: SweepOptions,
  onChunk: (result: ChunkResult) => void,
) => Promise<SweepOutcome>;

/** The parts of [from, to) that no stored chunk covers (stored sorted by start, disjoint). */
export function missingRanges(block: readonly [number, number], stored: readonly { start: number; end: number }[]): [number, number][] {
  const gaps: [number, number][] = [];
  let at = block[0];
  for (const { start, end } of stored) {
    if (start > at) gaps.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < block[1]) gaps.push([at, block[1]]);
  return gaps;
}

/**
 * An engine that hands over chunks stored earlier (a journal, part files) as if they had just
 * been computed, and computes the rest of the grid with runSweep. Chunks reach `onChunk` in grid
 * order, interleaved; raster bands and clipped counts are summed, mlp samples binned once all
 * are in. Every value comes from the same per-point numbers as an uninterrupted run, so the
 * outputs are the same bytes. Stored chunks are read when their turn comes, not held in memory.
 */
export function replayingEngine(
  stored: readonly StoredChunkRef[],
  options: { onComputed?: SweepOptions['onComputed']; compute?: SweepOutcome['compute'] } = {},
): SweepEngine {
  return async (kind, spec, sweepOptions, onChunk) => {
    const points = spec.sweep.points;
    const missing = missingRanges([0, points], stored);
    const deferred = sweepOptions.raster && kind.info.samplesToMainThread ? new DeferredRaster(spec, sweepOptions.raster) : null;
    const replayed = { points: 0, clipped: 0, layout: null as RasterLayout | null, raster: null as Uint32Array | null };
    let computed = 0;
    const progress = () => sweepOptions.onProgress?.(replayed.points + computed, points);
    const readers = new Map<string, RecordReader>();
    let next = 0;
    const replayBefore = (index: number) => {
      while (next < stored.length && stored[next].start < index) {
        const { result, layout } = load(readers, stored[next++]);
        if (deferred && result.series) deferred.add(result.start, result.series);
        else if (sweepOptions.raster && layout) {
          if (!replayed.layout) {
            // the raster is sized by the spec, never by what a stored record claims
            if (layout.columns !== sweepOptions.raster.columns || layout.rows !== sweepOptions.raster.rows)
              throw layoutMismatch({ ...layout, ...sweepOptions.raster }, layout);
            replayed.layout = layout;
            replayed.raster = new Uint32Array(layout.columns * layout.rows);
          } else if (!sameLayout(layout, replayed.layout)) throw layoutMismatch(layout, replayed.layout);
          mergeBand(replayed.raster!, layout, { columnStart: result.rasterColumnStart, width: result.rasterWidth, counts: result.raster });
        }
        replayed.clipped += result.clipped;
        replayed.points += result.end - result.start;
        onChunk(result);
        progress();
      }
    };
    try {
      let outcome: SweepOutcome = { layout: null, raster: null, clipped: 0 };
      if (missing.length > 0) {
        outcome = await runSweep(
          kind,
          spec,
          {
            ...sweepOptions,
            ranges: missing,
            onComputed: (result, layout) => {
              if (deferred && result.series) deferred.add(result.start, result.series);
              options.onComputed?.(result, layout);
            },
            onProgress: (done) => {
              computed = done;
              progress();
            },
          },
          (chunk) => {
            replayBefore(chunk.start);
            onChunk(chunk);
          },
        );
      }
      replayBefore(Infinity);
      if (deferred) outcome = deferred.finish();
      else if (replayed.layout) {
        if (outcome.layout && !sameLayout(outcome.layout, replayed.layout)) throw layoutMismatch(outcome.layout, replayed.layout);
        if (outcome.raster) for (let i = 0; i < outcome.raster.length; i++) outcome.raster[i] += replayed.raster![i];
        else outcome = { ...outcome, layout: replayed.layout, raster: replayed.raster };
        outcome.clipped += replayed.clipped;
      } else outcome.clipped += replayed.clipped;
      return options.compute ? { ...outcome, compute: options.compute } : outcome;
    } finally {
      for (const reader of readers.values()) reader.close();
    }
  };
}

function load(readers: Map<string, RecordReader>, ref: StoredChunkRef) {
  let reader = readers.get(ref.file);
  if (!reader) readers.set(ref.file, (reader = RecordReader.open(ref.file)));
  const record = reader.read(ref.offset);
  if (record === null || isProblem(record))
    throw new CommandFailure(`${ref.file}: changed while it was read (${record ? record.detail : 'shorter than before'})`);
  const chunk = decodeChunk(record.payload);
  if ('problem' in chunk) throw new UsageError(`${ref.file}: corrupted (the chunk record at byte ${ref.offset}: ${chunk.problem})`);
  return chunk;
}

function sameLayout(a: RasterLayout, b: RasterLayout): boolean {
  return a.points === b.points && a.columns === b.columns && a.rows === b.rows && a.yMin === b.yMin && a.yMax === b.yMax;
}

function layoutMismatch(a: RasterLayout, b: RasterLayout): CommandFailure {
  return new CommandFailure(
    `stored chunks were binned into a ${b.columns} × ${b.rows} raster over y ∈ [${b.yMin}, ${b.yMax}], but this run's is ${a.columns} × ${a.rows} over [${a.yMin}, ${a.yMax}]; the y range must depend on the spec alone`,
  );
}
