import type { GenericModelSpec } from '../spec/generic-model-schema.js';
import { isUvSweep, type SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult, ChunkTask } from './chunk.js';
import { computeMapChunk } from './map-chunk.js';
import { computeUvChunk } from './uv-chunk.js';

/**
 * Runs grid points [start, end) of a chunk: transient, record, period, Lyapunov exponents,
 * classification, raster. A point's results depend only on the spec and its index.
 */
export function computeChunk(task: ChunkTask): ChunkResult {
  const spec = task.spec;
  if (isUvSweep(spec)) return computeUvChunk({ ...task, spec });
  return computeMapChunk({ ...task, spec: spec as SweepSpec & { model: GenericModelSpec } });
}
