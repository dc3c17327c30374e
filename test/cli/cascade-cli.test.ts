import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, ROOT, runCli, tempDir } from '../helpers.js';

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe('uvchaos cascade', () => {
  it('writes the flips of the shipped UV spec with Feigenbaum ratios and rescaled learning rates', () => {
    const dir = tempDir();
    const result = runCli(['cascade', join(ROOT, 'sweeps', 'uv-cascade.json'), '--out', dir, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesIn(dir)).toEqual(['uv-cascade.cascade.csv']);
    const { header, rows } = parseCsv(readFileSync(join(dir, 'uv-cascade.cascade.csv'), 'utf8'));
    expect(header).toEqual(['k', 'period_from', 'period_to', 'eta', 'delta_estimate', 'eta_rescaled']);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => Number(r[2]))).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(rows[0][4]).toBe('');
    expect(Math.abs(Number(rows[9][4]) - 4.6692016)).toBeLessThan(1e-4);
    expect(result.stdout).toMatch(/accumulation point \(geometric extrapolation\): eta ≈ 1\.3022834/);
    expect(result.stdout).toMatch(/edge-of-stability onset: eta = 1\.00000000000|edge-of-stability onset: eta = 0\.99999999999\d/);
    expect(result.stdout).toMatch(/first grid point with a positive Lyapunov exponent: eta = 1\.30/);
  });

  const failures: [string, unknown, RegExp][] = [
    ['a range with no cascade', { model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 1.5, to: 2.9, points: 100 } }, /found 0 of 8 period doublings in r ∈ \[1\.5, 2\.9\]: the coarse scan shows no doubling of period 1/],
    ['a map that diverges inside the range', { model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } }, sweep: { from: 1.95, to: 2.5, points: 50 } }, /found 0 of 8 .*; orbits diverge from eta = 1\.95 on/],
    ['levels beyond double precision', { model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 }, cascade: { levels: 14 } }, /found 1\d of 14 period doublings .*(beyond double precision|cannot resolve deeper levels)/],
  ];
  it('reports a worker that throws with the grid point, exit 1, and leaves no files', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const spec = { name: 'c', model: uv, sweep: { from: 0.9, to: 1.4, points: 40 } };
    const result = runCli(['cascade', writeSpec(dir, spec), '--out', out, '--quiet'], { env: { UVCHAOS_TEST_FAIL_AT_POINT: '30' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^uvchaos: error: cascade failed at grid point 30 \(eta = 1\.28461\d*\): injected failure$/);
    expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
  });

  for (const [label, spec, message] of failures) {
    it(`says how far it got for ${label}, exit 1, no file`, () => {
      const dir = tempDir();
      const out = join(dir, 'out');
      const result = runCli(['cascade', writeSpec(dir, { name: 'c', transient: 3000, record: 256, ...(spec as object) }), '--out', out, '--quiet']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }
});
