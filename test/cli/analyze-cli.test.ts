import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { csvText, jsonLinesText, uvLog } from '../logs/uv-logs.js';
import { CLI, filesIn, runCli, tempDir } from '../helpers.js';

function table(dir: string, name: string): Record<string, string>[] {
  const { header, rows } = parseCsv(readFileSync(join(dir, `${name}.attractors.csv`), 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('uvchaos analyze: messy logs', () => {
  it('analyses the good runs, says why each bad one was set aside, and marks NaN tails and short runs diverged', () => {
    const runs = tempDir();
    const out = tempDir();
    const steps = 4000;
    const write = (name: string, text: string) => writeFileSync(join(runs, name), text);
    write('lr=0.95.csv', csvText(uvLog(0.95, steps))); // converged
    write('lr=1.1.csv', csvText(uvLog(1.1, steps))); // 2-cycle
    write('seed2_lr=1.1.csv', csvText(uvLog(1.1, steps))); // the same learning rate again
    write('lr=1.26.csv', csvText(uvLog(1.26, steps))); // 4-cycle
    write('lr=1.5.csv', csvText(uvLog(1.5, steps))); // chaos
    // logged every 2 steps: the 4-cycle shows as period 4 / gcd(4, 2) = 2
    write('lr=1.27.csv', csvText(uvLog(1.27, steps).filter((r) => r.step % 2 === 0)));
    // NaN tail, in JSON Lines written by Python (bare NaN)
    const nanTail = uvLog(1.45, steps).map((r) => (r.step >= 3100 ? { ...r, loss: NaN, sharpness: NaN } : r));
    write('lr=1.45.jsonl', jsonLinesText(nanTail));
    // NaN tail in CSV, the sharpness only
    write('lr=1.7.csv', csvText(uvLog(1.7, steps).map((r) => (r.step >= 2222 ? { ...r, sharpness: NaN } : r))));
    // cut short: stops logging at step 2500 without a NaN
    write('lr=1.8.csv', csvText(uvLog(1.8, 2500)));
    // header only
    write('lr=1.6.csv', 'step,loss,sharpness,lr\n');
    // a step logged twice with different values (a resumed run appended to its log)
    const resumed = uvLog(1.15, steps);
    resumed.splice(3000, 0, { ...resumed[3000], loss: resumed[3000].loss + 1 });
    write('lr=1.15.csv', csvText(resumed));
    // rows repeated verbatim (a logger that flushed twice): read once
    const repeated = uvLog(1.05, steps);
    repeated.splice(3500, 0, repeated[3500], repeated[3500]);
    write('lr=1.05.csv', csvText(repeated));
    // mixed sampling inside the record: every step until 3500, then every 4
    write('lr=1.2.csv', csvText(uvLog(1.2, 6000).filter((r) => r.step < 3500 || r.step % 4 === 0)));
    // the parameter from a sidecar JSON, no lr column
    write('run7.csv', csvText(uvLog(1.12, steps), ['step', 'loss', 'sharpness']));
    write('run7.json', JSON.stringify({ learning_rate: 1.12, seed: 7 }));

    const r = runCli(['analyze', runs, '--out', out, '--name', 'messy']);
    expect(r.code, r.stderr).toBe(0);
    expect(filesIn(out)).toEqual(['messy.attractors.csv', 'messy.attractors.json', 'messy.bifurcation.png', 'messy.windows.csv']);
    expect(r.stdout).toMatch(/^read 14 run files from .*; observable eta_sharpness, last 1000 logged samples per run/);
    expect(r.stdout).toContain('run7.csv: eta = 1.12 (run7.json "learning_rate"), 4000 logged samples to step 3999');
    expect(r.stdout).toContain('lr=1.27.csv: eta = 1.27 (column "lr"), 2000 logged samples to step 3998 (every 2 steps)');
    expect(r.stderr).toContain('skipped 3 runs:');
    expect(r.stderr).toContain('lr=1.6.csv: no data rows (header only)');
    expect(r.stderr).toMatch(/lr=1\.15\.csv: step 3000 is logged twice with different values \(lines 3002 and 3003\)/);
    expect(r.stderr).toContain('lr=1.2.csv: uneven steps in the last 1000 logged: every 1 steps until step 3500, then every 4');
    expect(r.stderr).toContain('lr=1.05.csv: 2 rows repeat the previous step with the same values; read once');
    expect(r.stderr).toContain('eta = 1.1 appears in 2 runs (lr=1.1.csv, seed2_lr=1.1.csv)');
    expect(r.stderr).toContain('lr=1.8.csv: cut short at step 2499 (most runs go to 3999): diverged at 2500');
    expect(r.stderr).toMatch(/runs are logged at different intervals \(every 1 step: \d+ runs; every 2 steps: 1 run\)/);

    const rows = table(out, 'messy');
    const at = (eta: number) => rows.filter((row) => Number(row.eta) === eta);
    expect(rows.map((row) => Number(row.eta))).toEqual([0.95, 1.05, 1.1, 1.1, 1.12, 1.26, 1.27, 1.45, 1.5, 1.7, 1.8]);
    expect(at(0.95)[0]).toMatchObject({ regime: 'converged', period: '1', diverged_at: '' });
    for (const eta of [1.05, 1.1, 1.12]) for (const row of at(eta)) expect(row).toMatchObject({ regime: 'periodic', period: '2' });
    expect(at(1.26)[0]).toMatchObject({ regime: 'periodic', period: '4' });
    expect(at(1.27)[0]).toMatchObject({ regime: 'periodic', period: '2', step_interval: '2' });
    expect(at(1.45)[0]).toMatchObject({ regime: 'diverged', period: '-1', diverged_at: '3100', lyap_max_estimate: '' });
    expect(at(1.7)[0]).toMatchObject({ regime: 'diverged', diverged_at: '2222' });
    expect(at(1.8)[0]).toMatchObject({ regime: 'diverged', diverged_at: '2500' });
    const chaos = at(1.5)[0];
    expect(chaos.regime).toBe('chaotic');
    // the tangent-map exponent there is 0.49 (test/logs/time-series-lyapunov.test.ts bounds the estimate's error)
    expect(Number(chaos.lyap_max_estimate)).toBeGreaterThan(0.4);
    expect(chaos.embedding_dimension).toBe('2');
    // the extent of η × sharpness over the last 1000 logged steps, computed here from the same log
    const tail = uvLog(1.5, steps)
      .slice(-1000)
      .map((row) => row.lr * row.sharpness);
    expect(Number(chaos.eta_sharpness_min)).toBe(Math.min(...tail));
    expect(Number(chaos.eta_sharpness_max)).toBe(Math.max(...tail));

    const json = JSON.parse(readFileSync(join(out, 'messy.attractors.json'), 'utf8'));
    expect(json.rows).toHaveLength(11);
    expect(json.summary.skipped.map((s: { label: string }) => s.label).sort()).toEqual(['lr=1.15.csv', 'lr=1.2.csv', 'lr=1.6.csv']);
    const windows = parseCsv(readFileSync(join(out, 'messy.windows.csv'), 'utf8'));
    expect(windows.rows.reduce((s, w) => s + Number(w[4]), 0)).toBe(11);
  });
});

describe('uvchaos analyze: bad input is one line, exit 2, nothing written', () => {
  const cases: [string, (runs: string) => string[], RegExp][] = [
    [
      'no run files',
      (runs) => [runs],
      /^uvchaos: error: .*: no run files in this folder \(expected \.csv, \.tsv, \.jsonl, \.ndjson files\)\n$/,
    ],
    ['a glob that matches nothing', (runs) => [join(runs, '*.csv')], /^uvchaos: error: .*\*\.csv: no run files match/],
    [
      'an unknown observable column',
      (runs) => {
        writeFileSync(join(runs, 'lr=1.1.csv'), csvText(uvLog(1.1, 1200)));
        return [runs, '--observable', 'grad_norm'];
      },
      /^uvchaos: error: .*: observable: no run logs a column "grad_norm"; columns found: "step", "loss", "sharpness", "lr"\n$/,
    ],
    [
      'a parameter no source gives',
      (runs) => {
        writeFileSync(join(runs, 'run1.csv'), csvText(uvLog(1.1, 1200), ['step', 'loss', 'sharpness']));
        writeFileSync(join(runs, 'run2.csv'), csvText(uvLog(1.2, 1200), ['step', 'loss', 'sharpness']));
        return [runs];
      },
      /^uvchaos: error: .*run1\.csv: eta: cannot read the parameter: no eta in a column, a sidecar JSON or the file name \(name the column or key with --parameter/,
    ],
  ];
  for (const [what, setup, message] of cases) {
    it(what, () => {
      const runs = tempDir();
      const out = join(tempDir(), 'out');
      const r = runCli(['analyze', ...setup(runs), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(() => filesIn(out)).toThrow(); // not even the folder
    });
  }
});

describe('uvchaos analyze: long format and the round trip from sweep --save-orbits', () => {
  it("gives the sweep's period and regime at every grid point away from a transition, and its divergence steps", () => {
    const dir = tempDir();
    const spec = {
      name: 'rt',
      model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
      sweep: { from: 0.9, to: 1.95, points: 150 },
      transient: 4000,
      record: 600,
    };
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const sweep = runCli(['sweep', join(dir, 'spec.json'), '--out', dir, '--quiet', '--save-orbits', '--workers', '2']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const orbits = parseCsv(readFileSync(join(dir, 'rt.orbits.csv'), 'utf8'));
    expect(orbits.header).toEqual(['eta', 'step', 'eta_sharpness']);
    const swept = table(dir, 'rt');
    const divergedPoints = swept.filter((row) => row.regime === 'diverged').length;
    expect(divergedPoints).toBeGreaterThan(0);
    expect(orbits.rows).toHaveLength((150 - divergedPoints) * 600 + divergedPoints);
    expect(orbits.rows[0]).toEqual([
      '0.9',
      '4000',
      swept[0].eta_sharpness_min === swept[0].eta_sharpness_max ? swept[0].eta_sharpness_min : orbits.rows[0][2],
    ]);

    const out = join(dir, 'analyzed');
    const analyzed = runCli(['analyze', join(dir, 'rt.orbits.csv'), '--out', out, '--record', '600', '--name', 'rt']);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    expect(analyzed.stdout).toMatch(/^read 150 runs in the long-format file/);
    const rows = table(out, 'rt');
    expect(rows.map((row) => row.eta)).toEqual(swept.map((row) => row.eta));
    let compared = 0;
    for (let i = 1; i + 1 < swept.length; i++) {
      const same = (a: Record<string, string>, b: Record<string, string>) => a.period === b.period && a.regime === b.regime;
      if (!same(swept[i - 1], swept[i]) || !same(swept[i], swept[i + 1])) continue; // next to a transition
      expect({ eta: rows[i].eta, period: rows[i].period, regime: rows[i].regime, diverged_at: rows[i].diverged_at }).toEqual({
        eta: swept[i].eta,
        period: swept[i].period,
        regime: swept[i].regime,
        diverged_at: swept[i].diverged_at,
      });
      expect(rows[i].eta_sharpness_min).toBe(swept[i].eta_sharpness_min);
      expect(rows[i].eta_sharpness_max).toBe(swept[i].eta_sharpness_max);
      // the time-series estimate against the tangent map's exponent, same tolerance as the unit test
      if (swept[i].regime === 'chaotic') {
        const lyap = Number(swept[i].lyap_max);
        expect(Math.abs(Number(rows[i].lyap_max_estimate) - lyap), `eta ${swept[i].eta}`).toBeLessThan(0.01 + 0.06 * lyap);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('uvchaos analyze: hostile logs', () => {
  it("takes η for η × sharpness from the run's parameter, never a NaN learning-rate cell, and never prints NaN as a step", () => {
    const runs = tempDir();
    const out = tempDir();
    const steps = 1200;
    // the lr column holds nan throughout; the name says 1.1
    writeFileSync(join(runs, 'lr=1.1.csv'), csvText(uvLog(1.1, steps).map((r) => ({ ...r, lr: NaN }))));
    // the observable overflows from step 500 on (finite sharpness, η × sharpness = ∞)
    writeFileSync(join(runs, 'lr=1.2.csv'), csvText(uvLog(1.2, steps).map((r) => (r.step >= 500 ? { ...r, sharpness: 1.7e308 } : r))));
    // the observable overflows at the first step: no finite sample at all
    writeFileSync(join(runs, 'lr=1.3.csv'), csvText(uvLog(1.3, steps).map((r) => ({ ...r, sharpness: 1.7e308 }))));
    const r = runCli(['analyze', runs, '--out', out, '--name', 'h']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/NaN/);
    expect(r.stdout).toContain('lr=1.1.csv: eta = 1.1 (name "lr=1.1"), 1200 logged samples to step 1199');
    expect(r.stdout).toContain('lr=1.2.csv: eta = 1.2 (column "lr"), 500 logged samples to step 499, diverged at step 500');
    expect(r.stdout).toContain('lr=1.3.csv: eta = 1.3 (column "lr"), no finite samples, diverged at step 0');
    const rows = table(out, 'h');
    expect(rows.map((row) => [row.eta, row.regime, row.diverged_at, row.last_step])).toEqual([
      ['1.1', 'periodic', '', '1199'],
      ['1.2', 'diverged', '500', '499'],
      ['1.3', 'diverged', '0', ''],
    ]);
    const tail = uvLog(1.1, steps)
      .slice(-1000)
      .map((row) => 1.1 * row.sharpness);
    expect(Number(rows[0].eta_sharpness_max)).toBe(Math.max(...tail));
  });

  it('a cell in hexadecimal, binary or octal is not a number: the run is skipped naming the line and column', () => {
    const runs = tempDir();
    const out = tempDir();
    writeFileSync(join(runs, 'lr=1.1.csv'), csvText(uvLog(1.1, 1200)));
    for (const [name, odd] of [
      ['lr=1.2.csv', '0x10'],
      ['lr=1.3.csv', '0b101'],
      ['lr=1.4.csv', '0o7'],
      ['lr=1.5.csv', '1_000'],
    ]) {
      const lines = csvText(uvLog(Number(name.slice(3, 6)), 1200)).split('\n');
      lines[5] = lines[5].replace(/^[^,]*,[^,]*/, `4,${odd}`);
      writeFileSync(join(runs, name), lines.join('\n'));
    }
    const r = runCli(['analyze', runs, '--out', out, '--name', 'h']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('skipped 4 runs:');
    expect(r.stderr).toContain('lr=1.2.csv: line 6: column "loss": expected a number, got "0x10"');
    expect(r.stderr).toContain('lr=1.3.csv: line 6: column "loss": expected a number, got "0b101"');
    expect(r.stderr).toContain('lr=1.4.csv: line 6: column "loss": expected a number, got "0o7"');
    expect(r.stderr).toContain('lr=1.5.csv: line 6: column "loss": expected a number, got "1_000"');
  });

  it('names each run by its path inside the folder, once, whatever links the folder holds', () => {
    const runs = tempDir();
    const out = tempDir();
    for (const lr of [1.1, 1.2]) {
      mkdirSync(join(runs, `lr=${lr}`));
      writeFileSync(join(runs, `lr=${lr}`, 'metrics.csv'), csvText(uvLog(lr, 1200)));
    }
    symlinkSync('.', join(runs, 'loop'));
    symlinkSync('../..', join(runs, 'up'));
    const r = runCli(['analyze', runs, '--out', out, '--name', 'h']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^read 2 run files/);
    expect(table(out, 'h').map((row) => row.run)).toEqual(['lr=1.1/metrics.csv', 'lr=1.2/metrics.csv']);
  });
});

describe('uvchaos analyze: many runs', () => {
  /** One long-format file of `runs` runs of one row each (distinct learning rates). */
  function oneRowRuns(runs: number): string {
    const file = join(tempDir(), 'many.csv');
    const lines = ['lr,step,loss,sharpness'];
    for (let i = 0; i < runs; i++) lines.push(`${(0.001 + i * 1e-6).toPrecision(10)},0,0.5,1.25`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  it('memory grows with the rows, not by a full record per run: 30,000 one-row runs in well under 400 MB', () => {
    const file = oneRowRuns(30_000);
    const out = join(tempDir(), 'out');
    // the child reports its own peak RSS on exit
    const report = join(tempDir(), 'max-rss.cjs');
    writeFileSync(report, "process.on('exit', () => process.stderr.write(`max-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n");
    const r = spawnSync(process.execPath, ['--require', report, CLI, 'analyze', file, '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    expect(r.status, r.stderr).toBe(2); // every run has one sample: none can be analysed
    expect(r.stderr).toContain('none of the 30000 runs could be analysed');
    const kb = Number(/max-rss-kb (\d+)/.exec(r.stderr)?.[1]);
    expect(kb).toBeGreaterThan(0);
    expect(kb / 1024).toBeLessThan(400); // a full record per run was 1.1 GB here
  });

  it('SIGTERM mid-run ends it promptly, non-zero, with nothing written', async () => {
    const file = oneRowRuns(300_000);
    const out = join(tempDir(), 'out');
    const child = spawn(process.execPath, [CLI, 'analyze', file, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; at: number }>((done) =>
      child.on('exit', (code) => done({ code, at: performance.now() })),
    );
    await new Promise((wait) => setTimeout(wait, 1500));
    const sent = performance.now();
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const { code, at } = await exited;
    clearTimeout(timeout);
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted: no output files were written');
    expect(at - sent).toBeLessThan(5000); // the issue asks for 1 s; generous on a loaded machine
    expect(existsSync(out)).toBe(false);
  });
});
