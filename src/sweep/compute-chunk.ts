import type { ChunkResult, ChunkTask } from './chunk.js';
import { kindCompute } from '../models/compute.js';

/**
 * Runs grid points [start, end) of a chunk: transient, record, period, Lyapunov exponents,
 * classification, raster. A point's results depend only on the spec and its index.
 */
export function computeChunk(task: ChunkTask): ChunkResult {
  return kindCompute(task.spec.model).chunk(task);
}
