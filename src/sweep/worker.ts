import { Piscina } from 'piscina';
import { computeChunk, type ChunkResult, type ChunkTask } from './chunk.js';

/**
 * Piscina worker entry: computes one chunk and hands its typed arrays back by transfer (no
 * copy, no JSON). Numbers only: canvas and Chart.js never load in a worker thread.
 */
export default function runChunk(task: ChunkTask): unknown {
  const result = computeChunk(task);
  const buffers: ArrayBuffer[] = [result.floats.buffer, result.ints.buffer, result.raster.buffer] as ArrayBuffer[];
  const transferable = {
    get [Piscina.transferableSymbol]() {
      return buffers;
    },
    get [Piscina.valueSymbol](): ChunkResult {
      return result;
    },
  };
  return Piscina.move(transferable as never);
}
