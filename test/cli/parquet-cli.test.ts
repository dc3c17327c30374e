import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_ROW_LIMIT } from '../../src/io/attractor-table.js';
import { parseCsv } from '../../src/io/csv.js';
import { phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { toolVersion } from '../../src/version.js';
import { csvText, uvLog } from '../logs/uv-logs.js';
import { filesIn, runCli, tempDir } from '../helpers.js';
import { expectParquetEqualsCsv, readParquetWithDuckDB } from '../io/duckdb-reader.js';

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const small = { width: 400, height: 300 };

/** Writes the spec and runs the command on one worker; `out` is a fresh folder. */
function run(command: string, spec: object, extra: string[]) {
  const dir = tempDir();
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  const out = join(dir, 'out');
  return { out, ...runCli([command, file, '--out', out, '--quiet', '--workers', '1', ...extra]) };
}

const SWEEPS = [
  // η runs past the edge of stability into divergence: empty cells (NULL) in every float column
  {
    label: 'UV η sweep',
    spec: {
      name: 'o',
      model: uv,
      sweep: { from: 0.5, to: 2.4, points: 240 },
      transient: 500,
      record: 128,
      period: { max: 16 },
      image: small,
    },
  },
  {
    label: 'logistic r sweep (a map)',
    spec: {
      name: 'o',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 4.1, points: 200 },
      transient: 300,
      record: 64,
      period: { max: 16 },
      image: small,
    },
  },
];

describe('--format parquet: typed tables that DuckDB reads back equal to the CSV', () => {
  for (const { label, spec } of SWEEPS) {
    it(`sweep, ${label}: every row and column of attractors.parquet equals attractors.csv; the metadata holds the spec, version and summary of attractors.json`, async () => {
      const result = run('sweep', spec, ['--format', 'both']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(filesIn(result.out)).toEqual([
        'o.attractors.csv',
        'o.attractors.json',
        'o.attractors.parquet',
        'o.bifurcation.png',
        'o.windows.csv',
      ]);
      const { parquet, nulls } = await expectParquetEqualsCsv(
        join(result.out, 'o.attractors.parquet'),
        join(result.out, 'o.attractors.csv'),
      );
      const json = JSON.parse(readFileSync(join(result.out, 'o.attractors.json'), 'utf8'));
      expect(json.rows.length).toBe(spec.sweep.points); // a small sweep's JSON keeps its rows
      expect(json.summary.regimes.diverged).toBeGreaterThan(0);
      expect(nulls).toBeGreaterThan(0);

      const columns = parquet.columns;
      expect(parquet.types).toEqual(
        columns.map((c) => (c === 'regime' ? 'VARCHAR' : c === 'period' || c === 'diverged_at' ? 'INTEGER' : 'DOUBLE')),
      );
      expect(parquet.repetition).toEqual(columns.map((_, i) => (i < 3 ? 'REQUIRED' : 'OPTIONAL')));
      expect(parquet.encodings.regime).toContain('RLE_DICTIONARY');
      expect(new Set(Object.values(parquet.compression))).toEqual(new Set(['SNAPPY']));
      // a model trained by gradient records its optimizer and threshold (under GD: η λ_max < 2), also under a key of its own
      const trained = spec.model.kind === 'uv';
      expect(Object.keys(parquet.metadata).sort()).toEqual([...(trained ? ['optimizer'] : []), 'spec', 'summary', 'tool', 'version']);
      expect(json.summary.optimizer).toEqual(trained ? { kind: 'gd', threshold: { value: 2, on: 'sharpness', formula: '2' } } : undefined);
      if (trained) expect(JSON.parse(parquet.metadata.optimizer)).toEqual(json.summary.optimizer);
      expect(JSON.parse(parquet.metadata.spec)).toEqual(json.spec);
      expect(JSON.parse(parquet.metadata.summary)).toEqual(json.summary);
      expect(parquet.metadata.version).toBe(toolVersion());
      expect(parquet.metadata.tool).toBe('uvchaos');
    });
  }

  it('phase: every row and column of phase.parquet equals phase.csv; the metadata holds the spec with its defaults and the cell counts', async () => {
    const spec = {
      name: 'o',
      model: uv,
      grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 8 }, y: { parameter: 'target', from: 1, to: 20, points: 6 } },
      transient: 500,
      record: 64,
      period: { max: 16 },
      image: small,
    };
    const result = run('phase', spec, ['--format', 'both']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesIn(result.out)).toEqual(['o.phase.csv', 'o.phase.parquet', 'o.phase.png']);
    const { parquet, nulls } = await expectParquetEqualsCsv(join(result.out, 'o.phase.parquet'), join(result.out, 'o.phase.csv'));
    expect(nulls).toBeGreaterThan(0);
    expect(parquet.types).toEqual(['DOUBLE', 'DOUBLE', 'VARCHAR', 'DOUBLE', 'VARCHAR', 'INTEGER', 'DOUBLE']);
    expect(parquet.encodings.early).toContain('RLE_DICTIONARY');
    expect(JSON.parse(parquet.metadata.spec)).toEqual(phaseSpecSchema.parse(spec));
    const summary = JSON.parse(parquet.metadata.summary);
    expect(summary.cells).toBe(48);
    expect(summary.optimizer).toEqual({ kind: 'gd', threshold: { value: 2, on: 'sharpness', formula: '2' } });
    // the counts are the ones printed, and they add up to the cells of the CSV
    const printed = /^48 cells: (.*); /.exec(result.stdout)![1];
    expect(
      Object.entries(summary.categories)
        .map(([name, n]) => `${n} ${name}`)
        .join(', '),
    ).toBe(printed);
    expect(Object.values(summary.categories as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      parseCsv(readFileSync(join(result.out, 'o.phase.csv'), 'utf8')).rows.length,
    );
  });

  it('sweep --format parquet writes the Parquet table instead of the CSV and says which files it wrote', async () => {
    const sweep = run('sweep', SWEEPS[1].spec, ['--format', 'parquet']);
    expect(sweep.code).toBe(0);
    expect(filesIn(sweep.out)).toEqual(['o.attractors.json', 'o.attractors.parquet', 'o.bifurcation.png', 'o.windows.csv']);
    expect(sweep.stdout).toContain(
      `wrote ${['attractors.parquet', 'attractors.json', 'windows.csv', 'bifurcation.png'].map((s) => join(sweep.out, `o.${s}`)).join(', ')}\n`,
    );
    const rows = JSON.parse(readFileSync(join(sweep.out, 'o.attractors.json'), 'utf8')).rows;
    const read = await readParquetWithDuckDB(join(sweep.out, 'o.attractors.parquet'));
    // the JSON's rows and the Parquet rows are the same table
    expect(read.rows).toEqual(rows.map((r: Record<string, unknown>) => read.columns.map((c) => r[c])));
  });

  it(`a sweep over ${JSON_ROW_LIMIT} points: attractors.json keeps spec, columns and summary but names the table files instead of repeating the rows`, async () => {
    const points = JSON_ROW_LIMIT + 1;
    const spec = {
      name: 'o',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 4, points },
      transient: 20,
      record: 16,
      period: { max: 4 },
      lyapunov: { enabled: false },
      image: small,
    };
    const result = run('sweep', spec, ['--format', 'parquet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(join(result.out, 'o.attractors.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(['tool', 'version', 'spec', 'columns', 'rowsOmitted', 'summary']);
    expect(json.rowsOmitted).toEqual({ count: points, limit: JSON_ROW_LIMIT, files: ['o.attractors.parquet'] });
    expect(json.summary.points).toBe(points);
    const read = await readParquetWithDuckDB(join(result.out, 'o.attractors.parquet'));
    expect(read.rows.length).toBe(points);
    expect(read.rowGroups).toBe(2); // 65,536 rows per group
    expect(read.columns).toEqual(json.columns);
    // min/max per row group on the sorted parameter (a reader skips groups outside a range), the
    // regime and the period; none on the figures, where they would prune nothing
    const r = read.statistics.r.map(({ min, max }) => [Number(min), Number(max)]);
    expect(r[0][0]).toBe(2.8);
    expect(r[1][1]).toBe(4);
    expect(r[0][1]).toBeLessThan(r[1][0]);
    expect(read.statistics.regime.every((s) => s.min !== null && s.max !== null)).toBe(true);
    expect(read.statistics.period.every((s) => s.min !== null && s.max !== null)).toBe(true);
    for (const column of json.columns.slice(3))
      expect(read.statistics[column], column).toEqual([
        { min: null, max: null },
        { min: null, max: null },
      ]);
  });

  for (const command of ['sweep', 'phase', 'merge', 'analyze']) {
    it(`${command} --format bogus: one line, exit 2, nothing written`, () => {
      // merge and analyze read folders and take neither --workers nor (analyze) --quiet
      const result = ['sweep', 'phase'].includes(command)
        ? run(command, { name: 'o' }, ['--format', 'bogus'])
        : (() => {
            const out = join(tempDir(), 'out');
            return { out, ...runCli([command, tempDir(), '--out', out, '--format', 'bogus']) };
          })();
      expect(result.stderr).toBe(`uvchaos: error: ${command}: --format expects csv, parquet or both, got "bogus"\n`);
      expect(result.code).toBe(2);
      expect(existsSync(result.out)).toBe(false);
    });
  }

  it('merge --format both: the merged parts give the Parquet table of a single-machine run, equal to the merged CSV', async () => {
    const dir = tempDir();
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(SWEEPS[0].spec));
    const single = runCli(['sweep', file, '--out', join(dir, 'single'), '--quiet', '--workers', '1', '--format', 'parquet']);
    expect(single.code, single.stderr).toBe(0);
    for (const k of [0, 1]) {
      const part = runCli(['sweep', file, '--out', join(dir, 'parts'), '--quiet', '--workers', '1', '--shard', `${k}/2`]);
      expect(part.code, part.stderr).toBe(0);
    }
    const merged = runCli(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--quiet', '--format', 'both']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(filesIn(join(dir, 'merged'))).toEqual([
      'o.attractors.csv',
      'o.attractors.json',
      'o.attractors.parquet',
      'o.bifurcation.png',
      'o.windows.csv',
    ]);
    await expectParquetEqualsCsv(join(dir, 'merged', 'o.attractors.parquet'), join(dir, 'merged', 'o.attractors.csv'));
    // the same rows as the single run's Parquet file (its metadata differs only in the summary's timing)
    const [a, b] = await Promise.all([
      readParquetWithDuckDB(join(dir, 'single', 'o.attractors.parquet')),
      readParquetWithDuckDB(join(dir, 'merged', 'o.attractors.parquet')),
    ]);
    expect(b.rows).toEqual(a.rows);
    expect(b.metadata.spec).toBe(a.metadata.spec);
  });

  it('merge --format parquet of phase parts writes phase.parquet instead of phase.csv', async () => {
    const dir = tempDir();
    const file = join(dir, 'spec.json');
    const spec = {
      name: 'p',
      model: uv,
      grid: { x: { parameter: 'eta', from: 0.5, to: 2.2, points: 12 }, y: { parameter: 'target', from: 5, to: 15, points: 5 } },
      transient: 300,
      record: 64,
      period: { max: 8 },
      image: small,
    };
    writeFileSync(file, JSON.stringify(spec));
    const single = runCli(['phase', file, '--out', join(dir, 'single'), '--quiet', '--workers', '1']);
    expect(single.code, single.stderr).toBe(0);
    for (const k of [0, 1, 2])
      expect(runCli(['phase', file, '--out', join(dir, 'parts'), '--quiet', '--workers', '1', '--shard', `${k}/3`]).code).toBe(0);
    const merged = runCli(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--quiet', '--format', 'parquet']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(filesIn(join(dir, 'merged'))).toEqual(['p.phase.parquet', 'p.phase.png']);
    await expectParquetEqualsCsv(join(dir, 'merged', 'p.phase.parquet'), join(dir, 'single', 'p.phase.csv'));
  });

  it('analyze --format both: the table of logged runs as Parquet, typed (run names as strings, counts as integers, steps as doubles), equal to the CSV', async () => {
    const runs = tempDir();
    const out = tempDir();
    for (const lr of [0.95, 1.1, 1.26, 1.5]) writeFileSync(join(runs, `lr=${lr}.csv`), csvText(uvLog(lr, 3000)));
    mkdirSync(join(runs, 'nan'));
    writeFileSync(join(runs, 'nan', 'lr=1.7.csv'), csvText(uvLog(1.7, 3000).map((r) => (r.step >= 2222 ? { ...r, sharpness: NaN } : r))));
    const result = runCli(['analyze', runs, '--out', out, '--name', 'logs', '--record', '400', '--format', 'both']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `wrote ${['attractors.csv', 'attractors.parquet', 'attractors.json', 'windows.csv', 'bifurcation.png'].map((s) => join(out, `logs.${s}`)).join(', ')}\n`,
    );
    const { parquet, nulls } = await expectParquetEqualsCsv(join(out, 'logs.attractors.parquet'), join(out, 'logs.attractors.csv'));
    expect(parquet.rows.length).toBe(5);
    expect(nulls).toBeGreaterThan(0); // the diverged run has no exponent or extent
    const type = (name: string) => parquet.types[parquet.columns.indexOf(name)];
    expect([
      type('eta'),
      type('regime'),
      type('period'),
      type('run'),
      type('samples'),
      type('last_step'),
      type('diverged_at'),
      type('embedding_dimension'),
    ]).toEqual(['DOUBLE', 'VARCHAR', 'INTEGER', 'VARCHAR', 'INTEGER', 'DOUBLE', 'DOUBLE', 'INTEGER']);
    expect(JSON.parse(parquet.metadata.spec).command).toBe('analyze');
    expect(JSON.parse(parquet.metadata.summary).runs).toBe(5);
  });
});
