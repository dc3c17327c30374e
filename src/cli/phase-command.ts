import { csvRow } from '../io/csv.js';
import type { OutputSet } from '../io/output-set.js';
import { PHASE_CATEGORIES } from '../render/phase-categories.js';
import { analyticCurves } from '../render/phase-curves.js';
import { PhaseCells, phaseCellRow, phaseColumns } from '../sweep/phase-cell.js';
import { loadSpec } from '../spec/load-spec.js';
import { phaseAsSweep, phaseSpecSchema, type PhaseSpec } from '../spec/phase-spec.js';
import { createSweepPool } from '../sweep/pool.js';
import { workerCount } from './worker-count.js';
import { runSweep } from '../sweep/run-sweep.js';
import { failedAtGridPoint } from './cli-error.js';
import { formatSeconds, ProgressBar } from './progress.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { COMMAND_SUMMARIES } from './commands.js';

export const phaseCommand: CommandDefinition = {
  name: 'phase',
  summary: COMMAND_SUMMARIES.phase,
  usage: 'uvchaos phase <spec.json> [--out DIR] [--workers N] [--quiet]',
  flags: {
    out: COMMON_FLAGS.out('<name>.phase.csv and <name>.phase.png'),
    workers: COMMON_FLAGS.workers(),
    quiet: COMMON_FLAGS.quiet,
  },
  details: `Spec fields: name, title?, model (uv or mlp), grid {x: {parameter: "eta", from, to, points, spacing?},
y: {parameter: target | width | f0 | ntk0 | initScale | multiplier, from, to, points, spacing?}},
transient (5000), record (512), period {max (32), tol}, divergenceBound (1e8), lyapunov {enabled, zeroTolerance},
early {steps (100), threshold (0.1)}, image {width (1600), height (1400)}.
Columns: <x>, <y>, early (reduction | sharpening | flat: sharpness after early.steps over the initial one
below 1 − threshold, above 1 + threshold, or between; empty if the run diverged first), sharpness_ratio,
regime, period, lyap_max. Same engine, workers and determinism as sweep.`,
  async run({ positionals, flags, log, signal }) {
    const spec = await loadSpec(positionals[0], phaseSpecSchema);
    const outputs = prepareOutputs(String(flags.out), spec.name);
    const workers = workerCount(flags.workers, log);
    return runPhase(spec, outputs, workers, Boolean(flags.quiet), log, signal);
  },
};

async function runPhase(
  spec: PhaseSpec,
  outputs: OutputSet,
  workers: number,
  quiet: boolean,
  log: (line: string, stream?: 'stdout' | 'stderr') => void,
  signal: AbortSignal,
): Promise<number> {
  const started = performance.now();
  const renderer = import('../render/phase-figure.js'); // load Chart.js while the workers compute
  const { x, y } = spec.grid;
  const nx = x.points;
  const cells = nx * y.points;
  const sweep = phaseAsSweep(spec);
  const grid = new PhaseCells(spec);
  const csvPath = outputs.path('phase.csv');
  const pngPath = outputs.path('phase.png');
  const csv = outputs.file('phase.csv');
  csv.write(csvRow(phaseColumns(spec)));
  const progress = new ProgressBar(process.stderr, cells, 'cells', !quiet && Boolean(process.stderr.isTTY));
  const pool = createSweepPool(workers);
  try {
    await runSweep(
      sweep,
      { pool, workers, raster: null, signal, plane: { x, y, earlySteps: spec.early.steps }, onProgress: (d) => progress.update(d) },
      (chunk) => {
        const n = chunk.end - chunk.start;
        const lines: string[] = [];
        for (let i = 0; i < n; i++) lines.push(csvRow(phaseCellRow(spec, chunk.start + i, grid.add(chunk, i))));
        csv.write(lines.join(''));
      },
    ).catch(failedAtGridPoint('phase'));
    progress.finish();

    const { renderPhaseFigure } = await renderer;
    const png = await renderPhaseFigure({ spec, category: grid.category, trend: grid.trend, lyapMax: grid.lyapMax, curves: await analyticCurves(spec) });
    outputs.write('phase.png', png);
    outputs.commit();
    const wall = (performance.now() - started) / 1000;
    log(`${cells} cells: ${PHASE_CATEGORIES.map((c) => `${grid.counts[c]} ${c}`).join(', ')}; ${formatSeconds(wall)} wall on ${workers} worker${workers > 1 ? 's' : ''}`);
    log(`wrote ${csvPath} and ${pngPath}`);
    return 0;
  } finally {
    progress.finish();
    await pool.destroy();
  }
}

export { analyticCurves } from '../render/phase-curves.js';
