import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, runCli, tempDir } from '../helpers.js';
import { expectSpecRefused } from './spec-refusal.js';
import { expectParquetEqualsCsv } from '../io/duckdb-reader.js';
import { sweep, type SweepSpecInput } from '../../src/index.js';
import { renderBifurcationPng, renderFractionsPng } from '../../src/api/render.js';

const logistic = {
  name: 'ic',
  model: { kind: 'logistic', parameters: { r: 3.6 }, init: { x: 0.3 } },
  sweep: { parameter: 'r', from: 3.2, to: 3.9, points: 8 },
  transient: 500,
  record: 64,
  period: { max: 16 },
  image: { width: 400, height: 300 },
};
const mlp = { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 8 } };
const mlpSweep = { name: 's', model: mlp, sweep: { from: 0.2, to: 3, points: 3 }, transient: 10, record: 16, period: { max: 4 } };
const uv = { kind: 'uv', width: 10, inputDim: 1, target: 2, init: { f0: 0, ntk0: 0.2 } };
const uvSweep = { name: 'u', model: uv, sweep: { from: 0.2, to: 1, points: 3 }, transient: 10, record: 16, period: { max: 4 } };

function runSweep(spec: object): { dir: string; out: string; stdout: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const out = join(dir, 'out');
  const result = runCli(['sweep', join(dir, 'spec.json'), '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  return { dir, out, stdout: result.stdout };
}

describe('uvchaos sweep with initialConditions', () => {
  it('count 1 is the sweep without the field: the same files, byte for byte (the JSON differs only in the spec it records and its wall time)', () => {
    const plain = runSweep(logistic);
    const one = runSweep({ ...logistic, initialConditions: { count: 1, box: { x: [0, 1] } } });
    expect(filesIn(one.out)).toEqual(filesIn(plain.out));
    for (const file of filesIn(plain.out)) {
      const a = readFileSync(join(plain.out, file));
      const b = readFileSync(join(one.out, file));
      if (!file.endsWith('.json')) expect(b.equals(a), file).toBe(true);
      else {
        const [ja, jb] = [JSON.parse(a.toString()), JSON.parse(b.toString())] as Record<string, unknown>[];
        const specB = jb.spec as Record<string, unknown>;
        expect(specB.initialConditions).toEqual({ count: 1, seed: 1, box: { x: [0, 1] }, tolerance: 1e-6 });
        delete specB.initialConditions;
        // the wall time is the one other difference
        for (const j of [ja, jb]) delete (j.summary as Record<string, unknown>).seconds;
        expect(jb).toEqual(ja);
      }
    }
  });

  it('K runs: attractors.csv with ic and attractor, fractions.csv summing to 1, the attractor count in the JSON', () => {
    const K = 12;
    const { out, stdout } = runSweep({ ...logistic, initialConditions: { count: K, seed: 4, box: { x: [-0.25, 1.25] } } });
    expect(filesIn(out)).toEqual([
      'ic.attractors.csv',
      'ic.attractors.json',
      'ic.bifurcation.png',
      'ic.fractions.csv',
      'ic.fractions.png',
      'ic.windows.csv',
    ]);
    const table = parseCsv(readFileSync(join(out, 'ic.attractors.csv'), 'utf8'));
    expect(table.header.slice(0, 4)).toEqual(['r', 'ic', 'attractor', 'regime']);
    expect(table.rows).toHaveLength(8 * K);
    const fractions = parseCsv(readFileSync(join(out, 'ic.fractions.csv'), 'utf8'));
    expect(fractions.header).toEqual(['r', 'attractor', 'period', 'runs', 'fraction', 'fraction_err', 'lyap_max_mean']);
    const byPoint = new Map<string, string[][]>();
    for (const row of fractions.rows) byPoint.set(row[0], [...(byPoint.get(row[0]) ?? []), row]);
    expect(byPoint.size).toBe(8);
    for (const [r, rows] of byPoint) {
      expect(rows.reduce((s, row) => s + Number(row[4]), 0)).toBeCloseTo(1, 12);
      expect(rows.reduce((s, row) => s + Number(row[3]), 0)).toBe(K);
      // each attractor's runs are the attractors.csv rows at that r with its label
      for (const row of rows) {
        const runs = table.rows.filter((t) => t[0] === r && t[2] === row[1]).length;
        expect(runs).toBe(Number(row[3]));
        const f = runs / K;
        expect(Number(row[5])).toBeCloseTo(Math.sqrt((f * (1 - f)) / K), 12);
      }
    }
    const json = JSON.parse(readFileSync(join(out, 'ic.attractors.json'), 'utf8')) as { rows: unknown[]; summary: Record<string, number> };
    expect(json.rows).toHaveLength(8 * K);
    const labels = new Set(table.rows.map((t) => t[2]).filter((l) => l !== '-1'));
    expect(json.summary.attractors).toBe(labels.size);
    expect(json.summary.initialConditions).toBe(K);
    expect(stdout).toMatch(new RegExp(`8 points × ${K} initial conditions: .*; ${labels.size} attractors?;`));
  });

  it("the library's figures are the CLI's, pixel for pixel; renderFractionsPng refuses a one-start sweep", async () => {
    const spec = { ...logistic, initialConditions: { count: 6, seed: 3, box: { x: [-0.1, 1.1] } } };
    const cli = runSweep(spec);
    const result = await sweep(spec as unknown as SweepSpecInput, { workers: 1 });
    expect((await renderFractionsPng(result)).equals(readFileSync(join(cli.out, 'ic.fractions.png')))).toBe(true);
    expect((await renderBifurcationPng(result)).equals(readFileSync(join(cli.out, 'ic.bifurcation.png')))).toBe(true);
    await expect(renderFractionsPng(await sweep(logistic as SweepSpecInput, { workers: 1 }))).rejects.toThrow(/one start per grid point/);
  }, 60_000);

  it("windows.csv is initial condition 0's: the sweep without the field", () => {
    const plain = runSweep(logistic);
    const many = runSweep({ ...logistic, initialConditions: { count: 5, box: { x: [0, 1] } } });
    expect(readFileSync(join(many.out, 'ic.windows.csv'), 'utf8')).toBe(readFileSync(join(plain.out, 'ic.windows.csv'), 'utf8'));
  });

  it('the same files whatever the worker count and chunk size', () => {
    const spec = { ...logistic, initialConditions: { count: 6, seed: 9, box: { x: [-0.1, 1.1] } } };
    const inline = runSweep(spec);
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const out = join(dir, 'out');
    const result = runCli(['sweep', join(dir, 'spec.json'), '--out', out, '--workers', '2', '--chunk-size', '3']);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['ic.attractors.csv', 'ic.fractions.csv', 'ic.windows.csv', 'ic.bifurcation.png', 'ic.fractions.png'])
      expect(readFileSync(join(out, file)).equals(readFileSync(join(inline.out, file))), file).toBe(true);
  });

  it("--format both: the Parquet table holds the CSV's rows, ic and attractor as integers", async () => {
    const spec = { ...logistic, initialConditions: { count: 4, box: { x: [-0.1, 1.1] } } };
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const out = join(dir, 'out');
    const result = runCli(['sweep', join(dir, 'spec.json'), '--out', out, '--format', 'both']);
    expect(result.code, result.stderr).toBe(0);
    const { parquet } = await expectParquetEqualsCsv(join(out, 'ic.attractors.parquet'), join(out, 'ic.attractors.csv'));
    expect(parquet.columns.slice(0, 3)).toEqual(['r', 'ic', 'attractor']);
    expect(parquet.types.slice(1, 3)).toEqual(['INTEGER', 'INTEGER']);
    expect(parquet.rows).toHaveLength(8 * 4);
  });

  it('the explorer and the cluster launchers refuse several starts in one line, exit 2', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...logistic, initialConditions: { count: 3, box: { x: [0, 1] } } }));
    const runs: [string[], RegExp][] = [
      [['explore', join(dir, 'spec.json'), '--port', '0'], /the explorer runs one start per grid point/],
      [['k8s', join(dir, 'spec.json'), '--shards', '2', '--out', join(dir, 'out')], /a cluster job runs one start per grid point/],
    ];
    for (const [args, message] of runs) {
      const result = runCli(args);
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/spec\.json: initialConditions: /);
      expect(lines[0]).toMatch(message);
      expect(filesIn(dir)).toEqual(['spec.json']);
    }
  });

  it('refuses --shard, --resume and --save-orbits with several starts, writing nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...logistic, initialConditions: { count: 3, box: { x: [0, 1] } } }));
    for (const flag of [['--shard', '1/2'], ['--resume'], ['--save-orbits']]) {
      const out = join(dir, 'out');
      const result = runCli(['sweep', join(dir, 'spec.json'), '--out', out, ...flag]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(new RegExp(`${flag[0]} does not take a spec with initialConditions`));
      expect(filesIn(dir)).toEqual(['spec.json']);
    }
  });
});

describe('bad initialConditions: one line, exit 2, no files', () => {
  const box = { x: [0, 1] };
  type Case = [label: string, command: string, spec: object, field: string, message: RegExp];
  const cases: Case[] = [
    ['count 0', 'sweep', { ...logistic, initialConditions: { count: 0, box } }, 'initialConditions.count', />=1|≥ ?1/],
    ['a fractional count', 'sweep', { ...logistic, initialConditions: { count: 2.5, box } }, 'initialConditions.count', /integer/],
    [
      'a count beyond the budget, with what it would cost',
      'sweep',
      { ...logistic, transient: 1_000_000, sweep: { ...logistic.sweep, points: 100_000 }, initialConditions: { count: 20, box } },
      'initialConditions.count',
      /20 runs × 100000 points × \(transient \+ record\) = 2\.00e\+12 steps; expected at most 1e\+12/,
    ],
    [
      'a perturbation of 0',
      'sweep',
      { ...mlpSweep, initialConditions: { count: 2, perturbation: 0 } },
      'initialConditions.perturbation',
      /expected a norm > 0, got 0/,
    ],
    [
      'a negative perturbation',
      'sweep',
      { ...mlpSweep, initialConditions: { count: 2, perturbation: -1e-9 } },
      'initialConditions.perturbation',
      /> 0, got -1e-9/,
    ],
    [
      'a perturbation of a map',
      'sweep',
      { ...logistic, initialConditions: { count: 2, box, perturbation: 1e-9 } },
      'initialConditions.perturbation',
      /no weights to perturb/,
    ],
    [
      'a box for an mlp',
      'sweep',
      { ...mlpSweep, initialConditions: { count: 2, box: { f0: [0, 1] } } },
      'initialConditions.box',
      /takes no box/,
    ],
    [
      'a UV box with a negative λ₀',
      'sweep',
      { ...uvSweep, initialConditions: { count: 4, box: { ntk0: [-0.1, 0.5] } } },
      'initialConditions.box.ntk0',
      /expected λ₀ > 0 .*got \[-0\.1, 0\.5\]/,
    ],
    [
      'a UV box reaching below 2√ε|f0|',
      'sweep',
      { ...uvSweep, initialConditions: { count: 4, box: { f0: [-1, 1], ntk0: [0.1, 0.5] } } },
      'initialConditions.box.ntk0',
      /below 2√ε\|f0\| = 0\.632456/,
    ],
    [
      'a UV box over f0 that a swept ntk0 makes unrealisable',
      'sweep',
      {
        ...uvSweep,
        eta: 0.5,
        sweep: { parameter: 'ntk0', from: 0.2, to: 1, points: 3 },
        initialConditions: { count: 4, box: { f0: [0, 1] } },
      },
      'initialConditions.box.ntk0',
      /reaches ntk0 = 0\.2 at f0 = 1, below 2√ε\|f0\| = 0\.632456/,
    ],
    [
      'an unknown box name',
      'sweep',
      { ...logistic, initialConditions: { count: 2, box: { y: [0, 1] } } },
      'initialConditions.box.y',
      /expected one of "x", got "y"/,
    ],
    [
      'an empty range',
      'sweep',
      { ...logistic, initialConditions: { count: 2, box: { x: [1, 1] } } },
      'initialConditions.box.x',
      /lo < hi, got \[1, 1\]/,
    ],
    ['a map without a box', 'sweep', { ...logistic, initialConditions: { count: 2 } }, 'initialConditions.box', /missing; .*give a box/],
    ['a typo', 'sweep', { ...logistic, initialConditions: { count: 2, box, sede: 3 } }, 'initialConditions', /sede/],
    [
      'the cascade search',
      'cascade',
      { ...logistic, initialConditions: { count: 2, box } },
      'initialConditions',
      /one start per grid point/,
    ],
  ];
  it.each(cases)('%s', (_label, command, spec, field, message) => expectSpecRefused(command, spec, field, message));
});
