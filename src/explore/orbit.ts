import type { Piscina } from 'piscina';
import { attractorColumns, attractorRow } from '../io/attractor-table.js';
import { modelKindOf } from '../models/registry.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult, ChunkTask } from '../sweep/chunk.js';
import { createCancelFlag, raiseCancelFlag } from '../sweep/chunk-cancel.js';
import { gridValue } from '../sweep/grid.js';

/** One grid point's orbit for the page's panel: its attractor-table row and its recorded observable. */
export interface PointOrbit {
  index: number;
  value: number;
  /** the attractor table's row for this point, by column name (as `uvchaos sweep` writes it) */
  row: Record<string, number | string | null>;
  /** the observable at steps transient + 1 … transient + record (null where not finite; empty if diverged) */
  series: (number | null)[];
  firstStep: number;
}

/**
 * Runs grid point `index` of the view's spec in a worker, as the sweep ran it (same task, one
 * point), keeping its recorded observable: the panel's period and exponents are the table's.
 */
export async function pointOrbit(
  spec: SweepSpec,
  index: number,
  pool: Piscina,
  signal: AbortSignal,
  /** a phase diagram's plane: `index` is then a cell, x fastest (explore/phase-view.ts) */
  plane?: ChunkTask['plane'],
): Promise<PointOrbit> {
  if (signal.aborted) throw signal.reason;
  // A page that goes away stops the point through the cancel flag: its worker is kept (a restart
  // costs about a second), and a costly point (an mlp's) stops within a step.
  const cancel = createCancelFlag();
  signal.addEventListener('abort', () => raiseCancelFlag(cancel), { once: true });
  const task: ChunkTask = {
    spec: { ...spec, title: undefined, description: undefined, $schema: undefined },
    base: modelKindOf(spec.model).compute.base?.(spec.model),
    start: index,
    end: index + 1,
    raster: null,
    plane,
    saveSeries: true,
    cancel,
  };
  let result: ChunkResult;
  try {
    result = (await pool.run(task)) as ChunkResult;
  } catch (err) {
    throw signal.aborted ? signal.reason : err;
  }
  const columns = attractorColumns(modelKindOf(spec.model).info, spec);
  const values = attractorRow(spec, result, index);
  const row = Object.fromEntries(columns.map((name, c) => [name, values[c]]));
  const diverged = row.regime === 'diverged';
  const series = diverged || !result.series ? [] : Array.from(result.series, (v) => (Number.isFinite(v) ? v : null));
  return { index, value: gridValue(spec.sweep, index), row, series, firstStep: spec.transient + 1 };
}
