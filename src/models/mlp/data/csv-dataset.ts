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

/**
 * A regression data set from a CSV file with a header row. Inputs are all columns not named in
 * `targets`, in file order; targets are the named columns in the order given, used as they are.
 * Blank lines are skipped. Every mistake is one SpecError line naming the CSV file, the line and
 * the column: a target missing from the header, a non-numeric or missing cell, no data rows, no
 * input column, or more examples asked for than there are rows.
 */
export function loadCsvDataset(spec: CsvDataSpec, options: { specFile?: string } = {}): Dataset {
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
    i++;
  }
  normalizeInputs(inputs, n, d, spec.normalize ?? 'none', file);
  return { inputs, targets, examples: n, inputDim: d, outputs: o };
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
