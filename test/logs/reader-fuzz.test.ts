import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeRuns } from '../../src/logs/analyze-runs.js';
import { DEFAULT_COLUMN_NAMES, parseNumber } from '../../src/logs/column-roles.js';
import { MAX_RUNS, readRuns, type ReadOptions } from '../../src/logs/read-runs.js';
import { FileError } from '../../src/io/file-error.js';
import { parseDecimal } from '../../src/io/csv.js';
import { SpecError } from '../../src/spec/spec-error.js';
import { loadCsvDataset } from '../../src/models/mlp/data/csv-dataset.js';
import { sidecarParameter } from '../../src/logs/run-parameter.js';
import { csvText, uvLog } from './uv-logs.js';
import { tempDir } from '../helpers.js';

/** The reference definition of a decimal literal, written independently of the parser's scan. */
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Tokens that look like numbers to someone: the odd ones the issue lists and their kin. */
const ODD = [
  '0x10',
  '0b101',
  '0o7',
  '1e999',
  '-1e999',
  '-',
  '+',
  '',
  ' 1',
  '1 ',
  '1_000',
  '.',
  'e5',
  '1e',
  '1e+',
  '5.',
  '.5',
  '-.5e-3',
  'Infinity',
  '-inf',
  'nan',
  'NaN',
  'None',
  'null',
  '1,5',
  '"1"',
  '0.1.2',
  '١',
  '\u00a01',
  'tensor(0.5)',
  '1e-400',
  '00012',
  '+0',
  '-0',
];
const numberish = fc.oneof(
  fc.constantFrom(...ODD),
  fc.string({ unit: fc.constantFrom(...'0123456789+-.eE xob_'), maxLength: 12 }),
  fc.double().map(String),
  fc.string({ maxLength: 8 }),
);

const LR_NAMES = DEFAULT_COLUMN_NAMES.lr;
const OPTIONS: ReadOptions = {
  parameter: 'eta',
  parameterNames: ['eta', ...LR_NAMES.filter((n) => n !== 'eta')],
  observable: undefined,
  columns: DEFAULT_COLUMN_NAMES,
  record: 16,
};

/** Reads `text` as a long-format file and as a per-run file, then analyses what was read. */
async function readBothWays(dir: string, name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out = [];
  for (const layout of ['long', 'per-run'] as const) {
    const read = await readRuns({ layout, files: [{ path: file, label: name }] }, OPTIONS);
    out.push(read);
    await analyzeRuns(read, { ...OPTIONS, source: file, period: { max: 4, tol: 1e-6 }, zeroTolerance: 0.01 });
  }
  return out;
}

function userFacing(err: unknown): boolean {
  return err instanceof SpecError || err instanceof FileError;
}

describe('the strict number parser', () => {
  it('agrees with the reference definition of a decimal literal on any text', () => {
    fc.assert(
      fc.property(numberish, (text) => {
        const value = parseDecimal(text);
        if (DECIMAL.test(text)) expect(value).toBe(Number(text));
        else expect(value).toBeNull();
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('reads cells strictly: no hex, binary, octal or separators; the documented spellings of missing, NaN and ∞', () => {
    const cells = [
      '0x10',
      '0b101',
      '0o7',
      '1_000',
      '-',
      '+',
      '.',
      '1e',
      '',
      ' ',
      ' 1',
      '1e999',
      'Infinity',
      '-inf',
      'nan',
      'None',
      '.5',
      '5.',
      '-2.5E-3',
    ];
    expect(cells.map(parseNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      undefined,
      undefined,
      1,
      Infinity,
      Infinity,
      -Infinity,
      NaN,
      undefined,
      0.5,
      5,
      -2.5e-3,
    ]);
  });
});

describe('every table read with the same strict parser', () => {
  it('the mlp CSV data set and the sidecar JSON refuse 0x10, 0b101, 0o7 and 1_000', () => {
    const dir = tempDir();
    for (const odd of ['0x10', '0b101', '0o7', '1_000']) {
      const csv = join(dir, 'data.csv');
      writeFileSync(csv, `x,y\n1,2\n${odd},3\n`);
      expect(() => loadCsvDataset({ dataset: 'csv', path: csv, targets: ['y'] })).toThrow(
        new SpecError(csv, 'line 3, column "x"', `expected a finite number, got "${odd}"`),
      );
      writeFileSync(join(dir, 'run.csv'), '');
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ lr: odd }));
      expect(sidecarParameter(join(dir, 'run.csv'), ['lr'], 1)).toEqual({
        error: `sidecar ${join(dir, 'run.json')}: "lr" is "${odd}", expected a finite number`,
      });
    }
  });
});

describe('the analyze table reader on any input', () => {
  it('gives a result or one SpecError / FileError, never another exception, for CSV-ish text', async () => {
    const dir = tempDir();
    const line = fc
      .tuple(fc.array(numberish, { minLength: 1, maxLength: 5 }), fc.constantFrom(',', '\t', ';'))
      .map(([cells, delimiter]) => cells.join(delimiter));
    const header = fc
      .subarray(['step', 'loss', 'sharpness', 'lr', 'eta', 'eta_sharpness', 'x', '"lr"', '#'], { minLength: 1 })
      .map((h) => h.join(','));
    const text = fc
      .tuple(header, fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'))
      .map(([h, rows, nl]) => [h, ...rows].join(nl));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('runs.csv', 'lr=0.5.csv', 'runs.tsv', 'runs.jsonl'), async (t, name) => {
        try {
          await readBothWays(dir, `${n++}-${name}`, t);
        } catch (err) {
          if (!userFacing(err)) throw err;
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('gives a result or one user-facing error for mutated valid logs', async () => {
    const dir = tempDir();
    const valid = csvText(uvLog(1.1, 40));
    const mutation = fc.record({
      at: fc.nat({ max: valid.length }),
      cut: fc.nat({ max: 20 }),
      insert: fc.oneof(fc.constantFrom(...ODD, ',', '\n', '"', '\r', '#'), fc.string({ maxLength: 6 })),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('lr=1.1.csv', 'all.csv'),
        async (mutations, name) => {
          let text = valid;
          for (const m of mutations) text = text.slice(0, m.at) + m.insert + text.slice(m.at + m.cut);
          try {
            await readBothWays(dir, `${n++}-${name}`, text);
          } catch (err) {
            if (!userFacing(err)) throw err;
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('JSON Lines with any values: a result or one user-facing error', async () => {
    const dir = tempDir();
    const value = fc.oneof(
      fc.double(),
      numberish,
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 2 }),
      fc.object({ maxDepth: 1 }),
    );
    const row = fc.record({ step: value, loss: value, sharpness: value, lr: value }, { requiredKeys: [] });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            row.map((r) => JSON.stringify(r)),
            fc.string({ maxLength: 10 }),
          ),
          { maxLength: 20 },
        ),
        async (lines) => {
          try {
            await readBothWays(dir, `${n++}.jsonl`, lines.join('\n'));
          } catch (err) {
            if (!userFacing(err)) throw err;
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('keeps buffers proportional to the rows read, not to --record, however many runs a file holds', async () => {
    const dir = tempDir();
    // long-format files: each row its own run, or a few runs of many rows, at a large --record
    const rowsOf = fc.array(fc.record({ run: fc.integer({ min: 0, max: 50 }), sharpness: fc.double({ min: 0, max: 10, noNaN: true }) }), {
      minLength: 1,
      maxLength: 200,
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(rowsOf, async (rows) => {
        const text = ['lr,step,loss,sharpness', ...rows.map((r, i) => `${(r.run + 1) / 100},${i},0.5,${r.sharpness}`)].join('\n');
        const file = join(dir, `${n++}.csv`);
        writeFileSync(file, text);
        const read = await readRuns({ layout: 'long', files: [{ path: file, label: 'x' }] }, { ...OPTIONS, record: 100_000 });
        let allocated = 0;
        for (const run of read.runs) for (const series of run.series) allocated += series.allocated;
        // two series per run (η × sharpness and the loss), each at most twice its samples or a small first block
        expect(allocated).toBeLessThanOrEqual(2 * (2 * rows.length + 16 * read.runs.length));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('the cap on runs', () => {
  it('a long-format file with more runs than the cap is one SpecError naming the file and the cap', async () => {
    const file = join(tempDir(), 'many.csv');
    writeFileSync(file, ['lr,step,loss', ...Array.from({ length: 11 }, (_, i) => `${i + 1},0,1`)].join('\n'));
    await expect(readRuns({ layout: 'long', files: [{ path: file, label: 'many.csv' }] }, { ...OPTIONS, maxRuns: 10 })).rejects.toThrow(
      new SpecError(
        file,
        null,
        'more than 10 values of eta: analyze reads at most 10 runs at once (split the sweep, or analyze a range of it)',
      ),
    );
    const ten = await readRuns({ layout: 'long', files: [{ path: file, label: 'many.csv' }] }, { ...OPTIONS, maxRuns: 11 });
    expect(ten.runs).toHaveLength(11);
    expect(MAX_RUNS).toBe(1_000_000); // the README states it
  });
});
