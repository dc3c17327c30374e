import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, runCli, tempDir } from '../helpers.js';

/** What a JavaScript exception (rather than the tool) would put in front of the user. */
const RAW_EXCEPTION =
  /TypeError|RangeError|ReferenceError|Cannot read|is not a function|is not defined|undefined|internal error|\n\s+at \S/;

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

/** Each command on the smallest grid its spec allows (2 points; a 2 × 2 plane). */
const runs: [string, string, Record<string, unknown>, 0 | 1, RegExp][] = [
  ['sweep', 'UV', { model: uv, sweep: { from: 0.9, to: 1.02, points: 2 } }, 0, /^2 points: 1 converged, 1 periodic/],
  ['sweep', 'logistic', { model: { kind: 'logistic' }, sweep: { from: 2.8, to: 3.6, points: 2 } }, 0, /^2 points: /],
  [
    'phase',
    'UV',
    { model: uv, grid: { x: { parameter: 'eta', from: 0.5, to: 1.5, points: 2 }, y: { parameter: 'target', from: 5, to: 10, points: 2 } } },
    0,
    /^4 cells: /,
  ],
  // the range ends before the 2-cycle's flip: the onset is found, then the tool says why it stopped
  [
    'cascade',
    'UV',
    { model: uv, sweep: { from: 0.9, to: 1.02, points: 2 }, cascade: { levels: 2 } },
    1,
    /found 1 of 2 period doublings in eta ∈ \[0\.9, 1\.02\]: level 2: no flip of the period-2 cycle before the end of the range \(1\.02\)/,
  ],
  ['cascade', 'UV over the cascade', { model: uv, sweep: { from: 0.9, to: 1.4, points: 2 }, cascade: { levels: 6 } }, 0, /^ k  period/],
  [
    'cascade',
    'logistic',
    { model: { kind: 'logistic' }, sweep: { from: 2.8, to: 3.6, points: 2 }, cascade: { levels: 6 } },
    0,
    /^ k  period/,
  ],
];

describe('every command on its smallest legal grid', () => {
  for (const [command, label, fields, code, expected] of runs) {
    it(`${command} (${label}): exit ${code}, in the tool's own words`, () => {
      const dir = tempDir();
      const spec = join(dir, 'spec.json');
      writeFileSync(spec, JSON.stringify({ name: 's', transient: 3000, record: 256, ...fields }));
      const out = join(dir, 'out');
      const result = runCli([command, spec, '--out', out, '--quiet']);
      expect(result.stderr).not.toMatch(RAW_EXCEPTION);
      expect(result.stdout).not.toMatch(RAW_EXCEPTION);
      expect(result.code).toBe(code);
      expect(code === 0 ? result.stdout : result.stderr).toMatch(expected);
      if (code !== 0) expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }
});
