import { runPhaseSpec } from '../api/phase.js';
import { modelKindOf } from '../models/registry.js';
import { csvRow } from '../io/csv.js';
import type { OutputSet } from '../io/output-set.js';
import { OUTCOMES, PHASE_CATEGORIES } from '../render/phase-categories.js';
import { analyticCurves } from '../render/phase-curves.js';
import { PhaseCells, phaseCellRow, phaseColumns, phasePlane } from '../sweep/phase-cell.js';
import { loadSpec } from '../spec/load-spec.js';
import { phaseAsSweep, phaseSpecSchema, type PhaseSpec } from '../spec/phase-spec.js';
import { workerCount } from '../util/worker-count.js';
import { formatSeconds, ProgressBar } from './progress.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { formatFlag, parseTableFormat, type TableFormat } from './table-format.js';
import { loadParquetWriter, ParquetTableWriter, runMetadata, type ParquetColumn } from '../io/parquet-table.js';
import { toolVersion } from '../version.js';
import { COMMAND_SUMMARIES } from './commands.js';
import { clusterJob } from '../cluster/cluster-job.js';
import { CLUSTER_FLAGS, runJournaled, runShard } from './sharded-run.js';
import type { SweepEngine } from '../cluster/replay-engine.js';
import { optimizerMetadata } from '../optimizers/stability-threshold.js';

export const phaseCommand: CommandDefinition = {
  name: 'phase',
  summary: COMMAND_SUMMARIES.phase,
  usage: 'uvchaos phase <spec.json> [--out DIR] [--workers N] [--quiet] [--format csv|parquet|both] [--shard K/N] [--resume]',
  flags: {
    out: COMMON_FLAGS.out('<name>.phase.csv/.parquet and <name>.phase.png'),
    workers: COMMON_FLAGS.workers(),
    quiet: COMMON_FLAGS.quiet,
    format: formatFlag('phase'),
    ...CLUSTER_FLAGS,
  },
  details: `Spec fields: name, title?, model (uv or mlp), grid {x: {parameter: "eta", from, to, points, spacing?},
y: {parameter: target | width | f0 | ntk0 | initScale | multiplier, from, to, points, spacing?}},
transient (5000), record (512), period {max (32), tol}, divergenceBound (1e8), lyapunov {enabled, zeroTolerance},
early {steps (100), threshold (0.1)}, classify (regime | outcome; mlp only),
outcome {trained (0.1), catapult (2)}, image {width (1600), height (1400)}.
Columns: <x>, <y>, early (reduction | sharpening | flat: sharpness after early.steps over the initial one
below 1 − threshold, above 1 + threshold, or between; empty if the run diverged first), sharpness_ratio,
regime, period, lyap_max; classify "outcome" adds outcome (trains | catapult then trains | stuck | diverges:
final loss ≤ trained · L₀, with or without a loss above catapult · L₀ on the way; final loss above it; left
divergenceBound), loss_initial, loss_max, loss_final, and draws the outcome in the upper panel.
Same engine, workers and determinism as sweep.
--format parquet writes <name>.phase.parquet (typed columns; tool, version, spec and the count per category
in its key-value metadata) instead of the CSV, --format both writes both.`,
  async run({ positionals, flags, log, signal }) {
    const format = parseTableFormat('phase', flags.format);
    const spec = await loadSpec(positionals[0], phaseSpecSchema);
    const job = clusterJob('phase', positionals[0], spec, { sweep: phaseAsSweep(spec), raster: null, plane: phasePlane(spec) });
    const [quiet, resume] = [Boolean(flags.quiet), Boolean(flags.resume)];
    if (flags.shard !== undefined) {
      return runShard(job, {
        shard: String(flags.shard),
        out: String(flags.out),
        workers: workerCount(flags.workers, log),
        resume,
        quiet,
        log,
        signal,
      });
    }
    const outputs = prepareOutputs(String(flags.out), spec.name);
    const workers = workerCount(flags.workers, log);
    return runJournaled(job, outputs, resume, log, (engine) => runPhase(spec, outputs, workers, quiet, log, signal, engine, format));
  },
};

/** The phase table's columns as Parquet types; the CSV leaves early, sharpness_ratio and lyap_max empty where undefined. */
export function phaseParquetColumns(spec: PhaseSpec): ParquetColumn[] {
  return [
    { name: spec.grid.x.parameter, type: 'double', nullable: false },
    { name: spec.grid.y.parameter, type: 'double', nullable: false },
    { name: 'early', type: 'string', nullable: true },
    { name: 'sharpness_ratio', type: 'double', nullable: true },
    { name: 'regime', type: 'string', nullable: false },
    { name: 'period', type: 'int32', nullable: false },
    { name: 'lyap_max', type: 'double', nullable: true },
    ...(spec.outcome
      ? ([
          { name: 'outcome', type: 'string', nullable: false },
          { name: 'loss_initial', type: 'double', nullable: true },
          { name: 'loss_max', type: 'double', nullable: true },
          { name: 'loss_final', type: 'double', nullable: true },
        ] as ParquetColumn[])
      : []),
  ];
}

export async function runPhase(
  spec: PhaseSpec,
  outputs: OutputSet,
  workers: number,
  quiet: boolean,
  log: (line: string, stream?: 'stdout' | 'stderr') => void,
  signal: AbortSignal,
  /** where the chunks come from: runSweep, or a journal or part files replayed (src/cluster) */
  engine?: SweepEngine,
  /** which tables to write (default: the CSV) */
  format: TableFormat = { csv: true, parquet: false },
): Promise<number> {
  const started = performance.now();
  const renderer = import('../render/phase-figure.js'); // load Chart.js while the workers compute
  const { x, y } = spec.grid;
  const nx = x.points;
  const cells = nx * y.points;
  const kind = modelKindOf(spec.model);
  const grid = new PhaseCells(spec);
  const written = [...(format.csv ? ['phase.csv'] : []), ...(format.parquet ? ['phase.parquet'] : []), 'phase.png'].map((s) =>
    outputs.path(s),
  );
  const columns = phaseParquetColumns(spec);
  const csv = format.csv ? outputs.file('phase.csv') : null;
  if (format.parquet) await loadParquetWriter();
  const parquet = format.parquet
    ? new ParquetTableWriter(outputs.file('phase.parquet'), columns, { createdBy: `uvchaos ${toolVersion()}` })
    : null;
  csv?.write(csvRow(phaseColumns(spec)));
  const progress = new ProgressBar(process.stderr, cells, 'cells', !quiet && Boolean(process.stderr.isTTY));
  try {
    // the workers format the CSV lines (formatPhaseChunkText); chunks replayed from a journal or parts come without them
    await runPhaseSpec(
      kind,
      spec,
      grid,
      { workers, engine, signal, formatRows: format.csv, onProgress: (d) => progress.update(d) },
      (chunk, decoded) => {
        const csvHere = csv !== null && !chunk.text; // the CSV lines are formatted here, not by the worker
        const lines: string[] = [];
        if (csvHere || parquet) {
          decoded.forEach((cell, i) => {
            const row = phaseCellRow(grid.plane, chunk.start + i, cell);
            if (csvHere) lines.push(csvRow(row));
            parquet?.appendRow(row);
          });
        }
        csv?.write(chunk.text ? chunk.text.csv : lines.join(''));
      },
    );
    progress.finish();
    const summary = {
      cells,
      categories: grid.counts,
      ...(grid.outcomeCounts ? { outcomes: grid.outcomeCounts } : {}),
      seconds: (performance.now() - started) / 1000,
      workers,
      optimizer: optimizerMetadata(spec.optimizer),
    };
    parquet?.close(runMetadata({ tool: 'uvchaos', version: toolVersion() }, spec, summary));

    const { renderPhaseFigure } = await renderer;
    const png = await renderPhaseFigure({
      spec,
      category: grid.category,
      trend: grid.trend,
      lyapMax: grid.lyapMax,
      outcome: spec.outcome ? grid.outcome : undefined,
      curves: await analyticCurves(kind.info, spec),
    });
    outputs.write('phase.png', png);
    outputs.commit();
    const wall = (performance.now() - started) / 1000;
    const { outcomeCounts } = grid;
    const tally = outcomeCounts ? OUTCOMES.map((o) => `${outcomeCounts[o]} ${o}`) : PHASE_CATEGORIES.map((c) => `${grid.counts[c]} ${c}`);
    log(`${cells} cells: ${tally.join(', ')}; ${formatSeconds(wall)} wall on ${workers} worker${workers > 1 ? 's' : ''}`);
    log(`wrote ${written.join(', ')}`);
    return 0;
  } finally {
    progress.finish();
  }
}

export { analyticCurves } from '../render/phase-curves.js';
