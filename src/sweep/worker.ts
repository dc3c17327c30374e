import { transferResult } from './transfer-result.js';
import type { ChunkTask } from './chunk.js';
import { computeChunk } from './compute-chunk.js';
import { formatChunkText } from '../io/attractor-table.js';
import { formatPhaseChunkText } from './phase-cell.js';
import { loadMathjs, needsMathjs } from '../models/expression/mathjs-loader.js';

/**
 * Piscina worker entry: computes one chunk and hands its typed arrays back by transfer (no
 * copy, no JSON). Numbers only: canvas and Chart.js never load in a worker thread.
 */
export default async function runChunk(task: ChunkTask): Promise<unknown> {
  if (needsMathjs(task.spec)) await loadMathjs();
  const result = computeChunk(task);
  if (task.formatRows) result.text = task.plane ? formatPhaseChunkText(task.plane, result) : formatChunkText(task.spec, result);
  const buffers: ArrayBuffer[] = [result.floats.buffer, result.ints.buffer, result.raster.buffer] as ArrayBuffer[];
  if (result.text) buffers.push(result.text.csv.buffer as ArrayBuffer, result.text.json.buffer as ArrayBuffer);
  if (result.series) buffers.push(result.series.buffer as ArrayBuffer);
  return transferResult(result, buffers);
}
