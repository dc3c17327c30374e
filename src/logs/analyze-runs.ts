import type { Regime } from '../analysis/regime.js';
import { SpecError } from '../spec/spec-error.js';
import { analyzeOrbit, type OrbitAnalysisOptions } from './analyze-run.js';
import { ETA_SHARPNESS } from './column-roles.js';
import { eventLoopTurns } from './event-loop-turns.js';
import { seriesOf, type ReadResult, type RunLog } from './read-runs.js';
import type { LyapunovEstimate } from './time-series-lyapunov.js';

/** One run in the table. */
export interface RunRow {
  label: string;
  value: number;
  /** where the value was read: column "lr", name "lr=0.05", lr=0.05.json "lr" */
  source: string;
  regime: Regime;
  period: number;
  lyapunov: LyapunovEstimate | null;
  min: number;
  max: number;
  /** GD step of the first NaN/∞, or the first step not logged by a run cut short; null if neither */
  divergedAt: number | null;
  /** finite samples of the observable logged (before any divergence) */
  samples: number;
  lastStep: number;
  /** steps between samples over the record (NaN for a run of one sample) */
  interval: number;
  /** the analysed record (empty for a diverged run): the diagram's samples */
  record: Float64Array;
}

export interface AnalyzeOutcome {
  observable: string;
  rows: RunRow[];
  skipped: { label: string; reason: string }[];
  /** things the user should know that do not stop a run */
  notes: string[];
}

export interface AnalyzeRunsOptions extends OrbitAnalysisOptions {
  parameter: string;
  /** the user's observable, or undefined for the default */
  observable: string | undefined;
  record: number;
  /** where the runs came from, for error messages */
  source: string;
  signal?: AbortSignal;
}

/**
 * Turns what was read into table rows: picks the observable (η × sharpness when the runs log a
 * sharpness and η is known, else the loss), sets aside the runs that cannot be analysed with the
 * reason, marks runs that ended in NaN/∞ or were cut short as diverged, and classifies the rest.
 */
export async function analyzeRuns(read: ReadResult, options: AnalyzeRunsOptions): Promise<AnalyzeOutcome> {
  const turn = eventLoopTurns(options.signal);
  const observable = chooseObservable(read, options);
  const skipped: AnalyzeOutcome['skipped'] = [];
  const notes: string[] = [];
  const usable: RunLog[] = [];
  for (const run of read.runs) {
    const series = seriesOf(run, observable)!;
    const reason =
      run.problem ??
      (run.parameter === null ? run.parameterProblem : null) ??
      series.problem ??
      (series.count === 0 && !series.nonFinite && !run.nonFinite ? `no ${observable} values` : null);
    if (reason) skipped.push({ label: run.label, reason });
    else usable.push(run);
    for (const note of run.notes) notes.push(`${run.label}: ${note}`);
    const repeated = run.duplicateRows + series.duplicates;
    if (!reason && repeated > 0)
      notes.push(
        `${run.label}: ${repeated} ${repeated === 1 ? 'row repeats' : 'rows repeat'} the previous step with the same values; read once`,
      );
  }
  if (read.runs.length > 0 && read.runs.every((r) => r.parameter === null)) {
    const first = read.runs.find((r) => r.parameterProblem !== null) ?? read.runs[0];
    throw new SpecError(
      first.file,
      options.parameter,
      `cannot read the parameter: ${first.parameterProblem} (name the column or key with --parameter, or see "Where the parameter comes from" in the README)`,
    );
  }

  // A run that stops logging before the others (and not at a NaN) was cut short: diverged. "The
  // others" is the last step most runs share (the largest such on a tie): one run trained for
  // longer must not make every other run look cut short.
  const ends = new Map<number, number>();
  for (const run of usable) {
    const s = seriesOf(run, observable)!;
    if (s.count > 0 && !s.nonFinite && !run.nonFinite) ends.set(s.lastStep, (ends.get(s.lastStep) ?? 0) + 1);
  }
  let longest = -Infinity;
  let most = 0;
  for (const [end, n] of ends) if (n > most || (n === most && end > longest)) [longest, most] = [end, n];

  const rows: RunRow[] = [];
  for (const run of usable) {
    await turn();
    const series = seriesOf(run, observable)!;
    const base = {
      label: run.label,
      value: run.parameter!.value,
      source: run.parameter!.source,
      samples: series.count,
      lastStep: series.lastStep,
      interval: series.interval,
    };
    const nonFinite = earliest(series.nonFinite?.step, run.nonFinite?.step);
    const cutShort =
      nonFinite === undefined && series.count > 0 && series.lastStep + (Number.isFinite(series.interval) ? series.interval : 1) <= longest;
    if (nonFinite !== undefined || cutShort) {
      const divergedAt = nonFinite ?? series.lastStep + (Number.isFinite(series.interval) ? series.interval : 1);
      if (cutShort)
        notes.push(`${run.label}: cut short at step ${series.lastStep} (most runs go to ${longest}): diverged at ${divergedAt}`);
      rows.push({ ...base, regime: 'diverged', period: -1, lyapunov: null, min: NaN, max: NaN, divergedAt, record: new Float64Array(0) });
      continue;
    }
    if (series.count < options.record) {
      skipped.push({
        label: run.label,
        reason: `too few steps: ${series.count} logged ${observable} values, --record is ${options.record}`,
      });
      continue;
    }
    const { values, steps } = series.tail();
    if (!series.evenOverRecord()) {
      const c = series.lastIntervalChange!;
      skipped.push({
        label: run.label,
        reason: `uneven steps in the last ${options.record} logged: every ${c.from} steps until step ${c.step - c.to}, then every ${c.to} (uneven samples would mix periods)`,
      });
      continue;
    }
    if (series.lastIntervalChange) {
      const c = series.lastIntervalChange;
      notes.push(
        `${run.label}: logged every ${c.from} steps until step ${c.step - c.to}, every ${c.to} after; the record (from step ${steps[0]}) is even`,
      );
    }
    if (run.lrChange) {
      const c = run.lrChange;
      if (c.step > steps[0]) {
        skipped.push({
          label: run.label,
          reason: `the learning rate changes from ${c.from} to ${c.to} at step ${c.step}, inside the record (from step ${steps[0]}): a schedule is not one point of a sweep`,
        });
        continue;
      }
      notes.push(`${run.label}: the learning rate last changed at step ${c.step} (to ${c.to}), before the record`);
    }
    const orbit = analyzeOrbit(values, options);
    rows.push({ ...base, ...orbit, divergedAt: null, record: values });
  }
  rows.sort((a, b) => a.value - b.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));

  // the same parameter value twice: both are kept, and said so
  for (let i = 0; i < rows.length;) {
    let j = i + 1;
    while (j < rows.length && rows[j].value === rows[i].value) j++;
    if (j - i > 1) {
      notes.push(
        `${options.parameter} = ${rows[i].value} appears in ${j - i} runs (${rows
          .slice(i, j)
          .map((r) => r.label)
          .join(', ')}): each is a row of the table; the diagram shows them in one column`,
      );
    }
    i = j;
  }
  const intervals = new Map<number, number>();
  for (const row of rows)
    if (Number.isFinite(row.interval) && row.regime !== 'diverged') intervals.set(row.interval, (intervals.get(row.interval) ?? 0) + 1);
  if (intervals.size > 1) {
    const list = [...intervals]
      .sort((a, b) => a[0] - b[0])
      .map(([k, n]) => `every ${k} step${k === 1 ? '' : 's'}: ${n} run${n === 1 ? '' : 's'}`);
    notes.push(
      `runs are logged at different intervals (${list.join('; ')}): periods are counted in logged samples (see step_interval), so they compare only between runs of equal interval`,
    );
  } else if (intervals.size === 1) {
    const k = [...intervals.keys()][0];
    if (k !== 1)
      notes.push(`logged every ${k} steps: periods are counted in logged samples, and a p-step cycle shows as period p/gcd(p, ${k})`);
  }
  return { observable, rows, skipped, notes };
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** The user's observable, which some run must log; else η × sharpness when any run has it, else the loss. */
function chooseObservable(read: ReadResult, options: AnalyzeRunsOptions): string {
  const logged = (name: string) =>
    read.runs.some((r) => {
      const s = seriesOf(r, name);
      return s !== undefined && (s.count > 0 || s.nonFinite !== null || s.problem !== null);
    });
  const columns = [...read.columnsSeen]
    .slice(0, 20)
    .map((c) => `"${c}"`)
    .join(', ');
  if (options.observable !== undefined) {
    if (!logged(options.observable)) {
      const how = options.observable === ETA_SHARPNESS ? ' (nor a sharpness column with a learning rate to compute it from)' : '';
      throw new SpecError(
        options.source,
        'observable',
        `no run logs a column "${options.observable}"${how}; columns found: ${columns || 'none'}`,
      );
    }
    return options.observable;
  }
  if (logged(ETA_SHARPNESS)) return ETA_SHARPNESS;
  if (logged('loss')) return 'loss';
  throw new SpecError(
    options.source,
    'observable',
    `no run logs a sharpness (with a learning rate) or a loss; columns found: ${columns || 'none'}; name the column with --observable, or map names with --columns`,
  );
}
