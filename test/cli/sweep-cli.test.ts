import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { CLI, filesIn, runCli, tempDir } from '../helpers.js';

const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const small = { name: 's', model, sweep: { from: 0.9, to: 1.95, points: 301 }, transient: 3000, record: 256 };

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return file;
}

describe('uvchaos sweep', () => {
  it('writes the four outputs with the documented columns, and a windows table that partitions the grid', () => {
    const dir = tempDir();
    const result = runCli(['sweep', writeSpec(dir, small), '--out', dir, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesIn(dir)).toEqual(['s.attractors.csv', 's.attractors.json', 's.bifurcation.png', 's.windows.csv', 'spec.json']);
    expect(result.stdout).toMatch(
      /^301 points: \d+ converged, \d+ periodic, \d+ chaotic, \d+ quasiperiodic, \d+ diverged, \d+ settling; [\d.]+ s wall on (the main thread|\d+ workers?)/,
    );

    const { header, rows } = parseCsv(readFileSync(join(dir, 's.attractors.csv'), 'utf8'));
    expect(header).toEqual([
      'eta',
      'regime',
      'period',
      'lyap_max',
      'lyap_1',
      'lyap_2',
      'lyap_err',
      'eta_sharpness_min',
      'eta_sharpness_max',
      'diverged_at',
      'final_f',
      'final_ntk',
    ]);
    expect(rows).toHaveLength(301);
    expect(Number(rows[0][0])).toBe(0.9);
    expect(Number(rows[300][0])).toBe(1.95);
    for (const row of rows) {
      const [, regime, period, lyapMax, l1, l2, , lo, hi, divergedAt] = row;
      expect(['converged', 'periodic', 'chaotic', 'quasiperiodic', 'diverged', 'settling']).toContain(regime);
      if (regime === 'diverged') {
        expect(period).toBe('-1');
        expect(Number(divergedAt)).toBeGreaterThan(0);
        expect(lyapMax).toBe('');
      } else {
        expect(divergedAt).toBe('');
        expect(Number(lyapMax)).toBe(Math.max(Number(l1), Number(l2)));
        expect(Number(lo)).toBeLessThanOrEqual(Number(hi));
      }
      if (regime === 'converged') expect(period).toBe('1');
      if (regime === 'chaotic') expect(Number(lyapMax)).toBeGreaterThan(1e-3);
    }

    const json = JSON.parse(readFileSync(join(dir, 's.attractors.json'), 'utf8'));
    expect(json.tool).toBe('uvchaos');
    expect(json.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json.spec.sweep.points).toBe(301);
    expect(json.rows).toHaveLength(301);
    expect(json.rows[5].eta).toBe(Number(rows[5][0]));
    expect(json.rows[5].regime).toBe(rows[5][1]);

    const windows = parseCsv(readFileSync(join(dir, 's.windows.csv'), 'utf8'));
    expect(windows.header).toEqual(['from', 'to', 'period', 'regime', 'points']);
    expect(windows.rows.reduce((s, w) => s + Number(w[4]), 0)).toBe(301);
    for (let i = 1; i < windows.rows.length; i++) {
      const [prev, cur] = [windows.rows[i - 1], windows.rows[i]];
      expect(prev[2] !== cur[2] || prev[3] !== cur[3]).toBe(true); // maximal
      expect(Number(cur[0])).toBeGreaterThan(Number(prev[1]));
    }
  });

  it('prints nothing on stderr with many workers and many chunks in flight', () => {
    // four workers keep sixteen chunks in flight, each listening for Ctrl-C on one signal: Node's
    // listener-leak warning (past ten) once showed here
    const dir = tempDir();
    const result = runCli(['sweep', writeSpec(dir, small), '--out', dir, '--quiet', '--workers', '4', '--chunk-size', '8']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('gives byte-identical tables for any worker count and chunk size', () => {
    const outputs = [
      ['--workers', '1'],
      ['--workers', '2'],
      ['--workers', '2', '--chunk-size', '1'],
      ['--workers', '2', '--chunk-size', '7'],
      ['--workers', '3', '--chunk-size', '64'],
    ].map((flags) => {
      const dir = tempDir();
      const result = runCli(['sweep', writeSpec(dir, small), '--out', dir, '--quiet', ...flags]);
      expect(result.code).toBe(0);
      const json = JSON.parse(readFileSync(join(dir, 's.attractors.json'), 'utf8'));
      return {
        csv: readFileSync(join(dir, 's.attractors.csv')),
        windows: readFileSync(join(dir, 's.windows.csv')),
        rows: JSON.stringify(json.rows),
        png: readFileSync(join(dir, 's.bifurcation.png')),
      };
    });
    for (const o of outputs.slice(1)) {
      expect(o.csv.equals(outputs[0].csv)).toBe(true);
      expect(o.windows.equals(outputs[0].windows)).toBe(true);
      expect(o.rows).toBe(outputs[0].rows);
      expect(o.png.equals(outputs[0].png)).toBe(true);
    }
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown key', { ...small, recrod: 100 }, /\(top level\): unknown key "recrod" \(did you mean "record"\?\)/],
    ['from ≥ to', { ...small, sweep: { from: 1.5, to: 1.2, points: 10 } }, /sweep\.to: expected to > from \(1\.5\), got 1\.2/],
    ['from = to', { ...small, sweep: { from: 1.5, to: 1.5, points: 10 } }, /sweep\.to: expected to > from/],
    ['fewer than 2 points', { ...small, sweep: { from: 1, to: 2, points: 1 } }, /sweep\.points: expected a number ≥ 2, got 1/],
    ['an absurd number of points', { ...small, sweep: { from: 1, to: 2, points: 1e12 } }, /sweep\.points: expected a number ≤ 10000000/],
    [
      'a grid too costly to run',
      { ...small, sweep: { from: 1, to: 2, points: 1e7 }, transient: 1e6 },
      /sweep\.points: points × \(transient \+ record\)/,
    ],
    ['negative transient steps', { ...small, transient: -5 }, /transient: expected a number ≥ 0, got -5/],
    ['fractional record steps', { ...small, record: 100.5 }, /record: expected an integer, got 100\.5/],
    ['an unknown observable', { ...small, observable: 'sharpnes' }, /observable: expected one of "eta_sharpness"/],
    ['an unknown parameter', { ...small, sweep: { ...small.sweep, parameter: 'lr' } }, /sweep\.parameter: expected one of "eta", "target"/],
    [
      'a sweep of target without eta',
      { ...small, sweep: { parameter: 'target', from: 1, to: 5, points: 10 } },
      /eta: missing; expected a number > 0 \(the learning rate/,
    ],
    [
      'a negative learning rate range',
      { ...small, sweep: { from: -1, to: 1, points: 10 } },
      /sweep\.from: eta must stay > 0, got from = -1/,
    ],
    [
      'log spacing from zero',
      { ...small, sweep: { from: 0, to: 1, points: 10, spacing: 'log' } },
      /sweep\.from: log spacing needs from > 0/,
    ],
    [
      'a period longer than half the record',
      { ...small, period: { max: 200 } },
      /period\.max: expected period\.max < record \/ 2 = 128, got 200/,
    ],
    [
      'an f0 sweep that leaves the realisable set',
      { ...small, eta: 1, sweep: { parameter: 'f0', from: 0, to: 5, points: 10 } },
      /sweep\.to: at f0 = 5 the init has ntk0 = 0\.2 < 2√ε\|f0\| = 1\.00000/,
    ],
  ];
  for (const [label, spec, message] of bad) {
    it(`rejects ${label}: exit 2, one line, no files`, () => {
      const dir = tempDir();
      const out = join(dir, 'out');
      const result = runCli(['sweep', writeSpec(dir, spec), '--out', out]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^uvchaos: error: .*spec\.json: /);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }

  it('rejects a bad --workers value', () => {
    const dir = tempDir();
    const result = runCli(['sweep', writeSpec(dir, small), '--out', dir, '--workers', 'two']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--workers expects an integer from 1 to 100000, got "two"/);
  });

  it('reports a worker that throws with the grid point, exit 1, and leaves no files', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    // on two workers, and on the main thread (where a sweep this small runs by default)
    for (const workers of [['--workers', '2'], []]) {
      const result = spawnSyncWithEnv(['sweep', writeSpec(dir, small), '--out', out, '--quiet', ...workers], {
        UVCHAOS_TEST_FAIL_AT_POINT: '123',
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(/^uvchaos: error: sweep failed at grid point 123 \(eta = 1\.330\d*\): injected failure$/);
      expect(readdirSync(out)).toEqual([]);
    }
  });

  it('stops on Ctrl-C with exit 130, removes its temporary files and keeps its journal', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const spec = writeSpec(dir, { ...small, sweep: { from: 0.9, to: 1.95, points: 2_000_000 }, transient: 20000 });
    const child = spawn(process.execPath, [CLI, 'sweep', spec, '--out', out, '--quiet']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // wait until the sweep is under way (its temp files exist), then interrupt
    // the lock file comes first, then the journal and the temp files: wait for both (a loaded machine is slow to get there)
    const underWay = () => existsSync(join(out, 's.journal')) && readdirSync(out).some((f) => f.includes('.attractors.csv.tmp-'));
    for (let i = 0; i < 1200 && !(existsSync(out) && underWay()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(underWay()).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    // the journal stays, so the points done are not lost (uvchaos sweep --resume)
    expect(stderr).toContain(`${join(out, 's.journal')} keeps the chunks done: rerun with --resume to continue (or delete it)`);
    expect(readdirSync(out)).toEqual(['s.journal']);
  });
});

function spawnSyncWithEnv(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
