import { readFileSync } from 'node:fs';
import { parseCsv, parseDecimal } from '../../../io/csv.js';
import { SpecError } from '../../../spec/spec-error.js';
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
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read it (${(error as Error).message})`;
    throw new SpecError(options.specFile ?? file, 'data.path', `${file}: ${reason}`);
  }
  const { header, rows } = parseCsv(text);
  const names = header.map((h) => h.trim());
  if (names.length === 0 || (names.length === 1 && names[0] === '')) throw new SpecError(file, null, 'expected a header row naming the columns');
  if (spec.targets.length === 0) throw new SpecError(options.specFile ?? file, 'data.targets', 'expected at least one target column');
  const targetColumns = spec.targets.map((name, index) => {
    const column = names.indexOf(name);
    if (column < 0) throw new SpecError(file, `line 1`, `no column "${name}" (data.targets[${index}]); the header has ${names.map((h) => `"${h}"`).join(', ')}`);
    return column;
  });
  const inputColumns = names.map((_, column) => column).filter((column) => !targetColumns.includes(column));
  if (inputColumns.length === 0) throw new SpecError(file, 'line 1', 'no input column: every column is a target');

  // Data rows with their line numbers (the header is line 1; quoted newlines are not expected).
  const data: { line: number; cells: string[] }[] = [];
  rows.forEach((cells, index) => {
    if (cells.length === 1 && cells[0].trim() === '') return;
    data.push({ line: index + 2, cells });
  });
  if (data.length < 1) throw new SpecError(file, null, 'no data rows: expected at least one example after the header');
  const n = spec.examples ?? data.length;
  if (!Number.isInteger(n) || n < 1) throw new SpecError(options.specFile ?? file, 'data.examples', `expected a positive integer, got ${n}`);
  if (n > data.length) throw new SpecError(options.specFile ?? file, 'data.examples', `asked for ${n} examples, ${file} has ${data.length}`);

  const d = inputColumns.length;
  const o = targetColumns.length;
  const inputs = new Float64Array(n * d);
  const targets = new Float64Array(n * o);
  const cell = (row: { line: number; cells: string[] }, column: number): number => {
    const raw = row.cells[column];
    const where = `line ${row.line}, column "${names[column]}"`;
    if (raw === undefined || raw.trim() === '') throw new SpecError(file, where, 'missing value');
    const value = parseDecimal(raw.trim()) ?? NaN; // decimal only: not 0x10, 0b101, 0o7
    if (!Number.isFinite(value)) throw new SpecError(file, where, `expected a finite number, got "${raw}"`);
    return value;
  };
  for (let i = 0; i < n; i++) {
    const row = data[i];
    if (row.cells.length > names.length) throw new SpecError(file, `line ${row.line}`, `${row.cells.length} cells, the header has ${names.length} columns`);
    inputColumns.forEach((column, j) => (inputs[i * d + j] = cell(row, column)));
    targetColumns.forEach((column, c) => (targets[i * o + c] = cell(row, column)));
  }
  normalizeInputs(inputs, n, d, spec.normalize ?? 'none', file);
  return { inputs, targets, examples: n, inputDim: d, outputs: o };
}
