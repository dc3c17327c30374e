import { transferResult } from '../sweep/transfer-result.js';
import { loadMathjs, needsMathjs } from '../models/expression/mathjs-loader.js';
import { computeBasinRows, type BasinTask } from './basin-grid.js';

/**
 * Piscina worker entry of the portrait: classifies a band of basin rows and hands the typed arrays
 * back by transfer. Numbers only: canvas and Chart.js never load in a worker thread.
 */
export default async function runBasinRows(task: BasinTask): Promise<unknown> {
  if (needsMathjs(task.spec)) await loadMathjs();
  const result = computeBasinRows(task);
  return transferResult(result, [result.codes.buffer, result.points.buffer, result.lyapunov.buffer] as ArrayBuffer[]);
}
