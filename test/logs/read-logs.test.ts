import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAxis, runsFigureInput } from '../../src/logs/analyze-figure.js';
import type { RunRow } from '../../src/logs/analyze-runs.js';
import { parseNumber } from '../../src/logs/column-roles.js';
import { readLines } from '../../src/logs/line-reader.js';
import { fileNameParameter, readingsAgree, sidecarParameter, writtenResolution } from '../../src/logs/run-parameter.js';
import { findRunFiles } from '../../src/logs/run-files.js';
import { tempDir } from '../helpers.js';

const LR = ['lr', 'eta', 'learning_rate'];

describe('where the parameter comes from', () => {
  it('reads the documented file and folder name patterns', () => {
    const cases: [string, number | null][] = [
      ['runs/lr=0.05.csv', 0.05],
      ['runs/run_lr_5e-2_seed3.csv', 0.05],
      ['runs/eta-1.2.jsonl', 1.2],
      ['runs/LR0.1/metrics.csv', 0.1],
      ['runs/sweep/lr=.5/version_0/metrics.csv', 0.5],
      ['runs/lr=.5/a/b/metrics.csv', null], // two folders up at most
      ['runs/lr=2/version_0/metrics.csv', 2],
      ['runs/theta=3.csv', null], // "eta" inside a word is not the learning rate
      ['runs/baseline.csv', null],
    ];
    for (const [path, value] of cases) {
      const r = fileNameParameter(path, LR);
      expect(r === null ? null : 'value' in r ? r.value : r.error, path).toBe(value);
    }
    expect(fileNameParameter('runs/lr=0.1_eta=0.2.csv', LR)).toEqual({ error: 'the name "lr=0.1_eta=0.2" gives lr = 0.1 and eta = 0.2' });
  });

  it('takes a rounded value in a name as agreeing with the exact column, within its last digit', () => {
    expect([writtenResolution('1.324'), writtenResolution('5e-2'), writtenResolution('3'), writtenResolution('.5')]).toEqual([
      0.0005, 0.005, 0.5, 0.05,
    ]);
    const name = fileNameParameter('runs/run_lr_1.324.csv', LR) as { value: number; source: string; resolution: number };
    expect(readingsAgree({ value: 1.3236380016786446, source: 'column "lr"' }, name)).toBe(true);
    expect(readingsAgree({ value: 1.3246, source: 'column "lr"' }, name)).toBe(false);
    expect(readingsAgree({ value: 0.1 + 0.2, source: 'a' }, { value: 0.3, source: 'b', resolution: 0 })).toBe(true);
  });

  it('reads sidecars beside the file, shared ones only in a folder of one run', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), '');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ seed: 1, learning_rate: '0.25' }));
    expect(sidecarParameter(join(dir, 'a.csv'), LR, 2)).toEqual({ value: 0.25, source: 'a.json "learning_rate"', resolution: 0.005 });
    writeFileSync(join(dir, 'b.csv'), '');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ lr: 0.5 }));
    expect(sidecarParameter(join(dir, 'b.csv'), LR, 2)).toBeNull();
    expect(sidecarParameter(join(dir, 'b.csv'), LR, 1)).toEqual({ value: 0.5, source: 'config.json "lr"', resolution: 0 });
    writeFileSync(join(dir, 'c.csv'), '');
    writeFileSync(join(dir, 'c.json'), '{"lr": "fast"}');
    expect(sidecarParameter(join(dir, 'c.csv'), LR, 2)).toEqual({
      error: `sidecar ${join(dir, 'c.json')}: "lr" is "fast", expected a finite number`,
    });
  });

  it('parses the spellings of numbers loggers write', () => {
    expect([' 0.5 ', '1e-3', 'nan', 'NaN', 'inf', '-inf', 'Infinity', '', 'None', '0', ' 0 ', 'tensor(0.5)'].map(parseNumber)).toEqual([
      0.5,
      1e-3,
      NaN,
      NaN,
      Infinity,
      -Infinity,
      Infinity,
      undefined,
      undefined,
      0,
      0,
      null,
    ]);
  });
});

describe('finding run files', () => {
  it('walks folders, expands globs, and never takes our own outputs or hidden files for runs', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'lr=1'));
    mkdirSync(join(dir, 'lr=2'));
    for (const f of [
      'lr=1/metrics.csv',
      'lr=2/metrics.csv',
      'x.jsonl',
      'notes.txt',
      'old.attractors.csv',
      'old.windows.csv',
      '.hidden.csv',
      'a.json',
    ])
      writeFileSync(join(dir, f), 'step\n');
    expect(findRunFiles([dir]).files.map((f) => f.path.slice(dir.length + 1))).toEqual(['lr=1/metrics.csv', 'lr=2/metrics.csv', 'x.jsonl']);
    expect(findRunFiles([join(dir, 'lr=*', 'metrics.csv')]).files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'lr=1/metrics.csv',
      'lr=2/metrics.csv',
    ]);
    expect(findRunFiles([join(dir, 'x.jsonl')])).toEqual({ layout: 'long', files: [{ path: join(dir, 'x.jsonl'), label: 'x.jsonl' }] });
    expect(findRunFiles([join(dir, 'x.jsonl'), join(dir, 'lr=1')]).layout).toBe('per-run');
  });
});

describe('streaming', () => {
  it('reads a 40 MB log in batches of at most 1 MB, never the whole file, and every line once', async () => {
    const file = join(tempDir(), 'big.csv');
    const fd = openSync(file, 'w');
    writeSync(fd, '\ufeffstep,loss\r\n'); // a byte-order mark and CRLF line ends, as Windows tools write
    const lines = 1_000_000;
    let batch: string[] = [];
    for (let i = 0; i < lines; i++) {
      batch.push(`${i},${i % 2 ? '0.01234567890123456789012345' : 'é0.0234567890123456789012345'}\r\n`);
      if (batch.length === 100_000) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    closeSync(fd);
    let count = 0;
    let largest = 0;
    let first = '';
    let last = '';
    for await (const got of readLines(file)) {
      const bytes = got.reduce((s, l) => s + Buffer.byteLength(l) + 2, 0);
      largest = Math.max(largest, bytes);
      if (count === 0) first = got[0];
      count += got.length;
      last = got[got.length - 1];
    }
    expect(count).toBe(lines + 1);
    expect(first).toBe('step,loss');
    expect(last).toBe(`${lines - 1},0.01234567890123456789012345`);
    expect(largest).toBeLessThanOrEqual(1 << 20);
  });
});

describe('the runs diagram places columns by value', () => {
  const row = (value: number, record: number[]): RunRow => ({
    label: String(value),
    value,
    source: 'test',
    regime: 'periodic',
    period: 1,
    lyapunov: null,
    min: 0,
    max: 1,
    divergedAt: null,
    samples: record.length,
    lastStep: 0,
    interval: 1,
    record: Float64Array.from(record),
  });

  it('cells reach halfway to the neighbours, on a linear or a log axis', () => {
    expect(runAxis([0.1, 0.2, 0.9])).toEqual({
      spacing: 'linear',
      values: [0.1, 0.2, 0.9],
      edges: [0.05, 0.15000000000000002, 0.55, 1.25],
    });
    const log = runAxis([1e-3, 1e-2, 1e-1, 1]);
    expect(log.spacing).toBe('log');
    log.edges.forEach((e, i) => expect(e).toBeCloseTo([10 ** -3.5, 10 ** -2.5, 10 ** -1.5, 10 ** -0.5, 10 ** 0.5][i], 12));
  });

  it("each run's samples fill the raster columns of its own cell, at its value", () => {
    const input = runsFigureInput([row(0.1, [0, 0]), row(0.2, [0.5]), row(0.9, [1])], {
      name: 't',
      parameter: 'eta',
      observable: 'loss',
      observableLabel: 'loss',
      width: 1200,
      height: 300,
      subtitle: '',
    });
    const { layout, raster } = input;
    // the axis runs over the cells' edges 0.05 … 1.25: 1200 columns of 0.001
    const columnsWith = (y: number) => {
      const r = Math.floor(((layout.yMax - y) / (layout.yMax - layout.yMin)) * layout.rows);
      const cols: number[] = [];
      for (let c = 0; c < layout.columns; c++) if (raster[r * layout.columns + c] > 0) cols.push(c);
      return [cols[0], cols[cols.length - 1], cols.length];
    };
    expect(columnsWith(0)).toEqual([0, 99, 100]); // 0.05 … 0.15
    expect(columnsWith(0.5)).toEqual([100, 499, 400]); // 0.15 … 0.55
    expect(columnsWith(1)).toEqual([500, 1199, 700]); // 0.55 … 1.25
    expect(input.lyapunovPoints).toEqual([]);
    expect(input.spec.sweep).toMatchObject({ points: 1200, spacing: 'linear' });
  });
});
