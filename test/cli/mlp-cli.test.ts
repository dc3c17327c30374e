import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, runCli, tempDir } from '../helpers.js';

const model = { kind: 'mlp', layers: [8], data: { dataset: 'digits', classes: [0, 1], examples: 24 } };
const trajectory = { name: 'm', model, eta: 0.5, steps: 40 };
const sweep = { name: 'm', model, sweep: { from: 0.2, to: 3, points: 12 }, transient: 150, record: 64, period: { max: 16 } };

function writeJson(dir: string, file: string, value: unknown): string {
  const path = join(dir, file);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('uvchaos trajectory, mlp', () => {
  it('writes the documented columns and a figure; --save-weights then init.weights continues the run exactly', () => {
    const dir = tempDir();
    const full = runCli(['trajectory', writeJson(dir, 'full.json', { ...trajectory, name: 'full', steps: 40 }), '--out', dir]);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    const table = parseCsv(readFileSync(join(dir, 'full.trajectory.csv'), 'utf8'));
    expect(table.header).toEqual(['step', 'loss', 'f', 'sharpness', 'eta_sharpness', 'ntk', 'grad_norm', 'accuracy']);
    expect(table.rows).toHaveLength(41);

    // 20 steps, save, continue 20 steps from the saved weights: the same rows 20 … 40
    const first = runCli([
      'trajectory',
      writeJson(dir, 'a.json', { ...trajectory, name: 'a', steps: 20 }),
      '--out',
      dir,
      '--save-weights',
      '--save-every',
      '10',
    ]);
    expect(first.code).toBe(0);
    const weights = JSON.parse(readFileSync(join(dir, 'a.weights.json'), 'utf8'));
    expect(weights.format).toBe('uvchaos.mlp-weights/1');
    expect(weights.widths).toEqual([64, 8, 1]);
    expect(weights.checkpoints.map((c: { step: number }) => c.step)).toEqual([0, 10, 20]);
    expect(weights.checkpoints[2].layers[0].W).toHaveLength(8);
    expect(weights.checkpoints[2].layers[0].W[0]).toHaveLength(64);
    const second = runCli([
      'trajectory',
      writeJson(dir, 'b.json', { ...trajectory, name: 'b', steps: 20, model: { ...model, init: { weights: 'a.weights.json' } } }),
      '--out',
      dir,
    ]);
    expect(second.code).toBe(0);
    const continued = parseCsv(readFileSync(join(dir, 'b.trajectory.csv'), 'utf8'));
    for (let t = 0; t <= 20; t++) {
      for (const column of ['loss', 'f', 'grad_norm']) {
        const c = table.header.indexOf(column);
        expect(Number(continued.rows[t][c])).toBe(Number(table.rows[20 + t][c]));
      }
    }
  });

  it('empty sharpness cells between every k-th step; the last row always has them', () => {
    const dir = tempDir();
    const result = runCli(['trajectory', writeJson(dir, 's.json', { ...trajectory, steps: 11, sharpnessEvery: 5 }), '--out', dir]);
    expect(result.code).toBe(0);
    const { header, rows } = parseCsv(readFileSync(join(dir, 'm.trajectory.csv'), 'utf8'));
    const sharp = header.indexOf('sharpness');
    expect(rows.map((r) => r[sharp] !== '')).toEqual([true, false, false, false, false, true, false, false, false, false, true, true]);
  });

  it('a diverging run keeps its rows up to the divergence and says where', () => {
    const dir = tempDir();
    const result = runCli(['trajectory', writeJson(dir, 'd.json', { ...trajectory, eta: 40, steps: 200 }), '--out', dir]);
    expect(result.code).toBe(0);
    const match = /warning: diverged at step (\d+)/.exec(result.stderr);
    expect(match).not.toBeNull();
    const { rows } = parseCsv(readFileSync(join(dir, 'm.trajectory.csv'), 'utf8'));
    expect(rows).toHaveLength(Number(match![1]));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/NaN|Infinity/);
  });
});

describe('uvchaos sweep, mlp', () => {
  it('the same table and figure for one and two workers and any chunk size', () => {
    const outputs = [
      ['--workers', '1'],
      ['--workers', '2'],
      ['--workers', '2', '--chunk-size', '1'],
    ].map((flags) => {
      const dir = tempDir();
      const result = runCli(['sweep', writeJson(dir, 'spec.json', sweep), '--out', dir, '--quiet', ...flags]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(filesIn(dir)).toEqual(['m.attractors.csv', 'm.attractors.json', 'm.bifurcation.png', 'm.windows.csv', 'spec.json']);
      return { csv: readFileSync(join(dir, 'm.attractors.csv'), 'utf8'), png: readFileSync(join(dir, 'm.bifurcation.png')) };
    });
    expect(outputs[1].csv).toBe(outputs[0].csv);
    expect(outputs[2].csv).toBe(outputs[0].csv);
    expect(outputs[1].png.equals(outputs[0].png)).toBe(true);
    const { header, rows } = parseCsv(outputs[0].csv);
    expect(header).toEqual([
      'eta',
      'regime',
      'period',
      'lyap_max',
      'lyap_1',
      'lyap_err',
      'eta_sharpness_min',
      'eta_sharpness_max',
      'diverged_at',
      'final_f',
      'final_loss',
      'final_sharpness',
      'drift',
    ]);
    const regimes = new Set(rows.map((r) => r[1]));
    expect(regimes.has('diverged')).toBe(true); // η = 3 diverges
    const first = rows[0];
    expect(first[1]).not.toBe('diverged');
  });
});

describe('mlp bad input: one line naming the file and field, exit 2, nothing written', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'unknown activation',
      { ...model, activation: 'swish' },
      /model\.activation: expected one of "tanh", "relu", "elu", "gelu", "linear", got "swish"/,
    ],
    [
      'unknown parameterisation',
      { ...model, parameterization: 'mup' },
      /model\.parameterization: expected one of "ntk", "standard", got "mup"/,
    ],
    ['zero width', { ...model, layers: [0] }, /model\.layers\[0\]: expected a number ≥ 1, got 0/],
    ['negative width', { ...model, layers: [8, -2] }, /model\.layers\[1\]: expected a number ≥ 1, got -2/],
    [
      'a class not in the data set',
      { ...model, data: { dataset: 'digits', classes: [0, 12] } },
      /model\.data\.classes\[1\]: expected a number ≤ 9, got 12/,
    ],
    [
      'more examples than the data set',
      { ...model, data: { dataset: 'digits', classes: [0, 1], examples: 5000 } },
      /data\.examples: .*5000/,
    ],
    [
      'a parameter count beyond the cap',
      { ...model, layers: [2000, 2000] },
      /model\.layers: the network has \d+ parameters; expected at most 2000000/,
    ],
    ['outputs that do not fit the data', { ...model, outputs: 3 }, /model\.outputs: expected 1 .*got 3/],
  ];
  it.each(cases)('%s', (_label, badModel, message) => {
    const dir = tempDir();
    const spec = writeJson(dir, 'spec.json', { ...trajectory, model: badModel });
    const result = runCli(['trajectory', spec, '--out', dir]);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^uvchaos: error: .*spec\.json: /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(2);
    expect(filesIn(dir)).toEqual(['spec.json']);
  });

  it('a weights file of the wrong shape', () => {
    const dir = tempDir();
    const saved = runCli(['trajectory', writeJson(dir, 'a.json', { ...trajectory, name: 'a', steps: 2 }), '--out', dir, '--save-weights']);
    expect(saved.code).toBe(0);
    const wider = { ...model, layers: [9], init: { weights: 'a.weights.json' } };
    const result = runCli(['trajectory', writeJson(dir, 'b.json', { ...trajectory, name: 'b', model: wider }), '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /b\.json: model\.init\.weights: .*a\.weights\.json: has layer widths \[64,8,1\], the network \[64, 9, 1\]/,
    );
    expect(filesIn(dir).filter((f) => f.startsWith('b.'))).toEqual(['b.json']);
  });

  it('a CSV data set with a missing cell or a non-numeric cell', () => {
    const dir = tempDir();
    writeJson(dir, 'holes.csv', 'x1,x2,y\n1,2,3\n4,,6\n');
    writeJson(dir, 'words.csv', 'x1,x2,y\n1,2,3\n4,five,6\n');
    for (const [file, pattern] of [
      ['holes.csv', /holes\.csv.*line 3.*x2/],
      ['words.csv', /words\.csv.*line 3.*x2/],
    ] as const) {
      const csvModel = { kind: 'mlp', layers: [4], data: { dataset: 'csv', path: file, targets: ['y'] } };
      const result = runCli(['trajectory', writeJson(dir, 'spec.json', { ...trajectory, model: csvModel }), '--out', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(filesIn(dir)).toEqual(['holes.csv', 'spec.json', 'words.csv']);
  });
});

describe('mlp buffers beyond a WebAssembly memory: refused when the spec is loaded, one line, exit 2, nothing written', () => {
  function expectRefusal(result: { code: number | null; stderr: string }, dir: string, files: string[], message: RegExp) {
    expect(result.stderr).toMatch(/^uvchaos: error: .*spec\.json: model\.data\.examples: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(2);
    expect(filesIn(dir)).toEqual(files);
  }

  // the Gram matrix takes about 201 n² doubles (twice (10n)², and n²): n ≤ √(2³² / (8 · 201)) ≈ 1634
  it('a trajectory on all 1797 digits: the NTK Gram matrix, (1797 × 10)² doubles twice, needs 4.8 GiB', () => {
    const dir = tempDir();
    const all = { ...model, data: { dataset: 'digits', classes: 'all', examples: 1797 } };
    const result = runCli(['trajectory', writeJson(dir, 'spec.json', { ...trajectory, model: all }), '--out', dir]);
    expectRefusal(
      result,
      dir,
      ['spec.json'],
      /needs 4\.85 GiB of buffers for 1797 examples × 10 outputs on hidden widths \[8\] \(the NTK Gram matrix\).*at most 163\d examples fit/,
    );
  });

  // hidden width 100000 on one input: about 8 MB of buffers per example, so 600 rows need more than 4 GiB
  const wide = { kind: 'mlp', layers: [100_000], data: { dataset: 'csv', path: 'rows.csv', targets: ['y'] } };
  const commands: [string, Record<string, unknown>][] = [
    ['trajectory', { ...trajectory, model: wide }],
    ['sweep', { ...sweep, model: wide }],
    [
      'phase',
      {
        name: 'm',
        model: wide,
        grid: { x: { parameter: 'eta', from: 0.2, to: 3, points: 4 }, y: { parameter: 'multiplier', from: 0.5, to: 2, points: 3 } },
        transient: 150,
        record: 64,
        period: { max: 16 },
      },
    ],
    ['explore', { ...sweep, model: wide }],
  ];
  it.each(commands)('%s on a CSV data set of 600 rows and a hidden layer of width 100000', (command, spec) => {
    const dir = tempDir();
    writeJson(dir, 'rows.csv', `x,y\n${'0.5,1\n'.repeat(600)}`);
    const result = runCli([command, writeJson(dir, 'spec.json', spec), ...(command === 'explore' ? ['--port', '0'] : ['--out', dir])], {
      timeout: 60_000,
    });
    expectRefusal(
      result,
      dir,
      ['rows.csv', 'spec.json'],
      /needs \d+\.\d\d GiB of buffers for 600 examples × 1 output on hidden widths \[100000\] \(the training buffers\).*at most \d+ examples fit/,
    );
  });

  it('a CSV data set of 8 million rows is refused right after it is read, before any training', () => {
    const dir = tempDir();
    writeJson(dir, 'rows.csv', `x,y\n${'0,1\n'.repeat(8_000_000)}`);
    const started = performance.now();
    const result = runCli(['sweep', writeJson(dir, 'spec.json', { ...sweep, model: { ...wide, layers: [8] } }), '--out', dir]);
    const seconds = (performance.now() - started) / 1000;
    expectRefusal(result, dir, ['rows.csv', 'spec.json'], /needs \d+\.\d\d GiB of buffers for 8000000 examples × 1 output/);
    expect(seconds).toBeLessThan(60); // reading the 32 MB file takes seconds; one GD step on 8 million rows would take far longer
  });
});
