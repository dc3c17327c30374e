import type { AtomicFile } from './atomic-file.js';
import { csvRow } from './csv.js';
import type { ChunkResult } from '../sweep/chunk.js';
import { gridValue } from '../sweep/grid.js';
import type { SweepSpec } from '../spec/sweep-spec.js';

/**
 * `sweep --save-orbits`: every grid point's recorded observable as one long-format CSV,
 * `<parameter>,step,<observable>`, one row per recorded GD step (step = transient + t), which
 * `uvchaos analyze <name>.orbits.csv` reads back. A point that diverged has one row, at the step
 * it diverged, with the value `nan`: analyze reads it as diverged there. Values are written in
 * the shortest form that reads back to the same double, so nothing is lost on the way.
 */
export class OrbitExportWriter {
  constructor(
    private readonly spec: SweepSpec,
    private readonly file: AtomicFile,
  ) {
    file.write(csvRow([spec.sweep.parameter, 'step', spec.observable]));
  }

  writeChunk(result: ChunkResult): void {
    const { spec } = this;
    const record = spec.record;
    const n = result.end - result.start;
    const series = result.series;
    if (!series) throw new Error('internal: --save-orbits chunk without series');
    for (let i = 0; i < n; i++) {
      const value = gridValue(spec.sweep, result.start + i);
      const divergedAt = result.ints[2 * n + i];
      if (divergedAt >= 0) {
        this.file.write(`${csvRow([value, divergedAt, 'nan'])}`);
        continue;
      }
      const lines: string[] = [];
      const v = String(value);
      for (let t = 0; t < record; t++) lines.push(`${v},${spec.transient + t},${String(series[i * record + t])}\n`);
      this.file.write(lines.join(''));
    }
  }
}
