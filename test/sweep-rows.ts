import { attractorColumns, runSweep } from '../src/api/engine-by-kind.js';
import { attractorRow } from '../src/io/attractor-table.js';
import type { ChunkResult } from '../src/sweep/chunk.js';
import type { SweepSpec } from '../src/spec/sweep-spec.js';

/** A sweep's attractor table, run on this thread (no workers), one object per grid point keyed by column. */
export async function sweepRowsOnThisThread(spec: SweepSpec): Promise<Record<string, number | string | null>[]> {
  const chunks: ChunkResult[] = [];
  await runSweep(spec, { pool: null, workers: 1, raster: null }, (c) => chunks.push(c));
  const columns = attractorColumns(spec);
  return chunks.flatMap((c) =>
    Array.from({ length: c.end - c.start }, (_, i) => {
      const row = attractorRow(spec, c, c.start + i);
      return Object.fromEntries(columns.map((name, k) => [name, row[k]]));
    }),
  );
}
