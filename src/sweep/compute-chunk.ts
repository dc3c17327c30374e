import type { GenericModelSpec } from '../spec/generic-model-schema.js';
import type { SweepSpec, UvSweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult, ChunkTask } from './chunk.js';
import { computeMapChunk } from './map-chunk.js';
import { computeUvChunk } from './uv-chunk.js';
import { computeMlpChunk, type MlpSweepSpec } from '../models/mlp/sweep-chunk.js';

/**
 * Runs grid points [start, end) of a chunk: transient, record, period, Lyapunov exponents,
 * classification, raster. A point's results depend only on the spec and its index.
 */
export function computeChunk(task: ChunkTask): ChunkResult {
  const spec = task.spec;
  // (kind checked directly: importing the spec schemas would load zod into every worker)
  if (spec.model.kind === 'uv') return computeUvChunk({ ...task, spec: spec as UvSweepSpec });
  if (spec.model.kind === 'mlp') return computeMlpChunk({ ...task, spec: spec as MlpSweepSpec });
  return computeMapChunk({ ...task, spec: spec as SweepSpec & { model: GenericModelSpec } });
}
