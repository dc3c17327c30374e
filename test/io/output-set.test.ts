import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileError } from '../../src/io/file-error.js';
import { OutputSet } from '../../src/io/output-set.js';
import { tempDir } from '../helpers.js';

// renameSync fails for one chosen target, as a disk error or a race would make it
const failing = vi.hoisted(() => ({ target: '' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      if (to === failing.target) throw Object.assign(new Error(`EIO: i/o error, rename '${from}' -> '${to}'`), { code: 'EIO' });
      return fs.renameSync(from, to);
    },
  };
});

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

function previousRun(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.x'), 'old x');
  writeFileSync(join(dir, 'a.y'), 'old y');
  writeFileSync(join(dir, 'other'), 'not ours');
  return dir;
}

function newRun(dir: string): OutputSet {
  const set = OutputSet.open(dir, 'a');
  set.file('x').write('new x');
  set.write('y', 'new y');
  set.write('z', 'new z');
  return set;
}

describe('OutputSet', () => {
  it('puts every file in place and leaves nothing else', () => {
    const dir = previousRun();
    failing.target = '';
    newRun(dir).commit();
    expect(contents(dir)).toEqual({ 'a.x': 'new x', 'a.y': 'new y', 'a.z': 'new z', other: 'not ours' });
  });

  for (const [label, suffix] of [
    ['the last', 'z'],
    ['a middle', 'y'],
  ] as const) {
    it(`rolls back the renames already done when ${label} rename fails`, () => {
      const dir = previousRun();
      failing.target = join(dir, `a.${suffix}`);
      const set = newRun(dir);
      let error: unknown;
      try {
        set.commit();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(FileError);
      expect((error as FileError).message).toBe(`${join(dir, `a.${suffix}`)}: cannot write: input/output error (EIO)`);
      expect((error as FileError).userMistake).toBe(false);
      // the previous files back in place, a.z (which had no previous file) absent, no temporaries
      expect(contents(dir)).toEqual({ 'a.x': 'old x', 'a.y': 'old y', other: 'not ours' });
    });
  }
});
