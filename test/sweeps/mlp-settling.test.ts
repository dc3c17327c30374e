import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

/**
 * sweeps/mlp-route-to-chaos at four of its own grid values (each point trains from the same
 * initial weights, so a point does not depend on the rest of the grid): the two sides of
 * η = 0.44 that docs/real-networks.md describes.
 */
describe('mlp-route-to-chaos: settling below the edge, quasiperiodic along it', () => {
  it('η = 0.2823 and 0.4241 still sharpen (settling, η·sharpness 1.297–1.298 and 1.961–1.965); η = 0.4443 and 1.5582 sit at 2 (within [1.996, 2.004])', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'sweeps', 'mlp-route-to-chaos.json'), 'utf8'));
    const dir = tempDir();
    // grid points 9, 16, 17 and 72 (the last before divergence) of the shipped grid, as
    // attractors.csv writes them
    const etas = [0.2822784810126582, 0.42405063291139233, 0.44430379746835447, 1.5582278481012657];
    const rows: Record<string, string>[] = [];
    for (const eta of etas) {
      const path = join(dir, `eta-${eta}.json`);
      writeFileSync(path, JSON.stringify({ ...spec, name: 'p', sweep: { parameter: 'eta', from: eta, to: eta + 1e-12, points: 2 } }));
      const r = runCli(['sweep', path, '--out', join(dir, String(eta)), '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const { header, rows: table } = parseCsv(readFileSync(join(dir, String(eta), 'p.attractors.csv'), 'utf8'));
      rows.push(Object.fromEntries(header.map((h, k) => [h, table[0][k]])));
    }
    const range = (row: Record<string, string>) => [Number(row.eta_sharpness_min), Number(row.eta_sharpness_max)];
    expect(rows.map((row) => row.regime)).toEqual(['settling', 'settling', 'quasiperiodic', 'quasiperiodic']);
    expect(range(rows[0])[0]).toBeCloseTo(1.2968, 3);
    expect(range(rows[0])[1]).toBeCloseTo(1.2979, 3);
    expect(range(rows[1])[0]).toBeCloseTo(1.9606, 3);
    expect(range(rows[1])[1]).toBeCloseTo(1.9649, 3);
    for (const row of rows.slice(2)) {
      expect(range(row)[0]).toBeGreaterThan(1.996);
      expect(range(row)[1]).toBeLessThan(2.004);
    }
  });
});
