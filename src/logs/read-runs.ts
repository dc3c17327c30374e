import { dirname } from 'node:path';
import { parseCsv } from '../io/csv.js';
import { SpecError } from '../spec/spec-error.js';
import { ETA_SHARPNESS, findColumn, parseNumber, type ColumnNames, type ColumnRole } from './column-roles.js';
import { eventLoopTurns } from './event-loop-turns.js';
import { readLines } from './line-reader.js';
import type { RunFile, RunFiles } from './run-files.js';
import { fileNameParameter, readingsAgree, sidecarParameter, type ParameterReading } from './run-parameter.js';
import { SeriesRecorder } from './series-recorder.js';

export interface ReadOptions {
  /** the swept parameter's name (table column, sidecar key, file-name key) */
  parameter: string;
  /** names the parameter goes by in files (the name itself, or every learning-rate spelling for η) */
  parameterNames: readonly string[];
  /** the observable column (or eta_sharpness); undefined: eta_sharpness when possible, else the loss */
  observable: string | undefined;
  columns: ColumnNames;
  record: number;
  /** the most runs read (default MAX_RUNS) */
  maxRuns?: number;
  signal?: AbortSignal;
}

/**
 * The most runs one analysis reads: a run costs about 1.5 KB of memory besides its samples (its
 * series, its reading state, its line in the summary): 300,000 one-row runs peak near 490 MB RSS,
 * a million near 1.5 GB.
 */
export const MAX_RUNS = 1_000_000;

/** Everything read from one run. */
export interface RunLog {
  /** the file, or for the long format "<file> (eta = 0.05)" */
  label: string;
  file: string;
  parameter: ParameterReading | null;
  /** why the parameter could not be read (when null) */
  parameterProblem: string | null;
  /** each candidate observable's series: the user's one, or eta_sharpness and loss (an array, not a Map: a Map costs 200 bytes a run) */
  series: SeriesRecorder[];
  /** the earliest NaN/∞ in any column read (step, line) */
  nonFinite: { step: number; line: number; column: string } | null;
  /** a reason the whole file cannot be used (unreadable header, a cell that is not a number) */
  problem: string | null;
  /** data rows read for this run */
  rows: number;
  /** the learning-rate column's last value and the step it last changed at (schedules) */
  lrChange: { step: number; from: number; to: number } | null;
  /** notes for the input summary */
  notes: string[];
  /** rows that repeat the previous row exactly (dropped) */
  duplicateRows: number;
  /** the previous row's values, to tell a repeated row from a step logged twice (reading state) */
  previousRow: { step: number; loss?: number; sharpness?: number; lr?: number; observable?: number; line: number };
  /** the lr column's last finite value (reading state): η when the parameter is not the learning rate */
  lastLr?: number;
}

/** What the files held. */
export interface ReadResult {
  runs: RunLog[];
  /** columns seen in any file, for error messages */
  columnsSeen: Set<string>;
}

interface Fields {
  step?: string;
  loss?: string;
  sharpness?: string;
  lr?: string;
  parameter?: string;
  observable?: string;
}

/**
 * Reads every run file, streaming, into per-run series of the last `record` samples. Per-run
 * files are one run each; the long format splits one file into runs by the parameter column.
 */
export async function readRuns(files: RunFiles, options: ReadOptions): Promise<ReadResult> {
  const runs: RunLog[] = [];
  const columnsSeen = new Set<string>();
  const maxRuns = options.maxRuns ?? MAX_RUNS;
  if (files.files.length > maxRuns) throw tooManyRuns(files.files[0].path, `${files.files.length} run files`, maxRuns);
  const perFolder = new Map<string, number>();
  for (const { path } of files.files) perFolder.set(dirname(path), (perFolder.get(dirname(path)) ?? 0) + 1);
  for (const file of files.files) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (files.layout === 'long') for (const run of await readFile(file, options, columnsSeen, null, maxRuns)) runs.push(run);
    else {
      const outside = parameterOutsideData(file.path, options, perFolder.get(dirname(file.path)) ?? 1);
      const [run] = await readFile(file, options, columnsSeen, outside, maxRuns);
      resolveParameter(run, options, outside);
      runs.push(run);
    }
  }
  return { runs, columnsSeen };
}

function tooManyRuns(file: string, what: string, maxRuns: number): SpecError {
  return new SpecError(
    file,
    null,
    `${what}: analyze reads at most ${maxRuns.toLocaleString('en-US')} runs at once (split the sweep, or analyze a range of it)`,
  );
}

function newRun(file: string, label: string, options: ReadOptions): RunLog {
  const series =
    options.observable !== undefined
      ? [new SeriesRecorder(options.observable, options.record)]
      : [new SeriesRecorder(ETA_SHARPNESS, options.record), new SeriesRecorder('loss', options.record)];
  // every field set here, so that the object keeps one shape (no property array per run)
  const previousRow = { step: NaN, loss: undefined, sharpness: undefined, lr: undefined, observable: undefined, line: 0 };
  return {
    label,
    file,
    parameter: null,
    parameterProblem: null,
    series,
    nonFinite: null,
    problem: null,
    rows: 0,
    lrChange: null,
    notes: [],
    duplicateRows: 0,
    previousRow,
    lastLr: undefined,
  };
}

/** Which column of a file plays each role (per line for JSON Lines, whose keys may come and go). */
function resolveFields(columns: readonly string[], options: ReadOptions): Fields {
  const pick = (role: ColumnRole) => findColumn(columns, options.columns[role]);
  return {
    step: pick('step'),
    loss: pick('loss'),
    sharpness: pick('sharpness'),
    lr: pick('lr'),
    parameter: findColumn(columns, options.parameterNames),
    observable: options.observable !== undefined ? findColumn(columns, [options.observable]) : findColumn(columns, [ETA_SHARPNESS]),
  };
}

/**
 * Reads one file. `outside` is null for the long format; for a per-run file, the parameter as
 * read from its sidecar and name before the data (η × sharpness needs η while streaming).
 */
async function readFile(
  runFile: RunFile,
  options: ReadOptions,
  columnsSeen: Set<string>,
  outside: OutsideReadings | null,
  maxRuns: number,
): Promise<RunLog[]> {
  const file = runFile.path;
  const jsonLines = /\.(jsonl|ndjson)$/i.test(file);
  const name = runFile.label;
  const single = outside ? newRun(file, name, options) : null;
  const lrLike = options.parameterNames.includes('lr');
  const presetLr = lrLike ? outside?.readings[0]?.value : undefined;
  let columnParameter: ParameterReading | null = null;
  const byValue = new Map<number, RunLog>();
  const keySource = { column: '', text: '' };
  let header: string[] | null = null;
  let delimiter = ',';
  let lineNumber = 0;
  let rowNumber = 0;
  let withoutParameter = 0;
  let fileProblem: string | null = null;
  const turn = eventLoopTurns(options.signal);

  const fail = (message: string) => {
    fileProblem ??= message;
  };

  // the current row's raw cells, by field; filled per line without allocating
  const FIELDS = ['step', 'loss', 'sharpness', 'lr', 'parameter', 'observable'] as const;
  const raw: unknown[] = new Array(FIELDS.length);
  const F = { step: 0, loss: 1, sharpness: 2, lr: 3, parameter: 4, observable: 5 } as const;
  let columnIndex = new Int32Array(FIELDS.length).fill(-1);
  /** CSV: the fields each column feeds, and the last column any field reads */
  let usedBy: number[][] = [];
  let lastUsedColumn = -1;
  let fields: Fields = {};
  const parse = (field: number): number | undefined => {
    const value = parseNumber(raw[field]);
    if (value === null) {
      fail(
        `line ${lineNumber}: column "${fields[FIELDS[field]]}": expected a number, got ${JSON.stringify(String(raw[field]).slice(0, 40))}`,
      );
      return undefined;
    }
    return value;
  };

  for await (const lines of readLines(file)) {
    if (options.signal?.aborted) throw options.signal.reason;
    for (const line of lines) {
      lineNumber++;
      if (fileProblem) break;
      if ((lineNumber & 1023) === 0) await turn(); // a batch of short runs can take seconds
      if (line.length === 0 || line.charCodeAt(0) === 35 /* # */ || (line.charCodeAt(0) <= 32 && line.trim() === '')) continue;
      if (jsonLines) {
        let object: unknown;
        try {
          object = JSON.parse(pythonNonFinite(line));
        } catch {
          fail(`line ${lineNumber}: not a JSON object (JSON Lines expects one object per line)`);
          break;
        }
        if (typeof object !== 'object' || object === null || Array.isArray(object)) {
          fail(`line ${lineNumber}: expected a JSON object, got ${Array.isArray(object) ? 'an array' : JSON.stringify(object)}`);
          break;
        }
        const keys = Object.keys(object);
        for (const k of keys) columnsSeen.add(k);
        fields = resolveFields(keys, options);
        for (let f = 0; f < FIELDS.length; f++) {
          const key = fields[FIELDS[f]];
          raw[f] = key === undefined ? undefined : (object as Record<string, unknown>)[key];
        }
      } else {
        if (header === null) {
          delimiter = file.toLowerCase().endsWith('.tsv') || (line.includes('\t') && !line.includes(',')) ? '\t' : ',';
          header = splitCsv(line, delimiter).map((h) => h.trim());
          for (const h of header) columnsSeen.add(h);
          fields = resolveFields(header, options);
          columnIndex = Int32Array.from(FIELDS, (f) => (fields[f] === undefined ? -1 : header!.indexOf(fields[f]!)));
          usedBy = [];
          lastUsedColumn = -1;
          columnIndex.forEach((c, f) => {
            if (c < 0) return;
            (usedBy[c] ??= []).push(f);
            lastUsedColumn = Math.max(lastUsedColumn, c);
          });
          continue;
        }
        if (line.includes('"')) {
          const cells = splitCsv(line, delimiter);
          for (let f = 0; f < FIELDS.length; f++) raw[f] = columnIndex[f] < 0 ? undefined : cells[columnIndex[f]];
        } else {
          // no quotes: walk the delimiters and cut out only the cells used (no array per line)
          raw.fill(undefined);
          let from = 0;
          for (let c = 0; c <= lastUsedColumn; c++) {
            let to = line.indexOf(delimiter, from);
            if (to < 0) to = line.length;
            const fieldsHere = usedBy[c];
            if (fieldsHere !== undefined) {
              const cell = from <= line.length ? line.substring(from, to) : undefined;
              for (const f of fieldsHere) raw[f] = cell;
            }
            from = to + 1;
          }
        }
      }
      rowNumber++;

      // which run this row belongs to
      let run: RunLog;
      if (single) run = single;
      else {
        const key = parseNumber(raw[F.parameter]);
        if (fields.parameter === undefined || key === undefined || key === null || !Number.isFinite(key)) {
          withoutParameter++;
          continue;
        }
        let found = byValue.get(key);
        if (!found) {
          if (byValue.size >= maxRuns)
            throw tooManyRuns(file, `more than ${maxRuns.toLocaleString('en-US')} values of ${options.parameter}`, maxRuns);
          found = newRun(file, `${name} (${options.parameter} = ${key})`, options);
          if (keySource.column !== fields.parameter)
            Object.assign(keySource, { column: fields.parameter, text: `column "${fields.parameter}"` });
          found.parameter = { value: key, source: keySource.text }; // one string for every run
          byValue.set(key, found);
        }
        run = found;
      }
      run.rows++;

      const step = fields.step === undefined ? rowNumber - 1 : parse(F.step);
      if (fileProblem) break;
      if (step === undefined) continue; // a row without a step (e.g. an epoch summary) is not a GD step
      if (!Number.isFinite(step)) {
        fail(`line ${lineNumber}: column "${fields.step}": expected a finite step, got ${String(raw[F.step])}`);
        break;
      }
      const loss = parse(F.loss);
      const sharpness = parse(F.sharpness);
      const lr = parse(F.lr);
      const parameterCell = single && fields.parameter !== undefined ? parse(F.parameter) : undefined;
      const ownObservable = parse(F.observable);
      if (fileProblem) break;

      // a step logged again: dropped if every value is the same (a logger that flushed twice),
      // else the run cannot be read (a resumed run appended to its log, two runs in one file)
      const previous = run.previousRow;
      if (previous.step === step) {
        if (
          Object.is(previous.loss, loss) &&
          Object.is(previous.sharpness, sharpness) &&
          Object.is(previous.lr, lr) &&
          Object.is(previous.observable, ownObservable)
        ) {
          run.duplicateRows++;
          continue;
        }
        run.problem ??= `step ${step} is logged twice with different values (lines ${previous.line} and ${lineNumber})`;
        continue;
      }
      previous.step = step;
      previous.loss = loss;
      previous.sharpness = sharpness;
      previous.lr = lr;
      previous.observable = ownObservable;
      previous.line = lineNumber;

      if (loss !== undefined && !Number.isFinite(loss)) noteNonFinite(run, step, lineNumber, fields.loss);
      if (sharpness !== undefined && !Number.isFinite(sharpness)) noteNonFinite(run, step, lineNumber, fields.sharpness);
      if (ownObservable !== undefined && !Number.isFinite(ownObservable)) noteNonFinite(run, step, lineNumber, fields.observable);

      // a learning rate that changes along the run (a schedule): remember the last change
      if (single && parameterCell !== undefined && Number.isFinite(parameterCell)) {
        if (columnParameter === null) columnParameter = { value: parameterCell, source: `column "${fields.parameter}"` };
        else if (columnParameter.value !== parameterCell) {
          run.lrChange = { step, from: columnParameter.value, to: parameterCell };
          columnParameter = { value: parameterCell, source: columnParameter.source };
        }
      }
      // a learning-rate cell that is not finite (pandas writes nan for a missing value) is not a
      // learning rate: it neither changes the schedule nor enters η × sharpness
      if (lr !== undefined && Number.isFinite(lr)) {
        if (run.lastLr !== undefined && run.lastLr !== lr && fields.lr !== fields.parameter)
          run.lrChange = { step, from: run.lastLr, to: lr };
        run.lastLr = lr;
      }
      // η, from one source: the run's parameter when that is the learning rate (its column as read
      // so far, else its sidecar or name: the order resolveParameter checks), else the lr column
      const rowLr = lrLike ? (single ? (columnParameter?.value ?? presetLr) : run.parameter?.value) : run.lastLr;

      for (const recorder of run.series) {
        const observable = recorder.name;
        let value: number | undefined;
        if (observable === 'loss' && options.observable === undefined) value = loss;
        else if (fields.observable !== undefined) value = ownObservable;
        else if (observable === ETA_SHARPNESS && sharpness !== undefined) value = rowLr === undefined ? undefined : rowLr * sharpness;
        if (value !== undefined) recorder.push(step, value, lineNumber);
      }
    }
    if (fileProblem) break;
  }

  if (single) {
    single.parameter = columnParameter;
    single.problem = fileProblem ?? single.problem;
    if (!jsonLines && header === null) single.problem ??= 'empty file: no header line';
    else if (single.rows === 0) single.problem ??= 'no data rows (header only)';
    if (header && fields.step === undefined) single.notes.push('no step column: rows are numbered 0, 1, …');
    return [single];
  }
  // long format
  if (fileProblem) throw new SpecError(file, null, fileProblem);
  if (!jsonLines && header === null) throw new SpecError(file, null, 'empty file: no header line');
  if (byValue.size === 0) {
    throw new SpecError(
      file,
      options.parameter,
      `one file is read as the long format, one run per value of the run-parameter column, and no rows have one (looked for a column named ${options.parameterNames.map((n) => `"${n}"`).join(', ')}; name it with --parameter)`,
    );
  }
  const out = [...byValue.values()];
  if (withoutParameter > 0)
    out[0].notes.push(`${withoutParameter} rows of ${name} have no ${options.parameter} value and belong to no run`);
  return out;
}

/** The run's series of an observable, if it records one. */
export function seriesOf(run: RunLog, observable: string): SeriesRecorder | undefined {
  return run.series.find((s) => s.name === observable);
}

function noteNonFinite(run: RunLog, step: number, line: number, column: string | undefined): void {
  if (column !== undefined && (!run.nonFinite || step < run.nonFinite.step)) run.nonFinite = { step, line, column };
}

interface OutsideReadings {
  readings: ParameterReading[];
  problems: string[];
}

/** The parameter as a sidecar JSON and the file name give it (read before the data). */
function parameterOutsideData(file: string, options: ReadOptions, runsInFolder: number): OutsideReadings {
  const readings: ParameterReading[] = [];
  const problems: string[] = [];
  for (const r of [sidecarParameter(file, options.parameterNames, runsInFolder), fileNameParameter(file, options.parameterNames)]) {
    if (r === null) continue;
    if ('error' in r) problems.push(r.error);
    else readings.push(r);
  }
  return { readings, problems };
}

/**
 * Per-run files: the parameter from the column (read while streaming), a sidecar JSON, or the
 * file name, in that order; sources that disagree are a problem of the run.
 */
function resolveParameter(run: RunLog, options: ReadOptions, outside: OutsideReadings): void {
  const readings = [...(run.parameter ? [run.parameter] : []), ...outside.readings];
  run.parameter = null;
  if (readings.length === 0) {
    run.parameterProblem = outside.problems[0] ?? `no ${options.parameter} in a column, a sidecar JSON or the file name`;
    return;
  }
  // the first source is the most precise (a column); a name's rounded value agrees within its last digit
  const disagreeing = readings.find((r) => !readingsAgree(r, readings[0]));
  if (disagreeing) {
    run.parameterProblem = `${options.parameter} = ${readings[0].value} from the ${readings[0].source} but ${disagreeing.value} from the ${disagreeing.source}`;
    return;
  }
  run.parameter = readings[0];
}

/** Python's json.dumps writes NaN, Infinity and -Infinity bare, which JSON.parse refuses. */
function pythonNonFinite(line: string): string {
  if (!/NaN|Infinity/.test(line)) return line;
  return line.replace(/(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '"$1"');
}

/** One CSV line: fields split on the delimiter; comma-separated fields may be double-quoted with "" escapes (io/csv.ts). */
export function splitCsv(line: string, delimiter: string): string[] {
  if (delimiter !== ',' || !line.includes('"')) return line.split(delimiter);
  return parseCsv(line).header;
}
