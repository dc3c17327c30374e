import { transferResult } from '../sweep/transfer-result.js';
import { computeBasinRows, type BasinTask } from '../portrait/basin-grid.js';
import { modelKindOf } from '../models/registry.js';

/**
 * Piscina worker entry of the portrait: classifies a band of basin rows and hands the typed arrays
 * back by transfer. Numbers only: canvas and Chart.js never load in a worker thread. An entry
 * point: it resolves the spec's kind once per task and hands the system down.
 */
export default async function runBasinRows(task: BasinTask): Promise<unknown> {
  const kind = modelKindOf(task.spec.model);
  await kind.prepare?.();
  if (!kind.portrait) throw new Error(`internal: model kind "${kind.name}" has no portrait`);
  const result = computeBasinRows(task, kind.portrait.system(task.spec));
  return transferResult(result, [result.codes.buffer, result.points.buffer, result.lyapunov.buffer] as ArrayBuffer[]);
}
