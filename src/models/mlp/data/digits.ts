import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SpecError } from '../../../spec/spec-error.js';
import type { Dataset } from './dataset.js';
import { normalizeInputs, type Normalization } from './normalize.js';

/** The shipped copy of the UCI optical handwritten digits (see its PROVENANCE.md). */
export const DIGITS_FILE = fileURLToPath(new URL('../../../../sweeps/data/digits/digits.csv.gz', import.meta.url));
export const DIGITS_PIXELS = 64;
export const DIGITS_ROWS = 1797;

export interface DigitsDataSpec {
  dataset: 'digits';
  /** the digits to keep, at least two distinct values in 0 … 9, or all ten */
  classes: readonly number[] | 'all';
  /** n, how many examples to take */
  examples: number;
  normalize: Normalization;
  /** the target magnitude (1 for ±1 or one-hot targets) */
  targetScale: number;
}

/**
 * The digits data set for an MLP. Precisely:
 *
 * - Selection: the first n rows of the file (in file order) whose label is in `classes`; no
 *   shuffle, so a spec always gets the same examples. The file interleaves the classes (labels run
 *   roughly 0, 1, …, 9, 0, 1, …), so the first n are close to balanced.
 * - Inputs: the 64 pixel counts (0–16, the 8×8 image row by row), as float64, then normalised over
 *   the selected examples (normalizeInputs: "unit", "standardize" or "none").
 * - Targets, two classes [a, b]: one output, y = −targetScale for a and +targetScale for b (the
 *   order in `classes` decides the sign).
 * - Targets, three or more classes (or "all"): one output per class in the order of `classes`
 *   ("all": 0 … 9), y = targetScale · e_c, one-hot, not centred.
 * - `labels` holds each example's digit.
 *
 * Mistakes in the spec (unknown or repeated classes, too many examples) throw a SpecError naming
 * `specFile` and the field; `file` overrides the data file (tests).
 */
export function loadDigits(spec: DigitsDataSpec, options: { specFile?: string; file?: string } = {}): Dataset {
  const specFile = options.specFile ?? '(data spec)';
  const file = options.file ?? DIGITS_FILE;
  const classes = spec.classes === 'all' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [...spec.classes];
  if (classes.length < 2) throw new SpecError(specFile, 'model.data.classes', 'expected at least two classes');
  const seen = new Set<number>();
  classes.forEach((c, index) => {
    if (!Number.isInteger(c) || c < 0 || c > 9)
      throw new SpecError(specFile, `model.data.classes[${index}]`, `expected a digit 0 … 9, got ${c}`);
    if (seen.has(c)) throw new SpecError(specFile, `model.data.classes[${index}]`, `digit ${c} is listed twice`);
    seen.add(c);
  });
  const n = spec.examples;
  if (!Number.isInteger(n) || n < 1) throw new SpecError(specFile, 'model.data.examples', `expected a positive integer, got ${n}`);
  if (!Number.isFinite(spec.targetScale))
    throw new SpecError(specFile, 'model.data.targetScale', `expected a finite number, got ${spec.targetScale}`);

  const rows = readDigitRows(file);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  // counted before anything is allocated: a mistyped examples (1e9) is one line, not a failed allocation
  const available = rows.reduce((count, row) => count + (classIndex.has(row[DIGITS_PIXELS]) ? 1 : 0), 0);
  if (n > available) {
    throw new SpecError(
      specFile,
      'model.data.examples',
      `asked for ${n} examples, the digits data set has only ${available} of classes ${classes.join(', ')}`,
    );
  }
  const outputs = classes.length === 2 ? 1 : classes.length;
  const inputs = new Float64Array(n * DIGITS_PIXELS);
  const targets = new Float64Array(n * outputs);
  const labels = new Int32Array(n);
  let taken = 0;
  for (let r = 0; r < rows.length && taken < n; r++) {
    const label = rows[r][DIGITS_PIXELS];
    const c = classIndex.get(label);
    if (c === undefined) continue;
    for (let j = 0; j < DIGITS_PIXELS; j++) inputs[taken * DIGITS_PIXELS + j] = rows[r][j];
    if (outputs === 1) targets[taken] = c === 1 ? spec.targetScale : -spec.targetScale;
    else targets[taken * outputs + c] = spec.targetScale;
    labels[taken] = label;
    taken++;
  }
  normalizeInputs(inputs, n, DIGITS_PIXELS, spec.normalize, file);
  return { inputs, targets, examples: n, inputDim: DIGITS_PIXELS, outputs, labels };
}

/** The 1797 rows of 64 pixels and a label, checked for shape. */
function readDigitRows(file: string): number[][] {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const rows = text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(',').map(Number));
  rows.forEach((row, index) => {
    if (row.length !== DIGITS_PIXELS + 1 || row.some((v) => !Number.isInteger(v))) {
      throw new SpecError(file, `line ${index + 1}`, `expected ${DIGITS_PIXELS + 1} integers`);
    }
  });
  if (rows.length !== DIGITS_ROWS) throw new SpecError(file, null, `expected ${DIGITS_ROWS} rows, found ${rows.length}`);
  return rows;
}
