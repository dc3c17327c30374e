import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

function table(path: string): Record<string, string>[] {
  const { header, rows } = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('sweeps/logs-example: the README showcase', () => {
  it('analyses the logged mlp sweep as the README says, and agrees with uvchaos sweep at the same learning rates', () => {
    const out = tempDir();
    const r = runCli(['analyze', join(ROOT, 'sweeps', 'logs-example'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('18 runs: 3 converged, 11 periodic, 2 chaotic, 0 quasiperiodic, 2 diverged, 0 settling');
    const rows = table(join(out, 'logs-example.attractors.csv'));
    const summary = rows.map((row) => `${row.eta}:${row.regime}:${row.period}${row.diverged_at ? `@${row.diverged_at}` : ''}`);
    expect(summary).toEqual([
      '48:converged:1',
      '50:converged:1',
      '51.5:converged:1',
      '52.5:periodic:2',
      '53:periodic:2',
      '53.5:periodic:2',
      '54:periodic:2',
      '54.5:periodic:2',
      '55:periodic:2',
      '55.5:periodic:2',
      '56:periodic:2',
      '56.5:periodic:2',
      '57:chaotic:0',
      '57.5:periodic:2',
      '58:periodic:2',
      '59:chaotic:0',
      '60:diverged:-1@15',
      '61:diverged:-1@10',
    ]);

    // The same network through the sweep engine at η = 55, 57, 59, recording the steps the logs'
    // last 1000 rows hold (2001 … 3000): same periods and regimes, the tangent-map exponent within
    // the estimate's stated tolerance, the extents equal to the logs' float32 precision.
    const spec = {
      name: 'check',
      model: {
        kind: 'mlp',
        layers: [16],
        activation: 'tanh',
        bias: false,
        data: { dataset: 'digits', classes: [0, 1], examples: 1 },
        sharpness: { tolerance: 1e-10 },
      },
      sweep: { parameter: 'eta', from: 55, to: 59, points: 3 },
      transient: 2001,
      record: 1000,
    };
    writeFileSync(join(out, 'check.json'), JSON.stringify(spec));
    const s = runCli(['sweep', join(out, 'check.json'), '--out', out, '--quiet']);
    expect(s.code, s.stderr).toBe(0);
    for (const swept of table(join(out, 'check.attractors.csv'))) {
      const logged = rows.find((row) => row.eta === swept.eta)!;
      expect([logged.regime, logged.period]).toEqual([swept.regime, swept.period]);
      for (const end of ['min', 'max']) {
        const a = Number(logged[`eta_sharpness_${end}`]);
        const b = Number(swept[`eta_sharpness_${end}`]);
        expect(Math.abs(a - b) / b).toBeLessThan(1e-6);
      }
      if (swept.regime === 'chaotic') {
        const lyap = Number(swept.lyap_max);
        expect(Math.abs(Number(logged.lyap_max_estimate) - lyap)).toBeLessThan(0.01 + 0.06 * lyap);
      }
    }
  });
});
