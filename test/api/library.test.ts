import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cascade, phase, SpecError, sweep, sweepRows, trajectory, type PhaseSpecInput, type SweepSpecInput } from '../../src/index.js';
import { renderBifurcationPng, renderPhasePng, renderTrajectoryPng } from '../../src/api/render.js';
import { csvRow, parseCsv } from '../../src/io/csv.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

/**
 * The library functions against the CLI on the same spec: every table cell and every PNG byte
 * must agree, since both are documented as the same computation.
 */
function runCommand(command: string, spec: object): { dir: string; file: (suffix: string) => Buffer } {
  const dir = tempDir();
  const specFile = join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const result = runCli([command, specFile, '--out', dir, ...(command === 'trajectory' ? [] : ['--quiet', '--workers', '2'])]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { dir, file: (suffix) => readFileSync(join(dir, `${(spec as { name: string }).name}.${suffix}`)) };
}

/** A trajectory result written as the CLI writes its CSV (empty cells for NaN). */
function trajectoryCsv(t: Awaited<ReturnType<typeof trajectory>>): string {
  let text = csvRow(t.columnNames);
  for (let i = 0; i < t.length; i++) text += csvRow(t.columnNames.map((name) => t.columns[name][i]));
  return text;
}

const shipped = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, 'sweeps', `${name}.json`), 'utf8'));
const logisticSweep: SweepSpecInput = {
  name: 'ls',
  model: { kind: 'logistic' },
  sweep: { from: 2.8, to: 3.9, points: 120 },
  transient: 2000,
  record: 256,
  image: { width: 600, height: 400 },
};

describe('trajectory()', () => {
  it('gives the CLI table by column name, and the same figure, for the UV model, an expression map and an mlp', async () => {
    const specs = [
      shipped('uv-edge-of-stability'),
      {
        name: 'e',
        model: { kind: 'expression', variables: ['x', 'y'], parameters: { a: 1.4, b: 0.3 }, equations: { x: '1 - a*x^2 + y', y: 'b*x' } },
        steps: 300,
      },
      {
        name: 'm',
        model: { kind: 'mlp', layers: [8], data: { dataset: 'digits', classes: [0, 1], examples: 24 } },
        eta: 0.5,
        steps: 30,
        sharpnessEvery: 4,
      },
    ];
    for (const spec of specs) {
      const cli = runCommand('trajectory', spec);
      const t = await trajectory(spec as Parameters<typeof trajectory>[0]);
      expect(trajectoryCsv(t)).toBe(cli.file('trajectory.csv').toString('utf8'));
      expect(Buffer.compare(await renderTrajectoryPng(t), cli.file('trajectory.png'))).toBe(0);
    }
  });

  it('carries the spec with its defaults filled in, and names the columns as the CSV does', async () => {
    const t = await trajectory({ name: 'h', model: { kind: 'henon' }, steps: 10 });
    expect(t.spec.model).toEqual({ kind: 'henon', parameters: { a: 1.4, b: 0.3 }, init: { x: 0, y: 0 } });
    expect(t.spec.divergenceBound).toBe(1e12);
    expect(t.columnNames).toEqual(['step', 'x', 'y']);
    // Hénon from (0, 0): x₁ = 1 − a·0 + 0 = 1, y₁ = b·0 = 0, x₂ = 1 − a + 0 = −0.4, y₂ = b
    expect([...t.columns.x.subarray(0, 3)]).toEqual([0, 1, 1 - 1.4]);
    expect([...t.columns.y.subarray(0, 3)]).toEqual([0, 0, 0.3]);
    expect([...t.columns.step.subarray(0, 3)]).toEqual([0, 1, 2]);
    expect(t.length).toBe(11);
  });
});

describe('sweep() and sweepRows()', () => {
  it('give the rows of attractors.json, the windows of windows.csv and the same bifurcation PNG as the CLI', async () => {
    const cli = runCommand('sweep', logisticSweep);
    const json = JSON.parse(cli.file('attractors.json').toString('utf8')) as { columns: string[]; rows: unknown[]; spec: unknown };
    const result = await sweep(logisticSweep, { workers: 2 });
    expect(result.columns).toEqual(json.columns);
    expect(result.rows).toEqual(json.rows);
    expect(JSON.parse(JSON.stringify(result.spec))).toEqual(json.spec);
    const windows = parseCsv(cli.file('windows.csv').toString('utf8')).rows;
    expect(result.windows.map((w) => [w.from, w.to, w.period, w.regime, w.points].map(String))).toEqual(windows);
    expect(Object.values(result.regimeCounts).reduce((a, b) => a + b)).toBe(120);
    expect(Buffer.compare(await renderBifurcationPng(result), cli.file('bifurcation.png'))).toBe(0);

    const stream = await sweepRows(logisticSweep, { workers: 2 });
    expect(stream.columns).toEqual(json.columns);
    const streamed: unknown[] = [];
    for await (const row of stream) streamed.push(row);
    expect(streamed).toEqual(json.rows);
  });

  it('a sweep of the UV model carries the exact values at the fixed point: period 1 and λ = ln|1 − ηλ*| there', async () => {
    // Below η = 1/(√ε|y|) = 1 GD converges to a minimum f = y whose λ* = final_ntk; the tangent
    // map's exponent along λ is ln|1 − ηλ*| and the one along the line of minima is 0.
    const result = await sweep(
      {
        name: 'u',
        model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
        sweep: { from: 0.3, to: 0.6, points: 4 },
        transient: 20000,
        record: 1000,
      },
      { workers: 1 },
    );
    for (const row of result.rows) {
      expect(row.regime).toBe('converged');
      expect(row.final_f).toBeCloseTo(10, 9);
      const expected = Math.log(Math.abs(1 - (row.eta as number) * (row.final_ntk as number)));
      expect(Math.min(row.lyap_1 as number, row.lyap_2 as number)).toBeCloseTo(expected, 3);
    }
  });

  it('a reader that stops early stops the workers: the loop ends and the rows read are the grid’s first', async () => {
    const spec = { ...logisticSweep, sweep: { from: 2.8, to: 3.9, points: 20_000 }, transient: 20_000 };
    const stream = await sweepRows(spec, { workers: 2 });
    const read: number[] = [];
    for await (const row of stream) {
      read.push(row.r as number);
      if (read.length === 5) break;
    }
    expect(read).toEqual([0, 1, 2, 3, 4].map((i) => 2.8 + (i * 1.1) / 19_999));
    // a live piscina pool holds a MessagePort per worker; a closed one holds none
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort')).toEqual([]);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/iterated once/);
  });

  it('a reader that pauses holds the workers back: progress stalls a few chunks ahead, then every row arrives in order', async () => {
    const points = 40_000;
    let done = 0;
    const stream = await sweepRows(
      { ...logisticSweep, sweep: { from: 2.8, to: 3.9, points }, transient: 1000, record: 160 },
      { workers: 1, onProgress: (d) => (done = d) },
    );
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value.r).toBe(2.8);
    // wait until the engine stops: without backpressure it would run to the end of the grid
    let last = -1;
    for (let waited = 0; done !== last && waited < 60; waited++) {
      last = done;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // one worker, chunks of 1668 points: 1 being read, 2 queued for the reader, and at most
    // 2 × 4 (twice the task window) submitted past the last chunk handed on
    expect(done).toBeLessThanOrEqual(11 * 1668);
    let count = 1;
    let previous = 2.8;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      expect(next.value.r as number).toBeGreaterThan(previous);
      previous = next.value.r as number;
      count++;
    }
    expect(count).toBe(points);
    expect(done).toBe(points);
  });

  it('an aborted signal rejects the call', async () => {
    const controller = new AbortController();
    const run = sweep(
      { ...logisticSweep, sweep: { from: 2.8, to: 3.9, points: 50_000 }, transient: 20_000 },
      { workers: 2, signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(run).rejects.toThrow(/abort/i);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort')).toEqual([]);
  });
});

describe('cascade()', () => {
  it('locates the logistic flips of the CLI, and the known values: r₁ = 3, r₂ = 1 + √6', async () => {
    const spec = shipped('logistic-cascade');
    const cli = runCommand('cascade', spec);
    const table = parseCsv(cli.file('cascade.csv').toString('utf8'));
    const result = await cascade(spec as Parameters<typeof cascade>[0], { workers: 2 });
    expect(result.stopped).toBeNull();
    expect(result.rows.map((r) => [r.k, r.periodFrom, r.periodTo, r.value, r.delta].map((v) => (v === null ? '' : String(v))))).toEqual(
      table.rows,
    );
    expect(result.rows[0].value).toBeCloseTo(3, 9);
    expect(result.rows[1].value).toBeCloseTo(1 + Math.sqrt(6), 9);
    expect(result.accumulation).toBeCloseTo(3.56994567187, 7);
  });

  it('a search that stops early returns the flips it found and why', async () => {
    const result = await cascade({
      name: 'c',
      model: { kind: 'logistic' },
      sweep: { from: 2.5, to: 3.5, points: 40 },
      transient: 2000,
      record: 256,
      cascade: { levels: 4 },
    });
    expect(result.rows.map((r) => r.periodTo)).toEqual([2, 4]);
    expect(result.stopped).toMatch(/./);
  });
});

describe('phase()', () => {
  it('gives the rows of phase.csv and the same PNG as the CLI', async () => {
    const spec: PhaseSpecInput = {
      name: 'p',
      model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
      grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 24 }, y: { parameter: 'target', from: 1, to: 20, points: 12 } },
      transient: 2000,
      record: 128,
      image: { width: 600, height: 500 },
    };
    const cli = runCommand('phase', spec);
    const table = parseCsv(cli.file('phase.csv').toString('utf8'));
    const result = await phase(spec, { workers: 2 });
    expect(result.columns).toEqual(table.header);
    expect(result.rows.map((row) => result.columns.map((c) => (row[c] === null ? '' : String(row[c]))))).toEqual(table.rows);
    expect(result.spec.early).toEqual({ steps: 100, threshold: 0.1 });
    expect(Buffer.compare(await renderPhasePng(result), cli.file('phase.png'))).toBe(0);
  });
});

describe('bad input', () => {
  it('an invalid spec object throws the SpecError a spec file gets, with the same field and message', async () => {
    const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
    const cases: [string, object, (spec: never) => Promise<unknown>, Parameters<typeof loadSpec>[1]][] = [
      ['trajectory', { name: 't', model: uv, steps: 10 }, trajectory, trajectorySpecSchema],
      ['trajectory', { name: 't', model: { ...uv, widht: 3 }, eta: 1, steps: 10 }, trajectory, trajectorySpecSchema],
      [
        'trajectory',
        { name: 't', model: { kind: 'expression', variables: ['x'], parameters: {}, equations: { x: '1 - z' } }, steps: 3 },
        trajectory,
        trajectorySpecSchema,
      ],
      [
        'trajectory',
        { name: 't', model: { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 99999 } }, eta: 1, steps: 3 },
        trajectory,
        trajectorySpecSchema,
      ],
      ['sweep', { name: 's', model: { kind: 'logistic' }, sweep: { from: 3, to: 2, points: 10 } }, sweep, sweepSpecSchema],
      ['sweepRows', { name: 's', model: uv, sweep: { from: 1, to: 2, points: 1 } }, sweepRows, sweepSpecSchema],
      [
        'cascade',
        { name: 's', model: { kind: 'logistic' }, sweep: { from: 2, to: 3, points: 10 }, cascade: { levels: 20 } },
        cascade,
        sweepSpecSchema,
      ],
      [
        'phase',
        {
          name: 'p',
          model: uv,
          grid: { x: { parameter: 'eta', from: 0.1, to: 1, points: 4 }, y: { parameter: 'inputDim', from: 1, to: 2, points: 4 } },
        },
        phase,
        phaseSpecSchema,
      ],
    ];
    const dir = tempDir();
    for (const [fn, spec, call, schema] of cases) {
      const file = join(dir, 'spec.json');
      writeFileSync(file, JSON.stringify(spec));
      const fromFile = await loadSpec(file, schema).then(
        () => null,
        (e: unknown) => e,
      );
      const fromObject = await call(spec as never).then(
        () => null,
        (e: unknown) => e,
      );
      expect(fromFile).toBeInstanceOf(SpecError);
      expect(fromObject).toBeInstanceOf(SpecError);
      const [a, b] = [fromFile as SpecError, fromObject as SpecError];
      expect(b.field).toBe(a.field);
      expect(b.detail).toBe(a.detail);
      expect(b.message).toBe(`${fn}(spec): ${a.field}: ${a.detail}`);
    }
  });

  it('an unknown or ill-typed option is a SpecError naming it, and nothing runs', async () => {
    const spec: SweepSpecInput = { name: 's', model: { kind: 'logistic' }, sweep: { from: 2, to: 3, points: 10 } };
    await expect(sweep(spec, { worker: 2 } as never)).rejects.toThrow(
      'sweep(options): worker: unknown option (did you mean "workers"?); expected workers, signal, onProgress',
    );
    await expect(cascade(spec, { workers: 0 })).rejects.toThrow('cascade(options): workers: expected an integer ≥ 1, got 0');
    await expect(phase(spec as never, { onProgress: 3 } as never)).rejects.toThrow(
      'phase(options): onProgress: expected a function, got 3',
    );
    await expect(sweepRows(spec, { signal: {} } as never)).rejects.toBeInstanceOf(SpecError);
    await expect(sweep(spec, 2 as never)).rejects.toThrow('sweep(options): expected an object, got 2');
  });
});
