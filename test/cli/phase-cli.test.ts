import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, runCli, tempDir } from '../helpers.js';

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const etaTarget = {
  name: 'p',
  model: uv,
  grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 60 }, y: { parameter: 'target', from: 1, to: 20, points: 40 } },
  transient: 4000,
  record: 256,
};

function runPhase(spec: unknown, flags: string[] = []) {
  const dir = tempDir();
  const result = runCli(['phase', writeSpec(dir, spec), '--out', dir, '--quiet', ...flags]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const text = readFileSync(join(dir, 'p.phase.csv'), 'utf8');
  return { dir, text, ...parseCsv(text), stdout: result.stdout };
}

describe('uvchaos phase', () => {
  it('(η, y): the edge-of-stability boundary follows η = 1/(√ε|y|) to within one cell; cells far from it are as the theory says', () => {
    const { header, rows, dir, stdout } = runPhase(etaTarget);
    expect(filesIn(dir)).toEqual(['p.phase.csv', 'p.phase.png', 'spec.json']);
    expect(header).toEqual(['eta', 'target', 'early', 'sharpness_ratio', 'regime', 'period', 'lyap_max']);
    expect(rows).toHaveLength(60 * 40);
    expect(stdout).toMatch(
      /^2400 cells: \d+ converged below 2\/η, \d+ edge of stability \(2-cycle\), \d+ higher period, \d+ quasiperiodic \(λ_max ≈ 0\), \d+ chaotic, \d+ diverged, \d+ settling \(still trending\);/,
    );
    const eps = 0.01;
    const dx = (3 - 0.05) / 59;
    let rowsChecked = 0;
    for (let iy = 0; iy < 40; iy++) {
      const row = rows.slice(iy * 60, (iy + 1) * 60);
      const y = Number(row[0][1]);
      const onset = 1 / (Math.sqrt(eps) * Math.abs(y));
      for (const cell of row) {
        const eta = Number(cell[0]);
        if (eta < 0.8 * onset) expect(cell[4]).toBe('converged');
        if (eta > 1.03 * onset && eta < 1.1 * onset) expect([cell[4], cell[5]]).toEqual(['periodic', '2']);
      }
      const firstNotConverged = row.findIndex((cell) => cell[4] !== 'converged');
      if (onset < 3 - dx && row.some((cell) => Number(cell[0]) > onset && cell[4] !== 'diverged')) {
        const expected = Math.ceil((onset - 0.05) / dx); // first grid index above the curve
        expect(Math.abs(firstNotConverged - expected)).toBeLessThanOrEqual(1);
        rowsChecked++;
      }
    }
    expect(rowsChecked).toBeGreaterThan(20);
  });

  it('(η, initialisation scale): early sharpness reduction wherever 2 < ηλ₀ and a stable minimum exists (η < 1/(√ε|y|)): the catapult', () => {
    const { rows } = runPhase({
      name: 'p',
      model: { kind: 'uv', width: 64, inputDim: 16, target: 2, init: { seed: 1, sigmaU: 1, sigmaV: 1 } },
      grid: { x: { parameter: 'eta', from: 0.01, to: 1.6, points: 50 }, y: { parameter: 'initScale', from: 0.1, to: 1.5, points: 30 } },
      transient: 3000,
      record: 256,
    });
    const lambda0 = 32.8237331; // λ0 at scale 1 (seed 1), ∝ c²
    let reductions = 0;
    for (const [eta, c, early, , regime] of rows) {
      const etaLambda0 = Number(eta) * lambda0 * Number(c) ** 2;
      if (regime === 'diverged') continue;
      // ε = 16/64, y = 2: minima are stable below η = 1/(√ε|y|) = 1
      if (etaLambda0 > 2.4 && Number(eta) < 0.95) {
        expect(early).toBe('reduction');
        reductions++;
      }
    }
    expect(reductions).toBeGreaterThan(20);
    // and the trend is not reduction everywhere: small-η, small-scale runs change too little
    expect(rows.filter((r) => r[2] === 'flat').length).toBeGreaterThan(50);
  });

  it('gives the same table for one and two workers', () => {
    const small = { ...etaTarget, grid: { x: { ...etaTarget.grid.x, points: 23 }, y: { ...etaTarget.grid.y, points: 11 } } };
    expect(runPhase(small, ['--workers', '1']).text).toBe(runPhase(small, ['--workers', '2']).text);
  });

  it('names a failing cell by both its parameters, exit 1, and leaves no files', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    // cell 6 of a 4 × 3 plane (x fastest) is column 2, row 1: η = 0.5 + (2/3)·1.5 = 1.5, y = 10
    const spec = {
      ...etaTarget,
      grid: { x: { parameter: 'eta', from: 0.5, to: 2, points: 4 }, y: { parameter: 'target', from: 5, to: 15, points: 3 } },
    };
    const result = runCli(['phase', writeSpec(dir, spec), '--out', out, '--quiet'], { env: { UVCHAOS_TEST_FAIL_AT_POINT: '6' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('uvchaos: error: phase failed at grid point 6 (eta = 1.5, target = 10): injected failure');
    expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
  });

  it('rejects a grid whose x axis is not the learning rate, or an unknown y parameter', () => {
    const dir = tempDir();
    const a = runCli([
      'phase',
      writeSpec(dir, { ...etaTarget, grid: { x: { parameter: 'target', from: 1, to: 2, points: 3 }, y: etaTarget.grid.y } }),
    ]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/grid\.x\.parameter: expected "eta"/);
    const b = runCli([
      'phase',
      writeSpec(dir, { ...etaTarget, grid: { x: etaTarget.grid.x, y: { parameter: 'depth', from: 1, to: 2, points: 3 } } }),
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/grid\.y\.parameter: expected one of "target", "width", "f0", "ntk0", "initScale", "multiplier", got "depth"/);
  });
});

describe('uvchaos phase over widths', () => {
  const widthSpec = (from: number, to: number, points: number) => ({
    ...etaTarget,
    grid: { x: { parameter: 'eta', from: 0.5, to: 1.5, points: 8 }, y: { parameter: 'width', from, to, points } },
    transient: 500,
    record: 128,
  });

  it('refuses a width axis with a fractional width, naming the grid point', () => {
    const dir = tempDir();
    const result = runCli(['phase', writeSpec(dir, widthSpec(0.5, 4.5, 5)), '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^uvchaos: error: .*spec\.json: grid\.y: a width axis needs whole widths at every grid point; point 0 is 0\.5 /,
    );
    const between = runCli(['phase', writeSpec(dir, widthSpec(1, 10, 5)), '--out', dir]);
    expect(between.code).toBe(2);
    expect(between.stderr).toContain('point 1 is 3.25');
    expect(filesIn(dir)).toEqual(['spec.json']);
  });

  it('accepts whole widths and writes them as integers', () => {
    const { rows, header } = runPhase(widthSpec(1, 9, 5));
    const widths = new Set(rows.map((r) => r[header.indexOf('width')]));
    expect([...widths]).toEqual(['1', '3', '5', '7', '9']);
  });
});
