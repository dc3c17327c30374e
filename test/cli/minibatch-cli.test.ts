import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { runCli, tempDir } from '../helpers.js';

// Minibatches and the optimizer's sweepable rates through the real CLI, on a tiny tanh mlp (8 digits).
const model = { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 8 } };
const settings = { transient: 40, record: 16, period: { max: 4 } };
const etaSweep = { name: 's', model, sweep: { from: 0.5, to: 1.5, points: 3 }, ...settings };
const trajectory = { name: 't', model, eta: 0.5, steps: 30 };

/** a spec as written: its name names the output files */
type Spec = { name: string } & Record<string, unknown>;

const dir = tempDir();
let specs = 0;

/** Runs `command` on `spec` into a fresh folder; returns the text of the file ending in `suffix`. */
function run(command: 'sweep' | 'trajectory' | 'phase', spec: Spec, suffix: string, workers: string[] = ['--workers', '1']): string {
  const file = join(dir, `spec${++specs}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const out = join(dir, `out${specs}`);
  const result = runCli([command, file, '--out', out, ...(command === 'trajectory' ? [] : workers)]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return readFileSync(join(out, `${spec.name}.${suffix}`), 'utf8');
}

const sweepTable = (spec: Spec, workers?: string[]) => run('sweep', spec, 'attractors.csv', workers);

/** the row whose first cell is `value`, without that cell */
function rowAt(table: string, value: number): string[] {
  const { rows } = parseCsv(table);
  const row = rows.find((r) => Number(r[0]) === value);
  expect(row).toBeDefined();
  return row!.slice(1);
}

describe('batch.size = n is full-batch GD bit for bit, in either order', () => {
  it('the trajectory table', () => {
    const full = run('trajectory', trajectory, 'trajectory.csv');
    expect(parseCsv(full).rows).toHaveLength(31);
    for (const order of ['shuffle', 'sequential']) {
      expect(run('trajectory', { ...trajectory, batch: { size: 8, seed: 4, order } }, 'trajectory.csv')).toBe(full);
    }
    // and b < n is another run
    expect(run('trajectory', { ...trajectory, batch: { size: 4, seed: 4 } }, 'trajectory.csv')).not.toBe(full);
  });

  it('the sweep attractor table', () => {
    const full = sweepTable(etaSweep);
    for (const order of ['shuffle', 'sequential']) expect(sweepTable({ ...etaSweep, batch: { size: 8, seed: 4, order } })).toBe(full);
  });
});

describe('b < n: a seeded batch order is the same run on any worker count', () => {
  const minibatch = { ...etaSweep, batch: { size: 3, seed: 7 } };
  it('1 and 2 workers give the same attractor table byte for byte; another seed or order gives another', () => {
    const one = sweepTable(minibatch, ['--workers', '1']);
    // one point per task, so the two workers really share the grid
    expect(sweepTable(minibatch, ['--workers', '2', '--chunk-size', '1'])).toBe(one);
    const otherSeed = sweepTable({ ...minibatch, batch: { size: 3, seed: 8 } });
    const sequential = sweepTable({ ...minibatch, batch: { size: 3, seed: 7, order: 'sequential' } });
    expect(otherSeed).not.toBe(one);
    expect(sequential).not.toBe(one);
    // every eta row differs, not just one
    for (const eta of [0.5, 1, 1.5]) expect(rowAt(otherSeed, eta)).not.toEqual(rowAt(one, eta));
  });
});

describe('sweeping batchSize, beta and beta1', () => {
  it('a batchSize sweep point is the run with that batch size; batchSize = n is full-batch GD', () => {
    const sizes = sweepTable({
      ...etaSweep,
      eta: 0.5,
      batch: { size: 4, seed: 7 },
      sweep: { parameter: 'batchSize', from: 1, to: 8, points: 8 },
    });
    const { header, rows } = parseCsv(sizes);
    expect(header[0]).toBe('batchSize');
    expect(rows.map((r) => Number(r[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rowAt(sizes, 8)).toEqual(rowAt(sweepTable(etaSweep), 0.5));
    expect(rowAt(sizes, 3)).toEqual(rowAt(sweepTable({ ...etaSweep, batch: { size: 3, seed: 7 } }), 0.5));
  });

  it('a beta sweep point is momentum with that β, and the (eta, beta) phase diagram agrees with it', () => {
    const momentum = { kind: 'momentum', beta: 0.9 };
    const betas = sweepTable({ ...etaSweep, eta: 0.5, optimizer: momentum, sweep: { parameter: 'beta', from: 0, to: 0.9, points: 4 } });
    const { header, rows } = parseCsv(betas);
    expect(header[0]).toBe('beta');
    const beta = Number(rows[2][0]); // 0.6 as the grid computes it
    expect(beta).toBeCloseTo(0.6, 12);
    expect(rowAt(betas, beta)).toEqual(rowAt(sweepTable({ ...etaSweep, optimizer: { kind: 'momentum', beta } }), 0.5));
    expect(rowAt(betas, beta)).not.toEqual(rowAt(betas, 0.9)); // β matters

    const phase = {
      name: 'p',
      model,
      ...settings,
      early: { steps: 20 },
      optimizer: momentum,
      grid: { x: { parameter: 'eta', from: 0.5, to: 2, points: 4 }, y: { parameter: 'beta', from: 0, to: 0.9, points: 4 } },
    };
    const table = parseCsv(run('phase', phase, 'phase.csv'));
    expect(table.header.slice(0, 2)).toEqual(['eta', 'beta']);
    expect(table.rows).toHaveLength(16);
    const png = join(dir, `out${specs}`, 'p.phase.png');
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    // each cell at η = 0.5 is the beta sweep's point: the same regime and λ_max
    const lyap = table.header.indexOf('lyap_max');
    const regime = table.header.indexOf('regime');
    const sweepLyap = parseCsv(betas).header.indexOf('lyap_max');
    for (const row of parseCsv(betas).rows) {
      const cell = table.rows.find((r) => Number(r[0]) === 0.5 && Number(r[1]) === Number(row[0]));
      expect(cell).toBeDefined();
      expect(cell![lyap]).toBe(row[sweepLyap]);
      expect(cell![regime]).toBe(row[1]);
    }
  });

  it('a beta1 sweep point is Adam with that β₁', () => {
    const adam = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const spec = { ...etaSweep, eta: 0.05, optimizer: adam, sweep: { parameter: 'beta1', from: 0, to: 0.9, points: 4 } };
    const betas = sweepTable(spec);
    const beta1 = Number(parseCsv(betas).rows[1][0]);
    const single = sweepTable({ ...etaSweep, optimizer: { ...adam, beta1 }, sweep: { from: 0.05, to: 0.1, points: 2 } });
    expect(rowAt(betas, beta1)).toEqual(rowAt(single, 0.05));
    expect(rowAt(betas, beta1)).not.toEqual(rowAt(betas, 0.9));
  });
});
