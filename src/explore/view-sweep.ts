import { modelKindOf } from '../models/registry.js';
import type { Piscina } from 'piscina';
import { attractorColumns, attractorRow, type AttractorRow } from '../io/attractor-table.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { runSweep, type SweepOutcome } from '../sweep/run-sweep.js';
import type { RasterLayout } from '../sweep/raster.js';

/** One sweep of a view: its raster and its attractor-table rows, as `uvchaos sweep` computes them. */
export interface ViewSweep {
  spec: SweepSpec;
  layout: RasterLayout;
  raster: Uint32Array;
  clipped: number;
  columns: string[];
  rows: AttractorRow[];
  /** λ_max per grid point (NaN where diverged), 1 where diverged: what the figure's panels read */
  lyapMax: Float64Array;
  diverged: Uint8Array;
  /** 1 where a grid point is settling: the figure draws its column in the settling colours */
  settling: Uint8Array;
  seconds: number;
}

/**
 * Runs the sweep engine on a view's spec in the shared pool. The raster is `columns` wide (at
 * most one column per grid point) and `rows` high. Aborting `signal` stops handing out chunks and
 * stops those still running at their next check of the sweep's cancel flag (workers are kept, see
 * keepWorkersOnAbort).
 */
export async function sweepView(
  spec: SweepSpec,
  pool: Piscina,
  workers: number,
  raster: { columns: number; rows: number },
  signal: AbortSignal,
  onProgress?: (done: number, total: number) => void,
): Promise<ViewSweep> {
  const started = performance.now();
  const points = spec.sweep.points;
  const rows: AttractorRow[] = new Array(points);
  const lyapMax = new Float64Array(points).fill(NaN);
  const diverged = new Uint8Array(points);
  const settling = new Uint8Array(points);
  const outcome: SweepOutcome = await runSweep(
    modelKindOf(spec.model),
    spec,
    {
      pool,
      workers,
      signal,
      onProgress,
      keepWorkersOnAbort: true,
      raster: { columns: Math.min(points, raster.columns), rows: raster.rows },
    },
    (chunk) => {
      for (let index = chunk.start; index < chunk.end; index++) {
        const row = attractorRow(spec, chunk, index);
        rows[index] = row;
        lyapMax[index] = (row[3] as number | null) ?? NaN;
        diverged[index] = row[1] === 'diverged' ? 1 : 0;
        settling[index] = row[1] === 'settling' ? 1 : 0;
      }
    },
  );
  return {
    spec,
    layout: outcome.layout!,
    raster: outcome.raster!,
    clipped: outcome.clipped,
    columns: attractorColumns(modelKindOf(spec.model).info, spec),
    rows,
    lyapMax,
    diverged,
    settling,
    seconds: (performance.now() - started) / 1000,
  };
}
