import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRefused, readBoundedFile } from '../../src/io/bounded-read.js';
import { tempDir } from '../helpers.js';

describe('readBoundedFile', () => {
  it('returns the bytes of a regular file up to the cap, the cap included', () => {
    const file = join(tempDir(), 'exact');
    writeFileSync(file, 'x'.repeat(100));
    expect(readBoundedFile(file, 100, 'a test file').toString()).toBe('x'.repeat(100));
    expect(() => readBoundedFile(file, 99, 'a test file')).toThrow(FileRefused);
  });

  it('bounds the read itself, not only the size fstat reports', () => {
    // /proc files stat as 0 bytes, like a file that grows after fstat: the read must stop at the cap
    expect(statSync('/proc/self/status').size).toBe(0);
    expect(readBoundedFile('/proc/self/status', 1 << 20, 'a test file').length).toBeGreaterThan(100);
    expect(() => readBoundedFile('/proc/self/status', 100, 'a test file')).toThrow(/^expected a test file of at most /);
  });

  it('says why in one phrase: missing, a directory, a device', () => {
    expect(() => readBoundedFile(join(tempDir(), 'absent'), 10, 'a test file')).toThrow(new FileRefused('no such file'));
    expect(() => readBoundedFile(tempDir(), 10, 'a test file')).toThrow(new FileRefused('is a directory, expected a test file'));
    expect(() => readBoundedFile('/dev/zero', 10, 'a test file')).toThrow(
      new FileRefused('expected a regular file, found a device, FIFO or socket'),
    );
  });
});
