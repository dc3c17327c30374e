import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, runCli, tempDir } from '../helpers.js';

/** `model.loss: "cross-entropy"` through the CLI: labels read from a CSV, and the one-line refusals (exit 2, no files). */
const csvModel = (targets: string[], extra: Record<string, unknown> = {}) => ({
  kind: 'mlp',
  layers: [4],
  loss: 'cross-entropy',
  data: { dataset: 'csv', path: 'data.csv', targets },
  ...extra,
});

function run(dir: string, model: unknown, csv: string) {
  writeFileSync(join(dir, 'data.csv'), csv);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ name: 'm', model, eta: 0.5, steps: 5 }));
  return runCli(['trajectory', join(dir, 'spec.json'), '--out', dir]);
}

describe('mlp cross-entropy on a CSV of class labels', () => {
  it('three classes: three outputs and an accuracy column; two classes: one output', () => {
    const dir = tempDir();
    const three = run(dir, csvModel(['k']), 'x1,x2,k\n1,0,0\n0,1,1\n1,1,2\n0.5,0,2\n');
    expect(three.stderr).toBe('');
    expect(three.code).toBe(0);
    const table = parseCsv(readFileSync(join(dir, 'm.trajectory.csv'), 'utf8'));
    expect(table.header).toContain('accuracy');
    const wrong = run(dir, csvModel(['k'], { outputs: 1 }), 'x1,x2,k\n1,0,0\n0,1,1\n1,1,2\n');
    expect(wrong.stderr).toMatch(/data\.csv: line 4, column "k": class label 2 is outside 0 … 1 \(model\.outputs 1\)/);
    const two = run(dir, csvModel(['k'], { outputs: 1 }), 'x1,x2,k\n1,0,0\n0,1,1\n');
    expect(two.code).toBe(0);
  });
});

describe('mlp cross-entropy bad input: one line naming the file and field, exit 2, nothing written', () => {
  const cases: [string, unknown, string, RegExp][] = [
    [
      'a regression target (not an integer label)',
      csvModel(['y']),
      'x,y\n1,0\n2,0.37\n',
      /data\.csv: line 3, column "y": expected an integer class label 0 … c − 1 .*got 0\.37/,
    ],
    ['a negative label', csvModel(['y']), 'x,y\n1,0\n2,-1\n', /data\.csv: line 3, column "y": expected an integer class label/],
    [
      'more than one target column',
      csvModel(['y', 'z']),
      'x,y,z\n1,0,1\n2,1,0\n',
      /spec\.json: model\.data\.targets: cross-entropy reads one column of integer class labels 0 … c − 1, got 2 columns/,
    ],
    [
      'a label outside 0 … c − 1 with model.outputs',
      csvModel(['y'], { outputs: 3 }),
      'x,y\n1,0\n2,1\n3,3\n',
      /data\.csv: line 4, column "y": class label 3 is outside 0 … 2 \(model\.outputs 3\)/,
    ],
    ['a single class', csvModel(['y']), 'x,y\n1,0\n2,0\n', /data\.csv: column "y": cross-entropy needs two classes or more/],
    [
      'digits with targetScale ≠ 1',
      { kind: 'mlp', layers: [4], loss: 'cross-entropy', data: { dataset: 'digits', examples: 8, targetScale: 2 } },
      'x\n1\n',
      /spec\.json: model\.data\.targetScale: cross-entropy reads the classes as labels, so targetScale must be 1, got 2/,
    ],
    [
      'an unknown loss',
      csvModel(['y'], { loss: 'hinge' }),
      'x,y\n1,0\n2,1\n',
      /model\.loss: expected one of "mse", "cross-entropy", got "hinge"/,
    ],
  ];
  it.each(cases)('%s', (_label, model, csv, message) => {
    const dir = tempDir();
    const result = run(dir, model, csv);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(2);
    expect(filesIn(dir)).toEqual(['data.csv', 'spec.json']);
  });
});
