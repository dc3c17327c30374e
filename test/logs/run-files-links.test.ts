import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRunFiles } from '../../src/logs/run-files.js';
import { tempDir } from '../helpers.js';

/** A runs folder with links that loop, lead out of it, and alias a subfolder; a run outside it. */
function linkedFolder(): { root: string; runs: string } {
  const root = tempDir();
  const runs = join(root, 'project', 'runs');
  mkdirSync(join(runs, 'a'), { recursive: true });
  mkdirSync(join(root, 'elsewhere'));
  writeFileSync(join(root, 'elsewhere', 'lr=9.csv'), 'step\n');
  writeFileSync(join(runs, 'a', 'lr=1.csv'), 'step\n');
  writeFileSync(join(runs, 'lr=2.csv'), 'step\n');
  symlinkSync('.', join(runs, 'loop')); // loop -> .
  symlinkSync('../..', join(runs, 'up')); // up -> ../.. (the temp root, outside the folder)
  symlinkSync('a', join(runs, '0-alias')); // sorts before "a": the real path must still win
  symlinkSync(join(root, 'elsewhere', 'lr=9.csv'), join(runs, 'lr=9.csv')); // a file link out of the folder
  symlinkSync('lr=2.csv', join(runs, 'same.csv')); // the same file twice
  symlinkSync('missing', join(runs, 'dangling.csv'));
  return { root, runs };
}

describe('finding run files through symbolic links', () => {
  it('reads each file once, by its real path, and never leaves the folder', () => {
    const { runs } = linkedFolder();
    const found = findRunFiles([runs]);
    expect(found.layout).toBe('per-run');
    expect(found.files.map((f) => f.label)).toEqual(['a/lr=1.csv', 'lr=2.csv']);
    expect(found.files.map((f) => f.path)).toEqual([join(runs, 'a', 'lr=1.csv'), join(runs, 'lr=2.csv')]);
  });

  it('labels runs by their path inside the folder', () => {
    const { runs } = linkedFolder();
    mkdirSync(join(runs, 'b', 'seed1'), { recursive: true });
    writeFileSync(join(runs, 'b', 'seed1', 'metrics.csv'), 'step\n');
    expect(findRunFiles([runs]).files.map((f) => f.label)).toEqual(['a/lr=1.csv', 'b/seed1/metrics.csv', 'lr=2.csv']);
  });

  it('a glob matches each real file once', () => {
    const { runs } = linkedFolder();
    const found = findRunFiles([join(runs, '*.csv')]);
    expect(found.files.map((f) => f.path)).toEqual([join(runs, 'lr=2.csv'), join(runs, 'lr=9.csv')]);
  });
});
