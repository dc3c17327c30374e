import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, runCli, tempDir } from '../helpers.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return file;
}

const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

describe('uvchaos trajectory', () => {
  it('writes the table and the figure with the documented columns', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const spec = writeSpec(dir, { name: 'run', model, eta: 0.5, steps: 50 });
    const result = runCli(['trajectory', spec, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesIn(out)).toEqual(['run.trajectory.csv', 'run.trajectory.png']);
    const { header, rows } = parseCsv(readFileSync(join(out, 'run.trajectory.csv'), 'utf8'));
    expect(header).toEqual(['step', 'loss', 'f', 'residual', 'ntk', 'sharpness', 'eta_sharpness']);
    expect(rows).toHaveLength(51);
    for (const [i, row] of rows.entries()) {
      const [step, loss, f, residual, ntk, sharpness, etaSharpness] = row.map(Number);
      expect(step).toBe(i);
      expect(residual).toBeCloseTo(f - 10, 12);
      expect(loss).toBeCloseTo(0.5 * residual * residual, 10);
      expect(etaSharpness).toBeCloseTo(0.5 * sharpness, 12);
      expect(ntk).toBeGreaterThan(0);
    }
    expect(readFileSync(join(out, 'run.trajectory.png')).subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(result.stdout).toMatch(/wrote .*run\.trajectory\.csv \(51 rows\)/);
  });

  it('gives the same rows with the full-parameter engine', () => {
    const dir = tempDir();
    const rowsFor = (engine: string) => {
      const spec = writeSpec(dir, { name: engine, model: { ...model, width: 30, inputDim: 3 }, eta: 0.4, steps: 40, engine });
      expect(runCli(['trajectory', spec, '--out', dir]).code).toBe(0);
      return parseCsv(readFileSync(join(dir, `${engine}.trajectory.csv`), 'utf8')).rows;
    };
    const map = rowsFor('map');
    const full = rowsFor('full');
    for (let i = 0; i < map.length; i++) {
      for (const col of [2, 4, 5]) {
        const a = Number(map[i][col]);
        const b = Number(full[i][col]);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(a)));
      }
    }
  });

  it('keeps the rows before a divergence, writes no NaN or Infinity, and says where it diverged', () => {
    const dir = tempDir();
    const spec = writeSpec(dir, { name: 'blowup', model, eta: 3, steps: 1000 });
    const result = runCli(['trajectory', spec, '--out', dir]);
    expect(result.code).toBe(0);
    const step = Number(/diverged at step (\d+)/.exec(result.stderr)?.[1]);
    expect(step).toBeGreaterThan(0);
    const text = readFileSync(join(dir, 'blowup.trajectory.csv'), 'utf8');
    expect(text).not.toMatch(/NaN|Infinity/);
    const { rows } = parseCsv(text);
    expect(rows).toHaveLength(step);
    for (const row of rows) for (const cell of row) expect(Number.isFinite(Number(cell)) && cell !== '').toBe(true);
    expect(Number(rows[rows.length - 1][0])).toBe(step - 1);
  });

  const badInputs: [string, unknown, RegExp][] = [
    ['invalid JSON', '{"name": "x",, }', /spec\.json: invalid JSON at line 1, column 14/],
    [
      'an unknown key',
      { name: 'x', model, eta: 1, steps: 10, seps: 1 },
      /spec\.json: \(top level\): unknown key "seps" \(did you mean "steps"\?\)/,
    ],
    ['a wrong type', { name: 'x', model, eta: '1', steps: 10 }, /spec\.json: eta: expected a number, got "1"/],
    ['a negative learning rate', { name: 'x', model, eta: -1, steps: 10 }, /spec\.json: eta: expected a number > 0, got -1/],
    [
      'an impossible init',
      { name: 'x', model: { ...model, init: { f0: 10, ntk0: 1 } }, eta: 1, steps: 10 },
      /model\.init\.ntk0: expected ntk0 ≥ 2√ε\|f0\|/,
    ],
    ['too many steps', { name: 'x', model, eta: 1, steps: 2e7 }, /steps: expected a number ≤ 10000000/],
  ];
  for (const [label, spec, message] of badInputs) {
    it(`rejects ${label}: exit 2, one line on stderr, nothing written`, () => {
      const dir = tempDir();
      const out = join(dir, 'out');
      const result = runCli(['trajectory', writeSpec(dir, spec), '--out', out]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^uvchaos: error: /);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }

  it('rejects a missing spec file and an unknown flag with exit 2', () => {
    const missing = runCli(['trajectory', '/nonexistent/spec.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/nonexistent\/spec\.json: no such file/);
    const flag = runCli(['trajectory', 'x.json', '--ot', 'y']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option --ot \(did you mean --out\?\)/);
  });

  it('documents every command and flag in --help', () => {
    const main = runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/trajectory/);
    const sub = runCli(['trajectory', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--out DIR/);
    expect(sub.stdout).toMatch(/default: output/);
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
