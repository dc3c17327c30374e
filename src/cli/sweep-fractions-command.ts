import { attractorColumns, attractorRow, type AttractorRow } from '../io/attractor-table.js';
import { fractionsColumns, fractionsCsv, labelledRow, LabelledAttractorWriter } from '../io/fractions-table.js';
import { loadParquetWriter } from '../io/parquet-table.js';
import { modelKindOf } from '../models/registry.js';
import { optimizerMetadata } from '../optimizers/stability-threshold.js';
import { fractionsFigureInput } from '../api/fractions-figure.js';
import { runSweepFractions } from '../api/sweep-fractions.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { gridValue } from '../sweep/grid.js';
import { toolVersion } from '../version.js';
import { formatSeconds, ProgressBar } from './progress.js';
import type { RunOptions } from './sweep-command.js';
import { attractorOutputSuffixes } from './table-format.js';

/**
 * `uvchaos sweep` of a spec with initialConditions: K runs per grid point, then attractors.csv
 * with `ic` and `attractor` columns (one row per grid point and initial condition),
 * <name>.fractions.csv, windows.csv from initial condition 0's runs, and the one-colour diagram of
 * every run. The tables are written once the attractors are matched, after the last run.
 */
export async function runSweepFractionsCommand(spec: SweepSpec, o: RunOptions): Promise<number> {
  const format = o.format ?? { csv: true, parquet: false };
  const kind = modelKindOf(spec.model);
  const count = spec.initialConditions!.count;
  const points = spec.sweep.points;
  const started = performance.now();
  const renderers = Promise.all([import('../render/bifurcation-figure.js'), import('../render/fractions-figure.js')]);
  if (format.parquet) await loadParquetWriter();
  const progress = new ProgressBar(process.stderr, count * points, 'runs', !o.quiet && Boolean(process.stderr.isTTY));
  const workers = o.inline ? 0 : o.workers;
  const runRows: AttractorRow[][] = Array.from({ length: count }, () => []);
  try {
    const outcome = await runSweepFractions(
      kind,
      spec,
      { workers, chunkSize: o.chunkSize, signal: o.signal, onProgress: (done) => progress.update(done) },
      (k, chunk) => {
        for (let index = chunk.start; index < chunk.end; index++) runRows[k].push(attractorRow(spec, chunk, index));
      },
    );
    progress.finish();
    const { fractions } = outcome;
    const columns = fractionsColumns(attractorColumns(kind.info, spec));
    const written = attractorOutputSuffixes(format).map((suffix) => o.outputs.path(suffix));
    const table = new LabelledAttractorWriter(
      spec,
      columns,
      count * points,
      format.csv ? o.outputs.file('attractors.csv') : null,
      o.outputs.file('attractors.json'),
      { tool: 'uvchaos', version: toolVersion() },
      format.parquet ? o.outputs.file('attractors.parquet') : null,
    );
    const rows: AttractorRow[] = [];
    for (let index = 0; index < points; index++)
      for (let k = 0; k < count; k++) rows.push(labelledRow(runRows[k][index], k, fractions.runLabels[index * count + k]));
    table.writeLabelled(rows, count);
    const runRegimes: Record<string, number> = {};
    for (const row of rows) runRegimes[row[3] as string] = (runRegimes[row[3] as string] ?? 0) + 1;
    const labels = new Set(fractions.points.flatMap((attractors) => attractors.map((a) => a.label)).filter((l) => l >= 0));
    const computeSeconds = (performance.now() - started) / 1000;
    table.finish({
      points,
      initialConditions: count,
      /** distinct matched attractors over the sweep (divergence and runs still settling not counted) */
      attractors: labels.size,
      /** runs per regime, over every grid point and initial condition */
      runRegimes,
      /** grid points per regime, initial condition 0 (as windows.csv) */
      regimes: table.regimeCounts,
      seconds: computeSeconds,
      workers,
      ...(kind.info.gradientDescent ? { optimizer: optimizerMetadata(spec.optimizer) } : {}),
    });
    const pointFractions = fractions.points.map((attractors, index) => ({ value: gridValue(spec.sweep, index), attractors }));
    o.outputs.write('fractions.csv', fractionsCsv(spec.sweep.parameter, pointFractions));
    o.outputs.write('windows.csv', table.windowsCsv());
    const [{ renderBifurcationFigure }, { renderFractionsFigure }] = await renderers;
    const raster = { layout: outcome.layout!, counts: outcome.raster!, clipped: outcome.clipped };
    const figure = fractionsFigureInput(kind.info, {
      spec,
      raster,
      fractions: { count, points: pointFractions, rasters: fractions.rasters.map((r) => ({ label: r.label, counts: r.raster })) },
    });
    o.outputs.write('bifurcation.png', await renderBifurcationFigure(figure.base));
    o.outputs.write('fractions.png', await renderFractionsFigure(figure));
    o.outputs.commit();

    const wall = (performance.now() - started) / 1000;
    const regimeText = Object.entries(runRegimes)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
    o.log(
      `${points} points × ${count} initial conditions: ${regimeText} runs; ${labels.size} attractor${labels.size === 1 ? '' : 's'}; ${formatSeconds(wall)} wall ${workers === 0 ? 'on the main thread' : `on ${workers} worker${workers > 1 ? 's' : ''}`}`,
    );
    o.log(`wrote ${[...written, o.outputs.path('fractions.csv'), o.outputs.path('fractions.png')].join(', ')}`);
    if (outcome.clipped > 0) {
      o.log(`note: ${outcome.clipped} recorded samples fell outside the diagram's y range; set image.yRange to include them`, 'stderr');
    }
    return 0;
  } finally {
    progress.finish();
  }
}
