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
    [
      'a range with no cascade',
      { model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 1.5, to: 2.9, points: 100 } },
      /found 0 of 8 period doublings in r ∈ \[1\.5, 2\.9\]: the coarse scan shows no doubling of period 1/,
    ],
    [
      'a map that diverges inside the range',
      {
        model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
        sweep: { from: 1.95, to: 2.5, points: 50 },
      },
      /found 0 of 8 .*; orbits diverge from eta = 1\.95 on/,
    ],
    [
      'levels beyond double precision',
      { model: { kind: 'logistic' }, sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 }, cascade: { levels: 14 } },
      /found 1\d of 14 period doublings .*(beyond double precision|cannot resolve deeper levels)/,
    ],
  ];
  for (const points of [2, 3, 4]) {
    it(`on a ${points}-point scan of η ∈ [0.9, 1.02] finds the onset and says, in its own words, that the range ends before the next flip`, () => {
      const dir = tempDir();
      const out = join(dir, 'out');
      const spec = { name: 'c', model: uv, sweep: { from: 0.9, to: 1.02, points }, cascade: { levels: 2 } };
      const result = runCli(['cascade', writeSpec(dir, spec), '--out', out, '--quiet']);
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(/Cannot read|TypeError|undefined/);
      expect(result.stderr).toMatch(/^found k = 1:\n k  period .*\n 1  1 → 2 +(0\.99999999999\d*|1\.00000000000\d*) /);
      expect(result.stderr).toMatch(
        /\nuvchaos: error: cascade: found 1 of 2 period doublings in eta ∈ \[0\.9, 1\.02\]: level 2: no flip of the period-2 cycle before the end of the range \(1\.02\)\n$/,
      );
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }

  it('on a range zoomed past the onset numbers the doublings as the full cascade does', () => {
    // ‖x‖² = 2: onset at η = 1/√2 ≈ 0.707, 2 → 4 at 0.874, 4 → 8 at 0.911, 8 → 16 at 0.919, 16 → 32 at 0.920
    const dir = tempDir();
    const spec = {
      name: 'z',
      model: { ...uv, inputNorm2: 2 },
      sweep: { from: 0.75, to: 0.93, points: 400 },
      transient: 5000,
      record: 512,
      cascade: { levels: 4 },
    };
    const result = runCli(['cascade', writeSpec(dir, spec), '--out', dir, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { rows } = parseCsv(readFileSync(join(dir, 'z.cascade.csv'), 'utf8'));
    expect(rows.map((r) => r.slice(0, 3).map(Number))).toEqual([
      [2, 2, 4],
      [3, 4, 8],
      [4, 8, 16],
      [5, 16, 32],
    ]);
    expect(rows.map((r) => Number(r[3]).toFixed(3))).toEqual(['0.874', '0.911', '0.919', '0.920']);
    // the onset is outside the range: no onset line, no δ before the third flip of the range
    expect(result.stdout).not.toMatch(/edge-of-stability onset/);
    expect(rows.map((r) => r[4] === '')).toEqual([true, true, false, false]);
  });

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
      const result = runCli([
        'cascade',
        writeSpec(dir, { name: 'c', transient: 3000, record: 256, ...(spec as object) }),
        '--out',
        out,
        '--quiet',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }
});
