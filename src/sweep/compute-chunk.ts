import { GridPointError, gridPointValues, type ChunkResult, type ChunkTask } from './chunk.js';
import type { KindCompute } from '../kind/model-kind.js';
import { throwIfCancelled } from './chunk-cancel.js';

/** Fault injection for the test suite: the grid point at which a chunk must throw (on a worker or inline). */
const FAIL_AT = process.env.UVCHAOS_TEST_FAIL_AT_POINT === undefined ? -1 : Number(process.env.UVCHAOS_TEST_FAIL_AT_POINT);

/**
 * Runs grid points [start, end) of a chunk: transient, record, period, Lyapunov exponents,
 * classification, raster, with the compute of the spec's kind. A point's results depend only on
 * the spec and its index.
 */
export function computeChunk(compute: KindCompute, task: ChunkTask): ChunkResult {
  if (FAIL_AT >= task.start && FAIL_AT < task.end && (FAIL_AT - task.start) % (task.stride ?? 1) === 0) {
    throw new GridPointError(FAIL_AT, gridPointValues(task, FAIL_AT), new Error('injected failure'));
  }
  throwIfCancelled(task.cancel); // a chunk queued behind a cancelled one in its worker does not start
  return compute.chunk(task);
}
