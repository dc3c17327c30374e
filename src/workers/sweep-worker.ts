import { transferResult } from '../sweep/transfer-result.js';
import type { ChunkTask } from '../sweep/chunk.js';
import { computeChunk } from '../sweep/compute-chunk.js';
import { formatChunkText } from '../io/attractor-table.js';
import { formatPhaseChunkText } from '../sweep/phase-cell.js';
import { modelKindOf } from '../models/registry.js';

/**
 * Piscina worker entry: computes one chunk and hands its typed arrays back by transfer (no
 * copy, no JSON). Numbers only: canvas and Chart.js never load in a worker thread. An entry
 * point: it resolves the spec's kind from the registry and hands the object down.
 */
export default async function runChunk(task: ChunkTask): Promise<unknown> {
  const kind = modelKindOf(task.spec.model);
  await kind.prepare?.();
  const result = computeChunk(kind.compute, task);
  if (task.formatRows) result.text = task.plane ? formatPhaseChunkText(task.plane, result) : formatChunkText(kind.info, task.spec, result);
  const buffers: ArrayBuffer[] = [result.floats.buffer, result.ints.buffer, result.raster.buffer] as ArrayBuffer[];
  if (result.text) buffers.push(result.text.csv.buffer as ArrayBuffer, result.text.json.buffer as ArrayBuffer);
  if (result.series) buffers.push(result.series.buffer as ArrayBuffer);
  if (result.lossStats) buffers.push(result.lossStats.buffer as ArrayBuffer);
  return transferResult(result, buffers);
}
