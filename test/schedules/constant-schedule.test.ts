import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

// `eta: {schedule: "constant", peak: η}` runs the arithmetic of `eta: η`: the same CSV byte for
// byte once its added eta column (the second) is taken out, and that column is η on every row.
const models = {
  mlp: { kind: 'mlp', layers: [4], data: { dataset: 'digits', classes: [0, 1], examples: 8 } },
  uv: { kind: 'uv', width: 10, inputDim: 1, target: 2, init: { f0: 0, ntk0: 0.2 } },
  'uv (full engine)': { kind: 'uv', width: 10, inputDim: 1, target: 2, init: { f0: 0, ntk0: 0.2 } },
};

function trajectoryCsv(spec: object): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const result = runCli(['trajectory', join(dir, 'spec.json'), '--out', join(dir, 'out')]);
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(join(dir, 'out', 't.trajectory.csv'), 'utf8');
}

describe('a constant schedule object gives the table of a plain number', () => {
  for (const [label, model] of Object.entries(models)) {
    it(label, () => {
      const base = { name: 't', model, steps: 30, ...(label.includes('full') ? { engine: 'full' } : {}) };
      const plain = trajectoryCsv({ ...base, eta: 0.7 });
      const scheduled = trajectoryCsv({ ...base, eta: { schedule: 'constant', peak: 0.7 } });
      const lines = scheduled.split('\n');
      expect(lines[0].split(',')[1]).toBe('eta');
      const cells = lines.map((line) => line.split(','));
      for (const row of cells.slice(1, -1)) expect(row[1]).toBe('0.7');
      const withoutEta = cells.map((row) => [row[0], ...row.slice(2)].join(',')).join('\n');
      expect(withoutEta).toBe(plain);
    });
  }
});
