import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/io/file-error.js';

describe('FileError', () => {
  const cases: [string, string, boolean][] = [
    ['EACCES', 'permission denied', true],
    ['EPERM', 'operation not permitted', true],
    ['EROFS', 'read-only file system', true],
    ['EISDIR', 'is a folder, expected a file', true],
    ['ENOTDIR', 'a part of the path is a file, not a folder', true],
    ['ENOENT', 'no such file or folder, or the file system does not allow creating it', true],
    ['ENOSPC', 'no space left on device', false],
    ['EDQUOT', 'disk quota exceeded', false],
    ['EIO', 'input/output error', false],
    ['EWHATEVER', 'file system error', false],
  ];
  for (const [code, reason, userMistake] of cases) {
    it(`${code}: one line naming the file; ${userMistake ? 'the user’s to fix (exit 2)' : 'the machine’s (exit 1)'}`, () => {
      const error = new FileError('/out/s.bifurcation.png', 'write', Object.assign(new Error(`${code}: raw message`), { code }));
      expect(error.message).toBe(`/out/s.bifurcation.png: cannot write: ${reason} (${code})`);
      expect(error.userMistake).toBe(userMistake);
    });
  }
});
