import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import { loadCsvDataset } from '../../../src/models/mlp/data/csv-dataset.js';
import { readWeightsFile } from '../../../src/models/mlp/weights-file.js';
import { SpecError } from '../../../src/spec/spec-error.js';
import { filesIn, runCli, tempDir } from '../../helpers.js';
import { architecture } from './mlp-helpers.js';

/** The files a spec may name that are not data: a device, a FIFO, a directory, a sparse file just over `cap`. */
function hostileFiles(cap: number): [string, string, RegExp][] {
  const dir = tempDir('uvchaos-named-files-');
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const huge = join(dir, 'huge');
  writeFileSync(huge, '');
  truncateSync(huge, cap + 1); // sparse: no disk space used
  return [
    ['/dev/zero', '/dev/zero', /expected a regular file, found a device, FIFO or socket$/],
    ['a FIFO without a writer', fifo, /expected a regular file, found a device, FIFO or socket$/],
    ['a directory', folder, /is a directory, expected /],
    ['a file over the cap', huge, new RegExp(`of at most ${cap / 1024 / 1024} MB$`)],
  ];
}

/** Runs `attempt`, which must throw one SpecError line (no newline) naming `file` and `field`. */
function specErrorOf(attempt: () => unknown): SpecError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).not.toContain('\n');
    return error as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('files an mlp spec names are read only if regular and within a cap', () => {
  it.each(hostileFiles(64 * 1024 * 1024))('model.data.path: %s', (_label, path, detail) => {
    const error = specErrorOf(() => loadCsvDataset({ dataset: 'csv', path, targets: ['y'] }, { specFile: 'spec.json' }));
    expect([error.file, error.field]).toEqual(['spec.json', 'model.data.path']);
    expect(error.detail.startsWith(`${path}: `)).toBe(true);
    expect(error.detail).toMatch(detail);
  });

  it.each(hostileFiles(128 * 1024 * 1024))('model.init.weights: %s', (_label, path, detail) => {
    const net = createMlp(architecture());
    const error = specErrorOf(() => readWeightsFile(path, net, 'spec.json'));
    expect([error.file, error.field]).toEqual(['spec.json', 'model.init.weights']);
    expect(error.detail.startsWith(`${path}: `)).toBe(true);
    expect(error.detail).toMatch(detail);
  });

  it('the CLI stops on /dev/zero as data or weights with exit 2, one line and no output files', () => {
    const dir = tempDir();
    const data = { dataset: 'digits', classes: [0, 1], examples: 8 };
    const specs = {
      'data.json': { kind: 'mlp', layers: [4], data: { dataset: 'csv', path: '/dev/zero', targets: ['y'] } },
      'weights.json': { kind: 'mlp', layers: [4], init: { weights: '/dev/zero' }, data },
    };
    for (const [file, model] of Object.entries(specs)) {
      writeFileSync(join(dir, file), JSON.stringify({ name: file.split('.')[0], model, eta: 0.1, steps: 2 }));
      const result = runCli(['trajectory', join(dir, file), '--out', dir], { timeout: 60_000 });
      const field = file === 'data.json' ? 'model.data.path' : 'model.init.weights';
      expect(result.stderr).toBe(
        `uvchaos: error: ${join(dir, file)}: ${field}: /dev/zero: expected a regular file, found a device, FIFO or socket\n`,
      );
      expect(result.code).toBe(2);
    }
    expect(filesIn(dir)).toEqual(['data.json', 'weights.json']);
  });
});
