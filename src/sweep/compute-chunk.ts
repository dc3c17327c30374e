import type { ChunkResult, ChunkTask } from './chunk.js';
import { computeMapChunk } from './map-chunk.js';
import { computeUvChunk } from './uv-chunk.js';
import { computeMlpChunk } from '../models/mlp/sweep-chunk.js';

/**
 * The compute side of each model kind: its own kernels for the UV model and the mlp, the generic
 * batch-map engine for every discrete map (logistic, Hénon, expressions). Each typed entry point
 * narrows the spec it is handed; the kind was checked when the spec was parsed (not here: importing
 * the spec schemas would load zod into every worker).
 */
const COMPUTE: Record<string, (task: never) => ChunkResult> = {
  uv: computeUvChunk,
  mlp: computeMlpChunk,
};

/**
 * Runs grid points [start, end) of a chunk: transient, record, period, Lyapunov exponents,
 * classification, raster. A point's results depend only on the spec and its index.
 */
export function computeChunk(task: ChunkTask): ChunkResult {
  const compute = (COMPUTE[task.spec.model.kind] ?? computeMapChunk) as (task: ChunkTask) => ChunkResult;
  return compute(task);
}
