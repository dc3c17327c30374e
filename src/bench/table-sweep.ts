/**
 * One UV sweep as `uvchaos sweep` runs it (the worker pool, the density raster, the attractor
 * table writer, the all-or-nothing commit) but without the figure, and with `none` as a format:
 * the same sweep writing no table, the baseline the table formats are measured against. Run in a
 * child process by bench.ts, so that each variant's peak RSS is its own:
 *
 *     node dist/bench/table-sweep.js <none|csv|parquet|both> <points> <out-dir>
 *
 * Prints one JSON line: {seconds, cpuSeconds, tableSeconds, peakMB, files: {suffix: bytes}}:
 * cpuSeconds of all threads, tableSeconds the main thread's wall time in the table writers and
 * the commit.
 */
import { modelKindOf } from '../models/registry.js';
import { statSync } from 'node:fs';
import { AttractorTableWriter } from '../io/attractor-table.js';
import { loadParquetWriter } from '../io/parquet-table.js';
import { OutputSet } from '../io/output-set.js';
import { sweepSpecSchema } from '../spec/sweep-spec.js';
import { createSweepPool } from '../sweep/pool.js';
import { runSweep } from '../api/engine-by-kind.js';
import { toolVersion } from '../version.js';

/** The million-point sweep: 20,000 transient + 2,000 recorded steps per point. */
function tableBenchSpec(points: number) {
  return sweepSpecSchema.parse({
    name: 'table-bench',
    model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
    sweep: { from: 0.9, to: 1.9, points },
    transient: 20_000,
    record: 2_000,
  });
}

async function main(): Promise<void> {
  const [format, pointsText, out] = process.argv.slice(2);
  if (!['none', 'csv', 'parquet', 'both'].includes(format) || !(Number(pointsText) > 0) || !out) {
    throw new Error('usage: table-sweep.js <none|csv|parquet|both> <points> <out-dir>');
  }
  const spec = tableBenchSpec(Number(pointsText));
  const started = performance.now();
  const cpuStart = process.cpuUsage(); // every thread of the process: the main thread and the workers
  const outputs = OutputSet.open(out, spec.name);
  const workers = 2;
  const pool = createSweepPool(workers);
  let tableSeconds = 0; // main-thread time spent writing tables (and committing them)
  const csv = format === 'csv' || format === 'both' ? outputs.file('attractors.csv') : null;
  const parquet = format === 'parquet' || format === 'both' ? outputs.file('attractors.parquet') : null;
  if (parquet) await loadParquetWriter();
  const table =
    format === 'none'
      ? null
      : new AttractorTableWriter(
          modelKindOf(spec.model).info,
          spec,
          csv,
          outputs.file('attractors.json'),
          { tool: 'uvchaos', version: toolVersion() },
          parquet,
        );
  try {
    // as the CLI runs it: the workers format the CSV rows when there is a CSV
    await runSweep(
      spec,
      {
        pool,
        workers,
        formatRows: csv !== null,
        raster: { columns: Math.min(spec.sweep.points, spec.image.width), rows: spec.image.height },
      },
      (chunk) => {
        const t0 = performance.now();
        table?.writeChunk(chunk);
        tableSeconds += (performance.now() - t0) / 1000;
      },
    );
    const t0 = performance.now();
    table?.finish({ points: spec.sweep.points, regimes: table.regimeCounts });
    outputs.commit();
    tableSeconds += (performance.now() - t0) / 1000;
  } finally {
    await pool.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const files: Record<string, number> = {};
  for (const suffix of ['attractors.csv', 'attractors.parquet', 'attractors.json']) {
    const stat = statSync(outputs.path(suffix), { throwIfNoEntry: false });
    if (stat) files[suffix] = stat.size;
  }
  console.log(JSON.stringify({ seconds, cpuSeconds, tableSeconds, peakMB: process.resourceUsage().maxRSS / 1024, files }));
}

await main();
