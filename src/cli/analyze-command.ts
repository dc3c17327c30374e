import { basename, extname } from 'node:path';
import { AttractorRowWriter, type AttractorRow } from '../io/attractor-table.js';
import { analyzeRuns, type AnalyzeOutcome, type RunRow } from '../logs/analyze-runs.js';
import { runAxis, describeAxis, runsFigureInput } from '../logs/analyze-figure.js';
import { columnNames, DEFAULT_COLUMN_NAMES, ETA_SHARPNESS, type ColumnNames } from '../logs/column-roles.js';
import { readRuns } from '../logs/read-runs.js';
import { findRunFiles } from '../logs/run-files.js';
import { LYAPUNOV_MAX_SAMPLES } from '../logs/analyze-run.js';
import { SpecError } from '../spec/spec-error.js';
import { SWEEP_LIMITS } from '../spec/sweep-spec.js';
import { formatNumber } from '../render/style.js';
import { toolVersion } from '../version.js';
import { loadParquetWriter, type ParquetColumn } from '../io/parquet-table.js';
import { attractorOutputSuffixes, formatFlag, parseTableFormat } from './table-format.js';
import { UsageError } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { formatSeconds } from './progress.js';
import { COMMAND_SUMMARIES } from './commands.js';

/** The sweep's defaults (src/spec/sweep-spec.ts), so that a run is classified as a grid point would be. */
const DEFAULTS = { record: 1000, periodMax: 64, periodTol: 1e-6, zeroTolerance: 0.01, parameter: 'eta' } as const;

/** Per-run lines printed in the input summary before it is shortened. */
const LISTED_RUNS = 40;

export const analyzeCommand: CommandDefinition = {
  name: 'analyze',
  summary: COMMAND_SUMMARIES.analyze,
  usage:
    'uvchaos analyze <runs> [--out DIR] [--name NAME] [--parameter eta] [--observable COLUMN] [--record K] [--columns role=name,…] [--format csv|parquet|both]',
  positionals: 'many',
  flags: {
    out: COMMON_FLAGS.out('<name>.attractors.csv/.parquet/.json, <name>.windows.csv, <name>.bifurcation.png'),
    format: formatFlag('attractors'),
    name: { type: 'string', value: 'NAME', help: 'output file stem (default: the runs folder or file name)' },
    parameter: {
      type: 'string',
      value: 'NAME',
      help: 'the swept parameter: a column, sidecar key or file-name key',
      default: DEFAULTS.parameter,
    },
    observable: {
      type: 'string',
      value: 'COLUMN',
      help: 'the column analysed (default: η × sharpness if the runs log a sharpness, else the loss)',
    },
    record: {
      type: 'string',
      help: `last logged samples analysed per run (default: ${DEFAULTS.record})`,
      positiveInteger: { max: SWEEP_LIMITS.recordSteps },
    },
    columns: {
      type: 'string',
      value: 'ROLE=NAME,…',
      help: 'column names for the roles step, loss, sharpness, lr, e.g. step=iter,sharpness=top_eig',
    },
    'period-max': {
      type: 'string',
      help: `largest period looked for (default: ${DEFAULTS.periodMax})`,
      positiveInteger: { max: SWEEP_LIMITS.periodMax },
    },
    'period-tol': { type: 'string', value: 'TOL', help: 'relative tolerance of a period (default: 1e-6)' },
    'zero-tolerance': {
      type: 'string',
      value: 'TOL',
      help: `|λ estimate| at most this counts as zero (default: ${DEFAULTS.zeroTolerance})`,
    },
  },
  details: `<runs> is a folder (every .csv, .tsv, .jsonl, .ndjson file in it and its subfolders), a glob
("runs/*/metrics.csv"; quote it, or let the shell expand it), or one long-format file whose
parameter column names each row's run.
Per-run files: the parameter comes from a column (--parameter, or for eta any of ${DEFAULT_COLUMN_NAMES.lr.join(', ')}),
a sidecar JSON (<stem>.json, <file>.json, or params.json / hparams.json / config.json in the run's own folder),
or the file or folder name (lr=0.05, lr_5e-2, eta-1.2); sources that disagree skip the run.
Columns recognised: step (${DEFAULT_COLUMN_NAMES.step.join(', ')}), loss (${DEFAULT_COLUMN_NAMES.loss.join(', ')}),
sharpness (${DEFAULT_COLUMN_NAMES.sharpness.join(', ')}), lr; --columns overrides them.
Per run, over the last --record logged samples of the observable: period (as sweep: period.max, period.tol,
the slow-convergence check), regime, extent, and a Lyapunov exponent ESTIMATED from the series (Rosenstein's
method on a delay embedding; dimension by false nearest neighbours, delay by autocorrelation), per logged sample.
A run that logs NaN/Inf, or stops before the others, is diverged at that step. Logged every k steps, a period p
shows as p/gcd(p, k). Runs that cannot be analysed (header only, too few steps, uneven steps in the record,
steps logged twice, a learning-rate schedule inside the record) are listed with the reason; the rest are analysed.`,
  async run({ positionals, flags, log, signal }) {
    const started = performance.now();
    const format = parseTableFormat('analyze', flags.format);
    const options = parseOptions(positionals, flags);
    const files = findRunFiles(positionals);
    const source = positionals.length === 1 ? positionals[0] : `${positionals.length} paths`;
    const read = await readRuns(files, {
      parameter: options.parameter,
      parameterNames: options.parameterNames,
      observable: options.observable,
      columns: options.columns,
      record: options.record,
      signal,
    });
    const outcome = await analyzeRuns(read, { ...options, source, signal });
    printInputSummary(outcome, read.runs.length, files.layout, source, options, log);
    if (outcome.rows.length === 0) {
      throw new SpecError(source, null, `none of the ${read.runs.length} runs could be analysed (reasons listed above)`);
    }

    const outputs = prepareOutputs(String(flags.out), options.name);
    try {
      const columns = tableColumns(options.parameter, outcome.observable);
      const header = {
        command: 'analyze',
        runs: positionals,
        layout: files.layout,
        parameter: options.parameter,
        observable: outcome.observable,
        record: options.record,
        period: { max: options.period.max, tol: options.period.tol },
        lyapunov: {
          method:
            'estimate from the scalar series: Rosenstein, Collins & De Luca (1993) on a delay embedding; dimension by false nearest neighbours, delay by autocorrelation below 1/e; per logged sample',
          zeroTolerance: options.zeroTolerance,
          maxSamples: LYAPUNOV_MAX_SAMPLES,
        },
        columns: options.columnsGiven,
      };
      if (format.parquet) await loadParquetWriter();
      const table = new AttractorRowWriter(
        header,
        columns,
        outcome.rows.length,
        format.csv ? outputs.file('attractors.csv') : null,
        outputs.file('attractors.json'),
        { tool: 'uvchaos', version: toolVersion() },
        format.parquet ? outputs.file('attractors.parquet') : null,
        analyzeParquetColumns(columns),
      );
      table.writeRows(
        0,
        outcome.rows.map((r) => tableRow(r)),
      );
      table.finish({ runs: outcome.rows.length, regimes: table.regimeCounts, skipped: outcome.skipped, notes: outcome.notes });
      outputs.write('windows.csv', table.windowsCsv());

      const { renderBifurcationFigure } = await import('../render/bifurcation-figure.js');
      const input = runsFigureInput(outcome.rows, {
        name: options.name,
        title: `${options.name}: logged runs`,
        parameter: options.parameter,
        observable: outcome.observable,
        observableLabel: observableLabel(outcome.observable),
        width: 1600,
        height: 1100,
        subtitle: [`${outcome.rows.length} runs`, `last ${options.record} logged samples each`, 'λ_max: time-series estimate'].join(
          '   ·   ',
        ),
      });
      outputs.write('bifurcation.png', await renderBifurcationFigure(input));
      outputs.commit();

      const counts = Object.entries(table.regimeCounts)
        .map(([regime, n]) => `${n} ${regime}`)
        .join(', ');
      log(`${outcome.rows.length} runs: ${counts}; ${formatSeconds((performance.now() - started) / 1000)} wall`);
      log(
        `wrote ${attractorOutputSuffixes(format)
          .map((s) => outputs.path(s))
          .join(', ')}`,
      );
      return 0;
    } catch (err) {
      outputs.abort();
      throw err;
    }
  },
};

interface AnalyzeOptions {
  name: string;
  parameter: string;
  parameterNames: readonly string[];
  observable: string | undefined;
  record: number;
  period: { max: number; tol: number };
  zeroTolerance: number;
  columns: ColumnNames;
  columnsGiven: Record<string, string>;
}

function parseOptions(positionals: string[], flags: Record<string, string | boolean | undefined>): AnalyzeOptions {
  const record = flags.record !== undefined ? Number(flags.record) : DEFAULTS.record;
  if (record < 16) throw new UsageError(`analyze: --record expects at least 16 samples, got ${record}`);
  const periodMax = flags['period-max'] !== undefined ? Number(flags['period-max']) : DEFAULTS.periodMax;
  if (periodMax >= record / 2)
    throw new UsageError(`analyze: --period-max expects less than --record / 2 = ${record / 2}, got ${periodMax}`);
  const periodTol = positiveNumber(flags['period-tol'], 'period-tol', DEFAULTS.periodTol, 0.1);
  const zeroTolerance = positiveNumber(flags['zero-tolerance'], 'zero-tolerance', DEFAULTS.zeroTolerance, Infinity);
  const parameter = String(flags.parameter ?? DEFAULTS.parameter).trim();
  if (parameter === '') throw new UsageError('analyze: --parameter expects a name');
  const lrNames = DEFAULT_COLUMN_NAMES.lr;
  const isLr = lrNames.some((n) => n.toLowerCase() === parameter.toLowerCase());
  const parameterNames = isLr ? [parameter, ...lrNames.filter((n) => n.toLowerCase() !== parameter.toLowerCase())] : [parameter];
  const cols = columnNames(flags.columns === undefined ? undefined : String(flags.columns));
  if ('error' in cols) throw new UsageError(`analyze: --columns: ${cols.error}`);
  if (isLr && cols.given.lr !== undefined) (parameterNames as string[]).unshift(cols.given.lr);
  const observable = flags.observable === undefined ? undefined : String(flags.observable).trim();
  if (observable === '') throw new UsageError('analyze: --observable expects a column name');
  const name = flags.name !== undefined ? String(flags.name) : defaultName(positionals);
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name))
    throw new UsageError(`analyze: --name expects letters, digits, ".", "_" or "-", got "${name}"`);
  return {
    name,
    parameter,
    parameterNames,
    observable,
    record,
    period: { max: periodMax, tol: periodTol },
    zeroTolerance,
    columns: cols.names,
    columnsGiven: cols.given as Record<string, string>,
  };
}

function positiveNumber(raw: string | boolean | undefined, flag: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(n > 0 && n <= max))
    throw new UsageError(
      `analyze: --${flag} expects a number > 0${Number.isFinite(max) ? ` and at most ${max}` : ''}, got "${String(raw)}"`,
    );
  return n;
}

/** The folder's or file's name, made a valid output stem; "runs" for a glob or several paths. */
function defaultName(positionals: string[]): string {
  if (positionals.length !== 1 || /[*?[]/.test(positionals[0])) return 'runs';
  const path = positionals[0].replace(/[\\/]+$/, '');
  const stem = basename(path, extname(path))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return stem.slice(0, 100) || 'runs';
}

function observableLabel(observable: string): string {
  if (observable === ETA_SHARPNESS) return 'η × sharpness';
  return observable;
}

export function tableColumns(parameter: string, observable: string): string[] {
  return [
    parameter,
    'regime',
    'period',
    'lyap_max_estimate',
    'lyap_estimate_err',
    `${observable}_min`,
    `${observable}_max`,
    'diverged_at',
    'run',
    'samples',
    'last_step',
    'step_interval',
    'embedding_dimension',
    'embedding_delay',
    'lyap_fit_from',
    'lyap_fit_to',
  ];
}

/**
 * The analysis table's columns as Parquet types. Logged steps (last_step, step_interval,
 * diverged_at) are doubles: a framework may count steps past int32 (tokens, samples), and a
 * double holds any integer a log could carry exactly up to 2^53.
 */
export function analyzeParquetColumns(columns: readonly string[]): ParquetColumn[] {
  const counts = new Set(['period', 'samples', 'embedding_dimension', 'embedding_delay', 'lyap_fit_from', 'lyap_fit_to']);
  return columns.map((name, c): ParquetColumn => {
    if (c === 0) return { name, type: 'double', nullable: false };
    if (name === 'regime' || name === 'run') return { name, type: 'string', nullable: false };
    if (name === 'period' || name === 'samples') return { name, type: 'int32', nullable: false };
    if (counts.has(name)) return { name, type: 'int32', nullable: true };
    return { name, type: 'double', nullable: true };
  });
}

function tableRow(r: RunRow): AttractorRow {
  const l = r.lyapunov;
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  return [
    r.value,
    r.regime,
    r.period,
    finite(l?.exponent),
    finite(l?.error),
    finite(r.min),
    finite(r.max),
    r.divergedAt,
    r.label,
    r.samples,
    finite(r.lastStep),
    finite(r.interval),
    l ? l.dimension : null,
    l ? l.delay : null,
    l ? l.fitFrom : null,
    l ? l.fitTo : null,
  ];
}

function printInputSummary(
  outcome: AnalyzeOutcome,
  runs: number,
  layout: 'per-run' | 'long',
  source: string,
  options: AnalyzeOptions,
  log: (line: string, stream?: 'stdout' | 'stderr') => void,
): void {
  const what = layout === 'long' ? `runs in the long-format file ${source}` : `run files from ${source}`;
  log(`read ${runs} ${what}; observable ${outcome.observable}, last ${options.record} logged samples per run`);
  const rows = outcome.rows;
  for (const r of rows.slice(0, LISTED_RUNS)) {
    const every = Number.isFinite(r.interval) && r.interval !== 1 ? ` (every ${r.interval} steps)` : '';
    const end = r.divergedAt !== null ? `, diverged at step ${r.divergedAt}` : '';
    // a run whose first sample already overflowed has no last step to name
    const logged = r.samples > 0 ? `${r.samples} logged samples to step ${r.lastStep}` : 'no finite samples';
    log(`  ${r.label}: ${options.parameter} = ${formatNumber(r.value)} (${r.source}), ${logged}${every}${end}`);
  }
  if (rows.length > LISTED_RUNS) {
    let fewest = Infinity;
    let most = 0;
    for (const r of rows) [fewest, most] = [Math.min(fewest, r.samples), Math.max(most, r.samples)];
    log(`  … and ${rows.length - LISTED_RUNS} more (logged samples per run: ${fewest} to ${most})`);
  }
  if (rows.length > 0) log(`parameter axis: ${describeAxis(runAxis(rows.map((r) => r.value)))}`);
  if (outcome.skipped.length) {
    log(`skipped ${outcome.skipped.length} run${outcome.skipped.length === 1 ? '' : 's'}:`, 'stderr');
    for (const s of outcome.skipped.slice(0, LISTED_RUNS)) log(`  ${s.label}: ${s.reason}`, 'stderr');
    if (outcome.skipped.length > LISTED_RUNS)
      log(
        `  … and ${outcome.skipped.length - LISTED_RUNS} more (each with its reason in ${options.name}.attractors.json when any run is analysed)`,
        'stderr',
      );
  }
  for (const note of outcome.notes.slice(0, LISTED_RUNS)) log(`note: ${note}`, 'stderr');
  if (outcome.notes.length > LISTED_RUNS)
    log(`note: … and ${outcome.notes.length - LISTED_RUNS} more notes (in ${options.name}.attractors.json)`, 'stderr');
}
