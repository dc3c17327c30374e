import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCsvDataset } from '../../../src/models/mlp/data/csv-dataset.js';
import { DIGITS_FILE, loadDigits, type DigitsDataSpec } from '../../../src/models/mlp/data/digits.js';
import { loadDataset } from '../../../src/models/mlp/data/load-dataset.js';
import { SpecError } from '../../../src/spec/spec-error.js';
import { accuracy } from '../../../src/models/mlp/accuracy.js';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import { gdStep } from '../../../src/models/mlp/gd-step.js';
import { initialParameters } from '../../../src/models/mlp/initialize.js';
import { createWorkspace } from '../../../src/models/mlp/workspace.js';
import { ROOT, tempDir } from '../../helpers.js';
import { architecture } from './mlp-helpers.js';

const rawRows = gunzipSync(readFileSync(DIGITS_FILE))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(',').map(Number));

function digits(fields: Partial<DigitsDataSpec>): DigitsDataSpec {
  return { dataset: 'digits', classes: [0, 1], examples: 10, normalize: 'none', targetScale: 1, ...fields };
}

describe('the digits data set', () => {
  it('ships the file its provenance describes', () => {
    expect(DIGITS_FILE).toBe(join(ROOT, 'sweeps', 'data', 'digits', 'digits.csv.gz'));
    const hash = createHash('sha256').update(readFileSync(DIGITS_FILE)).digest('hex');
    const provenance = readFileSync(join(ROOT, 'sweeps', 'data', 'digits', 'PROVENANCE.md'), 'utf8');
    expect(provenance).toContain(hash);
    expect(provenance).toContain('CC BY 4.0');
    expect(rawRows.length).toBe(1797);
    const counts = new Array(10).fill(0);
    for (const row of rawRows) counts[row[64]]++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('two classes: the first n of them in file order, one output, −targetScale for the first class and +targetScale for the second', () => {
    const data = loadDigits(digits({ classes: [7, 3], examples: 12, targetScale: 2.5 }));
    const expected = rawRows.filter((row) => row[64] === 7 || row[64] === 3).slice(0, 12);
    expect(data.outputs).toBe(1);
    expect(data.inputDim).toBe(64);
    expect(Array.from(data.labels!)).toEqual(expected.map((row) => row[64]));
    expect(Array.from(data.targets)).toEqual(expected.map((row) => (row[64] === 7 ? -2.5 : 2.5)));
    expect(Array.from(data.inputs)).toEqual(expected.flatMap((row) => row.slice(0, 64)));
  });

  it('all classes: one-hot (not centred) targets times targetScale, one output per digit', () => {
    const data = loadDigits(digits({ classes: 'all', examples: 30 }));
    expect(data.outputs).toBe(10);
    for (let i = 0; i < 30; i++) {
      const row = Array.from(data.targets.subarray(i * 10, i * 10 + 10));
      expect(row.filter((y) => y === 1).length).toBe(1);
      expect(row.indexOf(1)).toBe(data.labels![i]);
      expect(row.filter((y) => y === 0).length).toBe(9);
    }
    const three = loadDigits(digits({ classes: [9, 4, 1], examples: 9 }));
    expect(three.outputs).toBe(3);
    for (let i = 0; i < 9; i++) expect(three.targets[i * 3 + [9, 4, 1].indexOf(three.labels![i])]).toBe(1);
  });

  it('normalises: unit norm per example, or zero mean and unit variance per pixel', () => {
    const unit = loadDigits(digits({ examples: 40, normalize: 'unit' }));
    for (let i = 0; i < 40; i++) expect(Math.hypot(...unit.inputs.subarray(i * 64, i * 64 + 64))).toBeCloseTo(1, 14);
    const standard = loadDigits(digits({ examples: 40, normalize: 'standardize' }));
    let constantPixels = 0;
    for (let j = 0; j < 64; j++) {
      const column = Array.from({ length: 40 }, (_, i) => standard.inputs[i * 64 + j]);
      const mean = column.reduce((s, x) => s + x, 0) / 40;
      const variance = column.reduce((s, x) => s + (x - mean) ** 2, 0) / 40;
      expect(Math.abs(mean)).toBeLessThan(1e-14);
      if (variance === 0) constantPixels++;
      else expect(variance).toBeCloseTo(1, 12);
    }
    expect(constantPixels).toBeGreaterThan(0); // the always-blank corners
    expect(constantPixels).toBeLessThan(20);
  });

  it('spec mistakes are one-line SpecErrors naming the field', () => {
    const cases: [Partial<DigitsDataSpec>, RegExp][] = [
      [
        { classes: [0, 1], examples: 400 },
        /^spec\.json: model\.data\.examples: asked for 400 examples, the digits data set has only 360 of classes 0, 1$/,
      ],
      [{ classes: [0, 10] }, /^spec\.json: model\.data\.classes\[1\]: expected a digit 0 … 9, got 10$/],
      [{ classes: [3, 3] }, /data\.classes\[1\]: digit 3 is listed twice/],
      [{ classes: [3] }, /data\.classes: expected at least two classes/],
      [{ examples: 0 }, /data\.examples: expected a positive integer/],
    ];
    for (const [fields, message] of cases) {
      const attempt = () => loadDigits(digits(fields), { specFile: 'spec.json' });
      expect(attempt).toThrow(SpecError);
      expect(attempt).toThrow(message);
    }
  });

  it('an MLP learns 0 against 1 (integration: loader, GD, accuracy)', () => {
    const data = loadDataset(digits({ classes: [0, 1], examples: 100, normalize: 'unit' }));
    const net = createMlp(
      architecture({ inputDim: 64, layers: [32], outputs: 1, activation: 'tanh', init: { seed: 1, sigmaW: 1, sigmaB: 0, scale: 1 } }),
    );
    const ws = createWorkspace(net, data);
    const theta = initialParameters(net);
    const before = accuracy(ws, theta);
    let loss = Infinity;
    for (let t = 0; t < 300; t++) loss = gdStep(ws, theta, 1);
    expect(accuracy(ws, theta)).toBe(1);
    expect(before).toBeLessThan(0.9);
    expect(loss).toBeLessThan(0.05);
  });
});

describe('CSV data sets', () => {
  const dir = tempDir('uvchaos-mlp-csv-');
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('inputs are the other columns in file order, targets the named ones in the given order', () => {
    const path = write('good.csv', 'a,y2,b,y1\n1,10,2,20\n3,30,4,40\n\n5,50,6,60\n');
    const data = loadCsvDataset({ dataset: 'csv', path, targets: ['y1', 'y2'] });
    expect([data.examples, data.inputDim, data.outputs]).toEqual([3, 2, 2]);
    expect(Array.from(data.inputs)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(data.targets)).toEqual([20, 10, 40, 30, 60, 50]);
    const two = loadDataset({ dataset: 'csv', path, targets: ['y1'], examples: 2, normalize: 'unit' });
    expect(two.inputDim).toBe(3);
    expect(Math.hypot(...two.inputs.subarray(0, 3))).toBeCloseTo(1, 15);
  });

  it('every mistake is one SpecError line naming the file, the line and the column', () => {
    const cases: [string, string, string[], RegExp][] = [
      [
        'missing-column.csv',
        'a,b\n1,2\n',
        ['y'],
        /missing-column\.csv: line 1: no column "y" \(model\.data\.targets\[0\]\); the header has "a", "b"$/,
      ],
      ['text.csv', 'a,y\n1,2\n3,abc\n', ['y'], /text\.csv: line 3, column "y": expected a finite number, got "abc"$/],
      ['empty-cell.csv', 'a,y\n1,2\n,4\n', ['y'], /empty-cell\.csv: line 3, column "a": missing value$/],
      ['short-row.csv', 'a,b,y\n1,2,3\n4,5\n', ['y'], /short-row\.csv: line 3, column "y": missing value$/],
      ['long-row.csv', 'a,y\n1,2,3\n', ['y'], /long-row\.csv: line 2: 3 cells, the header has 2 columns$/],
      ['no-rows.csv', 'a,y\n', ['y'], /no-rows\.csv: no data rows: expected at least one example after the header$/],
      ['only-targets.csv', 'y\n1\n', ['y'], /only-targets\.csv: line 1: no input column: every column is a target$/],
      ['infinite.csv', 'a,y\n1,Infinity\n', ['y'], /infinite\.csv: line 2, column "y": expected a finite number, got "Infinity"$/],
    ];
    for (const [name, text, targets, message] of cases) {
      const path = write(name, text);
      const attempt = () => loadCsvDataset({ dataset: 'csv', path, targets });
      expect(attempt).toThrow(SpecError);
      expect(attempt).toThrow(message);
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
        expect((error as SpecError).file).toBe(path);
      }
    }
    expect(() => loadCsvDataset({ dataset: 'csv', path: join(dir, 'absent.csv'), targets: ['y'] }, { specFile: 'spec.json' })).toThrow(
      /^spec\.json: model\.data\.path: .*absent\.csv: no such file$/,
    );
    const path = write('three.csv', 'a,y\n1,2\n3,4\n');
    expect(() => loadCsvDataset({ dataset: 'csv', path, targets: ['y'], examples: 5 }, { specFile: 'spec.json' })).toThrow(
      /^spec\.json: model\.data\.examples: asked for 5 examples, .*three\.csv has 2$/,
    );
  });
});
