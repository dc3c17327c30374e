import { Piscina } from 'piscina';
import { GridPointError, gridPointValues, type ChunkResult, type ChunkTask } from './chunk.js';
import { computeChunk } from './compute-chunk.js';
import { formatChunkText } from '../io/attractor-table.js';
import { loadMathjs, needsMathjs } from '../models/expression/mathjs-loader.js';

/** Fault injection for the test suite: the grid point at which a worker must throw. */
const FAIL_AT = process.env.UVCHAOS_TEST_FAIL_AT_POINT === undefined ? -1 : Number(process.env.UVCHAOS_TEST_FAIL_AT_POINT);

/**
 * Piscina worker entry: computes one chunk and hands its typed arrays back by transfer (no
 * copy, no JSON). Numbers only: canvas and Chart.js never load in a worker thread.
 */
export default async function runChunk(task: ChunkTask): Promise<unknown> {
  if (needsMathjs(task.spec)) await loadMathjs();
  if (FAIL_AT >= task.start && FAIL_AT < task.end && (FAIL_AT - task.start) % (task.stride ?? 1) === 0) {
    throw new GridPointError(FAIL_AT, gridPointValues(task, FAIL_AT), new Error('injected failure'));
  }
  const result = computeChunk(task);
  if (task.formatRows) result.text = formatChunkText(task.spec, result);
  const buffers: ArrayBuffer[] = [result.floats.buffer, result.ints.buffer, result.raster.buffer] as ArrayBuffer[];
  if (result.text) buffers.push(result.text.csv.buffer as ArrayBuffer, result.text.json.buffer as ArrayBuffer);
  if (result.series) buffers.push(result.series.buffer as ArrayBuffer);
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
