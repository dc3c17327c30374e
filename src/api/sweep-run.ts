import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult } from '../sweep/chunk.js';
import type { SweepOutcome } from '../sweep/run-sweep.js';
import { runEngine, type EngineOptions } from './engine-run.js';

/** The density raster of a sweep's diagram: one column per grid point up to the image width. */
export function sweepRaster(spec: SweepSpec): { columns: number; rows: number } {
  return { columns: Math.min(spec.sweep.points, spec.image.width), rows: spec.image.height };
}

/**
 * A validated sweep spec on the engine, for sweep() and `uvchaos sweep` alike: the chunks in grid
 * order to `onChunk`, and the diagram's density raster in the outcome.
 */
export function runSweepSpec(
  kind: ModelKind,
  spec: SweepSpec,
  options: Omit<EngineOptions, 'raster'>,
  onChunk: (chunk: ChunkResult) => void,
): Promise<SweepOutcome> {
  return runEngine('sweep', kind, spec, { ...options, raster: sweepRaster(spec) }, onChunk);
}
