import { FileRefused, readBoundedFile } from '../../../io/bounded-read.js';
import { parseCsv, parseDecimal } from '../../../io/csv.js';
import { SpecError } from '../../../spec/spec-error.js';
import { MLP_LIMITS } from '../names.js';
import type { Dataset } from './dataset.js';
import { normalizeInputs, type Normalization } from './normalize.js';

export interface CsvDataSpec {
  dataset: 'csv';
  /** the CSV file, as the caller resolved it (e.g. relative to the spec file) */
  path: string;
  /** the header names of the target columns, in output order; every other column is an input */
  targets: readonly string[];
  /** take the first n data rows; default all */
  examples?: number;
  /** input normalisation; default "none" */
  normalize?: Normalization;
}

/** Read the one target column as class labels (cross-entropy): `outputs`, when the spec gives it, fixes the classes c. */
export interface CsvLabels {
  outputs?: number;
}

/**
 * A regression data set from a CSV file with a header row. Inputs are all columns not named in
 * `targets`, in file order; targets are the named columns in the order given, used as they are.
 * Blank lines are skipped. Every mistake is one SpecError line naming the CSV file, the line and
 * the column: a target missing from the header, a non-numeric or missing cell, no data rows, no
 * input column, or more examples asked for than there are rows.
 *
 * With `labels` (cross-entropy) the one target column holds integer class labels 0 … c − 1, c =
 * model.outputs when given (2 for one output), else the largest label + 1. Two classes give one
 * output y = −1 for label 0 and +1 for label 1; c ≥ 3 give c one-hot outputs. `labels` then holds
 * the class of each example. More than one target column, a label that is not an integer, or one
 * outside 0 … c − 1 is a SpecError.
 */
export function loadCsvDataset(spec: CsvDataSpec, options: { specFile?: string; labels?: CsvLabels } = {}): Dataset {
  const file = spec.path;
  let text: string;
  try {
    text = readBoundedFile(file, MLP_LIMITS.dataBytes, 'a CSV data file').toString('utf8');
  } catch (error) {
    throw error instanceof FileRefused ? new SpecError(options.specFile ?? file, 'model.data.path', `${file}: ${error.detail}`) : error;
  }
  const headerEnd = text.indexOf('\n');
  const names = parseCsv(headerEnd < 0 ? text : text.slice(0, headerEnd)).header.map((h) => h.trim());
  if (names.length === 0 || (names.length === 1 && names[0] === ''))
    throw new SpecError(file, null, 'expected a header row naming the columns');
  if (spec.targets.length === 0) throw new SpecError(options.specFile ?? file, 'model.data.targets', 'expected at least one target column');
  if (options.labels && spec.targets.length !== 1)
    throw new SpecError(
      options.specFile ?? file,
      'model.data.targets',
      `cross-entropy reads one column of integer class labels 0 … c − 1, got ${spec.targets.length} columns`,
    );
  const targetColumns = spec.targets.map((name, index) => {
    const column = names.indexOf(name);
    if (column < 0)
      throw new SpecError(
        file,
        `line 1`,
        `no column "${name}" (model.data.targets[${index}]); the header has ${names.map((h) => `"${h}"`).join(', ')}`,
      );
    return column;
  });
  const inputColumns = names.map((_, column) => column).filter((column) => !targetColumns.includes(column));
  if (inputColumns.length === 0) throw new SpecError(file, 'line 1', 'no input column: every column is a target');

  let rowCount = 0;
  for (const _ of dataLines(text)) rowCount++;
  if (rowCount < 1) throw new SpecError(file, null, 'no data rows: expected at least one example after the header');
  const n = spec.examples ?? rowCount;
  if (!Number.isInteger(n) || n < 1)
    throw new SpecError(options.specFile ?? file, 'model.data.examples', `expected a positive integer, got ${n}`);
  if (n > rowCount)
    throw new SpecError(options.specFile ?? file, 'model.data.examples', `asked for ${n} examples, ${file} has ${rowCount}`);

  const d = inputColumns.length;
  const o = targetColumns.length;
  const inputs = new Float64Array(n * d);
  const targets = new Float64Array(n * o);
  // with labels, each example's line, for the messages of the label checks
  const lines = options.labels ? new Int32Array(n) : null;
  let i = 0;
  for (const row of dataLines(text)) {
    if (i === n) break;
    // only a line with a quote needs the full CSV grammar; plain numbers split at commas
    const cells = row.text.includes('"') ? parseCsv(row.text).header : row.text.split(',');
    if (cells.length > names.length)
      throw new SpecError(file, `line ${row.line}`, `${cells.length} cells, the header has ${names.length} columns`);
    const cell = (column: number): number => {
      const raw = cells[column];
      const where = `line ${row.line}, column "${names[column]}"`;
      if (raw === undefined || raw.trim() === '') throw new SpecError(file, where, 'missing value');
      const value = parseDecimal(raw.trim()) ?? NaN; // decimal only: not 0x10, 0b101, 0o7
      if (!Number.isFinite(value)) throw new SpecError(file, where, `expected a finite number, got "${raw.replace(/\r$/, '')}"`);
      return value;
    };
    inputColumns.forEach((column, j) => (inputs[i * d + j] = cell(column)));
    targetColumns.forEach((column, c) => (targets[i * o + c] = cell(column)));
    if (lines) lines[i] = row.line;
    i++;
  }
  normalizeInputs(inputs, n, d, spec.normalize ?? 'none', file);
  const data: Dataset = { inputs, targets, examples: n, inputDim: d, outputs: o };
  if (lines) return classesFromLabels(data, file, names[targetColumns[0]], lines, options.labels?.outputs);
  return data;
}

/** The data set with its one target column of labels k ∈ 0 … c − 1 turned into ±1 (c = 2) or one-hot (c ≥ 3) targets, for cross-entropy. */
function classesFromLabels(data: Dataset, file: string, column: string, lines: Int32Array, outputs: number | undefined): Dataset {
  const n = data.examples;
  const where = (i: number) => `line ${lines[i]}, column "${column}"`;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const k = data.targets[i];
    if (!Number.isInteger(k) || k < 0)
      throw new SpecError(file, where(i), `expected an integer class label 0 … c − 1 (model.loss "cross-entropy"), got ${k}`);
    largest = Math.max(largest, k);
  }
  const classes = outputs === undefined ? largest + 1 : Math.max(outputs, 2);
  if (classes < 2) throw new SpecError(file, `column "${column}"`, 'cross-entropy needs two classes or more; every label is 0');
  if (largest >= classes) {
    const i = data.targets.findIndex((k) => k >= classes);
    throw new SpecError(file, where(i), `class label ${data.targets[i]} is outside 0 … ${classes - 1} (model.outputs ${outputs})`);
  }
  const o = classes === 2 ? 1 : classes;
  const targets = new Float64Array(n * o);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = data.targets[i];
    labels[i] = k;
    if (o === 1) targets[i] = k === 1 ? 1 : -1;
    else targets[i * o + k] = 1;
  }
  return { ...data, targets, outputs: o, labels };
}

/**
 * The non-blank lines after the header, with their line numbers (the header is line 1; quoted
 * newlines are not expected). A generator, so a file of millions of rows is never held as arrays
 * of strings: the text is walked with indexOf, one line at a time.
 */
function* dataLines(text: string): Generator<{ line: number; text: string }> {
  let start = text.indexOf('\n');
  for (let line = 2; start >= 0; line++) {
    const end = text.indexOf('\n', start + 1);
    const content = text.slice(start + 1, end < 0 ? text.length : end);
    if (content.trim() !== '') yield { line, text: content };
    start = end;
  }
}
