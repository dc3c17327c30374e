import { AttractorTableWriter } from '../io/attractor-table.js';
import { OrbitExportWriter } from '../analyze/orbit-export.js';
import type { OutputSet } from '../io/output-set.js';
import { modelKind } from '../models/kinds.js';
import { searchCascade } from '../analysis/cascade-search.js';
import { bifurcationSubtitle } from '../render/bifurcation-subtitle.js';
import { loadSpec } from '../spec/load-spec.js';
import { SWEEP_LIMITS, sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { createSweepPool } from '../sweep/pool.js';
import { workerCount } from './worker-count.js';
import { runSweep } from '../sweep/run-sweep.js';
import { toolVersion } from '../version.js';
import { failedAtGridPoint } from './cli-error.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { formatSeconds, ProgressBar } from './progress.js';
import { COMMAND_SUMMARIES } from './commands.js';

export const sweepCommand: CommandDefinition = {
  name: 'sweep',
  summary: COMMAND_SUMMARIES.sweep,
  usage: 'uvchaos sweep <spec.json> [--out DIR] [--workers N] [--quiet] [--chunk-size N] [--save-orbits]',
  flags: {
    out: COMMON_FLAGS.out('<name>.attractors.csv/.json, <name>.windows.csv, <name>.bifurcation.png'),
    workers: COMMON_FLAGS.workers(),
    quiet: COMMON_FLAGS.quiet,
    'chunk-size': { type: 'string', help: 'grid points per worker task (default: adaptive; results do not depend on it)', positiveInteger: { max: SWEEP_LIMITS.points } },
    'save-orbits': { type: 'boolean', help: 'also write <name>.orbits.csv: every point\'s recorded observable, per step (uvchaos analyze reads it)' },
  },
  details: `Spec fields: name, title?, model (as for trajectory), eta (UV and mlp, unless swept),
sweep {parameter (UV: eta|target|multiplier|inputNorm2|f0|ntk0, default eta; mlp: eta|multiplier|
initScale|width; other maps: any parameter, default the first), from, to, points, spacing: linear|log},
transient (20000), record (1000), period {max (64), tol (1e-6)}, divergenceBound (1e8),
lyapunov {enabled (true), zeroTolerance (1e-3), exponents (mlp only, 1)}, observable (UV: eta_sharpness |
sharpness | ntk | eta_ntk | residual | loss | f; mlp: eta_sharpness | sharpness | loss | f; other maps: a
variable, default the first), image {width (1600), height (1100), yRange?}.
Regimes: converged (period 1), periodic (period p, or 0 for an attracting cycle longer than period.max),
chaotic (λ_max > 0), quasiperiodic (λ_max ≈ 0, no period), diverged (period −1).
Ctrl-C stops the workers, removes temporary files and exits with 130.`,
  async run({ positionals, flags, log, signal }) {
    const spec = await loadSpec(positionals[0], sweepSpecSchema);
    const outputs = prepareOutputs(String(flags.out), spec.name);
    const workers = workerCount(flags.workers, log);
    const chunkSize = flags['chunk-size'] ? Number(flags['chunk-size']) : undefined;
    const quiet = Boolean(flags.quiet);
    return runSweepCommand(spec, { outputs, workers, chunkSize, quiet, log, signal, saveOrbits: Boolean(flags['save-orbits']) });
  },
};

interface RunOptions {
  outputs: OutputSet;
  workers: number;
  chunkSize?: number;
  quiet: boolean;
  log: (line: string, stream?: 'stdout' | 'stderr') => void;
  signal: AbortSignal;
  saveOrbits?: boolean;
}

async function runSweepCommand(spec: SweepSpec, o: RunOptions): Promise<number> {
  const started = performance.now();
  // Chart.js and canvas take a few hundred ms to load: do it while the workers compute.
  const renderer = import('../render/bifurcation-figure.js');
  const paths = {
    csv: o.outputs.path('attractors.csv'),
    json: o.outputs.path('attractors.json'),
    windows: o.outputs.path('windows.csv'),
    png: o.outputs.path('bifurcation.png'),
  };
  const csv = o.outputs.file('attractors.csv');
  const json = o.outputs.file('attractors.json');
  const table = new AttractorTableWriter(spec, csv, json, { tool: 'uvchaos', version: toolVersion() });
  const orbits = o.saveOrbits ? new OrbitExportWriter(spec, o.outputs.file('orbits.csv')) : null;
  const progress = new ProgressBar(process.stderr, spec.sweep.points, 'points', !o.quiet && Boolean(process.stderr.isTTY));
  const pool = createSweepPool(o.workers);
  try {
    const outcome = await runSweep(
      spec,
      {
        pool,
        workers: o.workers,
        chunkSize: o.chunkSize,
        signal: o.signal,
        onProgress: (done) => progress.update(done),
        raster: { columns: Math.min(spec.sweep.points, spec.image.width), rows: spec.image.height },
        saveSeries: o.saveOrbits,
        formatRows: true,
      },
      (chunk) => {
        table.writeChunk(chunk);
        orbits?.writeChunk(chunk);
      },
    ).catch(failedAtGridPoint('sweep'));
    progress.finish();
    const computeSeconds = (performance.now() - started) / 1000;
    const counts = table.regimeCounts;
    const summary = { points: spec.sweep.points, regimes: counts, seconds: computeSeconds, workers: o.workers };
    table.finish(summary);

    let flips: number[] | undefined;
    if (spec.markCascade) {
      const report = searchCascade(spec, table.periods);
      flips = report.rows.map((r) => r.value);
      if (report.stopped && report.rows.length < spec.cascade.levels) {
        o.log(`note: marked ${report.rows.length} period doublings; the search stopped: ${report.stopped}`, 'stderr');
      }
    }
    const { renderBifurcationFigure } = await renderer;
    const png = await renderBifurcationFigure({
      flips,
      spec,
      layout: outcome.layout!,
      raster: outcome.raster!,
      lyapMax: table.lyapMax,
      diverged: table.diverged,
      theoryOnset: modelKind(spec.model).theoryOnset?.(spec) ?? null,
      subtitle: bifurcationSubtitle(spec),
    });
    o.outputs.write('windows.csv', table.windowsCsv());
    o.outputs.write('bifurcation.png', png);
    o.outputs.commit();

    const wall = (performance.now() - started) / 1000;
    const regimeText = Object.entries(counts)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
    o.log(`${spec.sweep.points} points: ${regimeText}; ${formatSeconds(wall)} wall on ${o.workers} worker${o.workers > 1 ? 's' : ''}`);
    o.log(`wrote ${paths.csv}, ${paths.json}, ${paths.windows}, ${paths.png}${orbits ? `, ${o.outputs.path('orbits.csv')}` : ''}`);
    if (outcome.clipped > 0) {
      o.log(`note: ${outcome.clipped} recorded samples fell outside the diagram's y range; set image.yRange to include them`, 'stderr');
    }
    return 0;
  } finally {
    progress.finish();
    await pool.destroy();
  }
}
