import { AttractorTableWriter, JSON_ROW_LIMIT } from '../io/attractor-table.js';
import { OrbitExportWriter } from '../io/orbit-export.js';
import type { OutputSet } from '../io/output-set.js';
import { modelKindOf } from '../models/registry.js';
import { optimizerMetadata } from '../optimizers/stability-threshold.js';
import { markedCascade, runSweepSpec, sweepRaster } from '../api/sweep.js';
import { bifurcationInput } from '../render/bifurcation-input.js';
import { loadSpec } from '../spec/load-spec.js';
import { SWEEP_LIMITS, sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { workerCount } from '../util/worker-count.js';
import { runsInline } from '../sweep/inline-sweep.js';
import { clusterJob } from '../cluster/cluster-job.js';
import { CLUSTER_FLAGS, runJournaled, runShard } from './sharded-run.js';
import type { SweepEngine } from '../cluster/replay-engine.js';
import { toolVersion } from '../version.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { formatSeconds, ProgressBar } from './progress.js';
import { loadParquetWriter } from '../io/parquet-table.js';
import { attractorOutputSuffixes, formatFlag, parseTableFormat, type TableFormat } from './table-format.js';
import { COMMAND_SUMMARIES } from './commands.js';
import { UsageError } from '../util/user-errors.js';
import { severalStarts } from '../spec/initial-conditions.js';

export const sweepCommand: CommandDefinition = {
  name: 'sweep',
  summary: COMMAND_SUMMARIES.sweep,
  usage:
    'uvchaos sweep <spec.json> [--out DIR] [--workers N] [--quiet] [--chunk-size N] [--save-orbits] [--format csv|parquet|both] [--shard K/N] [--resume]',
  flags: {
    out: COMMON_FLAGS.out('<name>.attractors.csv/.parquet/.json, <name>.windows.csv, <name>.bifurcation.png'),
    workers: COMMON_FLAGS.workers('worker threads; without it a small sweep runs on the main thread'),
    quiet: COMMON_FLAGS.quiet,
    'chunk-size': {
      type: 'string',
      help: 'grid points per worker task (default: adaptive; results do not depend on it)',
      positiveInteger: { max: SWEEP_LIMITS.points },
    },
    'save-orbits': {
      type: 'boolean',
      help: "also write <name>.orbits.csv: every point's recorded observable, per step (uvchaos analyze reads it)",
    },
    format: formatFlag('attractors'),
    ...CLUSTER_FLAGS,
  },
  details: `Spec fields: name, title?, model (as for trajectory), eta (UV and mlp, unless swept),
sweep {parameter (UV: eta|target|multiplier|inputNorm2|f0|ntk0, default eta; mlp: eta|multiplier|
initScale|width; other maps: any parameter, default the first), from, to, points, spacing: linear|log},
transient (20000), record (1000), period {max (64), tol (1e-6)}, divergenceBound (1e8),
lyapunov {enabled (true), zeroTolerance (1e-3), exponents (mlp only, 1)}, observable (UV: eta_sharpness |
sharpness | ntk | eta_ntk | residual | loss | f; mlp: eta_sharpness | sharpness | loss | f; other maps: a
variable, default the first), image {width (1600), height (1100), yRange?}, initialConditions? {count,
seed (1), box? {<variable>: [lo, hi]}, perturbation? (mlp), tolerance (1e-6)}: K starts per point, grouped
into attractors and matched across the grid; adds ic/attractor columns and <name>.fractions.csv.
Regimes: converged (period 1), periodic (period p, or 0 for an attracting cycle longer than period.max),
chaotic (λ_max > 0), quasiperiodic (λ_max ≈ 0, no period), diverged (period −1), settling (no period and
the observable still trends across the record: see docs/commands/sweep.md).
Tables: --format parquet writes <name>.attractors.parquet (typed columns, tool, version, spec and summary
in its key-value metadata) instead of the CSV, --format both writes both. Above ${JSON_ROW_LIMIT} points
<name>.attractors.json keeps spec, columns and summary and names the table files instead of repeating the rows.
Small sweeps (UV, logistic, Hénon; points × (transient + record) ≤ 2·10⁷) run on the main thread
when --workers is not given: starting workers would take longer than the sweep. The outputs are the same.
Ctrl-C stops the workers, removes temporary files and exits with 130.`,
  async run({ positionals, flags, log, signal }) {
    const format = parseTableFormat('sweep', flags.format);
    const spec = await loadSpec(positionals[0], sweepSpecSchema);
    if (severalStarts(spec)) {
      // K runs per point: the journal and part files keep one run per grid point
      for (const flag of ['shard', 'resume', 'save-orbits'] as const)
        if (flags[flag] !== undefined && flags[flag] !== false)
          throw new UsageError(`sweep: --${flag} does not take a spec with initialConditions (several runs per grid point)`);
    }
    const job = clusterJob('sweep', positionals[0], spec, { sweep: spec, raster: sweepRaster(spec) });
    const chunkSize = flags['chunk-size'] ? Number(flags['chunk-size']) : undefined;
    const quiet = Boolean(flags.quiet);
    const resume = Boolean(flags.resume);
    if (flags.shard !== undefined) {
      return runShard(job, {
        shard: String(flags.shard),
        out: String(flags.out),
        workers: workerCount(flags.workers, log),
        chunkSize,
        resume,
        quiet,
        log,
        signal,
      });
    }
    const outputs = prepareOutputs(String(flags.out), spec.name);
    const workers = workerCount(flags.workers, log);
    // K runs cost K sweeps: small enough for the main thread only if all K together are
    const runs = spec.initialConditions?.count ?? 1;
    const inline =
      flags.workers === undefined &&
      runsInline({ ...spec, sweep: { ...spec.sweep, points: spec.sweep.points * runs } }, modelKindOf(spec.model).info);
    if (severalStarts(spec)) {
      const { runSweepFractionsCommand } = await import('./sweep-fractions-command.js');
      return runSweepFractionsCommand(spec, { outputs, workers, inline, chunkSize, quiet, log, signal, format });
    }
    return runJournaled(job, outputs, resume, log, (engine) =>
      runSweepCommand(spec, {
        outputs,
        workers,
        inline,
        chunkSize,
        quiet,
        log,
        signal,
        engine,
        format,
        saveOrbits: Boolean(flags['save-orbits']),
      }),
    );
  },
};

export interface RunOptions {
  outputs: OutputSet;
  workers: number;
  /** compute on the main thread, no pool (a small sweep: see runsInline) */
  inline?: boolean;
  chunkSize?: number;
  quiet: boolean;
  log: (line: string, stream?: 'stdout' | 'stderr') => void;
  signal: AbortSignal;
  /** where the chunks come from: runSweep, or a journal or part files replayed (src/cluster) */
  engine?: SweepEngine;
  /** which tables to write (default: the CSV) */
  format?: TableFormat;
  saveOrbits?: boolean;
}

export async function runSweepCommand(spec: SweepSpec, o: RunOptions): Promise<number> {
  const format = o.format ?? { csv: true, parquet: false };
  const kind = modelKindOf(spec.model);
  const started = performance.now();
  // Chart.js and canvas take a few hundred ms to load: do it while the workers compute.
  const renderer = import('../render/bifurcation-figure.js');
  const written = attractorOutputSuffixes(format).map((suffix) => o.outputs.path(suffix));
  const csv = format.csv ? o.outputs.file('attractors.csv') : null;
  const parquet = format.parquet ? o.outputs.file('attractors.parquet') : null;
  const json = o.outputs.file('attractors.json');
  if (format.parquet) await loadParquetWriter();
  const table = new AttractorTableWriter(kind.info, spec, csv, json, { tool: 'uvchaos', version: toolVersion() }, parquet);
  const orbits = o.saveOrbits ? new OrbitExportWriter(spec, o.outputs.file('orbits.csv')) : null;
  const progress = new ProgressBar(process.stderr, spec.sweep.points, 'points', !o.quiet && Boolean(process.stderr.isTTY));
  const workers = o.inline ? 0 : o.workers;
  try {
    const outcome = await runSweepSpec(
      kind,
      spec,
      {
        workers,
        engine: o.engine,
        chunkSize: o.chunkSize,
        signal: o.signal,
        onProgress: (done) => progress.update(done),
        saveSeries: o.saveOrbits,
        formatRows: format.csv, // without a CSV the main thread builds rows for the Parquet table anyway
      },
      (chunk) => {
        table.writeChunk(chunk);
        orbits?.writeChunk(chunk);
      },
    );
    progress.finish();
    const computeSeconds = (performance.now() - started) / 1000;
    const counts = table.regimeCounts;
    const compute = outcome.compute ?? { seconds: computeSeconds, workers };
    const summary = {
      points: spec.sweep.points,
      regimes: counts,
      seconds: compute.seconds,
      workers: compute.workers,
      // a model trained by gradient: its optimizer and where that optimizer's edge of stability is
      ...(kind.info.gradientDescent ? { optimizer: optimizerMetadata(spec.optimizer) } : {}),
    };
    table.finish(summary);

    const cascade = markedCascade(kind, spec, table.periods);
    if (cascade?.stopped) o.log(`note: marked ${cascade.flips.length} period doublings; the search stopped: ${cascade.stopped}`, 'stderr');
    const { renderBifurcationFigure } = await renderer;
    const figure = {
      spec,
      layout: outcome.layout!,
      raster: outcome.raster!,
      lyapMax: table.lyapMax,
      diverged: table.diverged,
      settling: table.settling,
    };
    const png = await renderBifurcationFigure(bifurcationInput(kind.info, figure, cascade?.flips));
    o.outputs.write('windows.csv', table.windowsCsv());
    o.outputs.write('bifurcation.png', png);
    o.outputs.commit();

    const wall = (performance.now() - started) / 1000;
    const regimeText = Object.entries(counts)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
    o.log(
      `${spec.sweep.points} points: ${regimeText}; ${formatSeconds(wall)} wall ${workers === 0 ? 'on the main thread' : `on ${workers} worker${workers > 1 ? 's' : ''}`}`,
    );
    o.log(`wrote ${written.join(', ')}${orbits ? `, ${o.outputs.path('orbits.csv')}` : ''}`);
    if (outcome.clipped > 0) {
      o.log(`note: ${outcome.clipped} recorded samples fell outside the diagram's y range; set image.yRange to include them`, 'stderr');
    }
    return 0;
  } finally {
    progress.finish();
  }
}
