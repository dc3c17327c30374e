import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile } from '../../src/spec/json-source.js';
import { runCli, tempDir } from '../helpers.js';

function specFile(text: string | Buffer): string {
  const file = join(tempDir(), 'spec.json');
  writeFileSync(file, text);
  return file;
}

describe('reading a spec file', () => {
  it('accepts a UTF-8 byte-order mark, as Windows editors write it', () => {
    const file = specFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name": "bom", "steps": 5}')]));
    expect(readJsonFile(file)).toEqual({ name: 'bom', steps: 5 });
  });

  it('refuses a duplicate key, naming the key, its field path and both lines', () => {
    const file = specFile('{\n  "name": "a",\n  "steps": 5,\n  "model": { "kind": "logistic" },\n  "steps": 50\n}\n');
    expect(() => readJsonFile(file)).toThrow(`${file}: steps: duplicate key "steps" at lines 3 and 5; each key may appear once`);
  });

  it('refuses a file over 10 MB before reading it', () => {
    const file = specFile('');
    truncateSync(file, 10 * 1024 * 1024 + 1); // sparse: no disk space used
    expect(() => readJsonFile(file)).toThrow(/expected a spec file of at most 10 MB/);
  });

  it('refuses a device or a FIFO at once, without reading or blocking', () => {
    expect(() => readJsonFile('/dev/zero')).toThrow('/dev/zero: expected a regular file, found a device, FIFO or socket');
    const fifo = join(tempDir(), 'spec.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readJsonFile(fifo)).toThrow(/expected a regular file, found a device, FIFO or socket/);
  });

  it('reads a regular file whose size the kernel reports as 0, up to the cap', () => {
    // /proc files are regular, stat as 0 bytes and still have content: not valid JSON, but read
    expect(() => readJsonFile('/proc/self/status')).toThrow(/invalid JSON at line 1, column 1/);
  });

  it('the CLI stops on /dev/zero with exit 2 and one line, in well under the timeout', () => {
    const result = runCli(['trajectory', '/dev/zero', '--out', tempDir()], { timeout: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('uvchaos: error: /dev/zero: expected a regular file, found a device, FIFO or socket\n');
  });

  it('uvchaos sweep refuses /dev/zero, a FIFO, a directory and a huge file: one line each, exit 2, no output', () => {
    const dir = tempDir();
    const fifo = join(dir, 'spec.fifo');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 1024 * 1024 * 1024); // sparse: no disk space used
    const out = join(dir, 'out');
    const cases: [string, string][] = [
      ['/dev/zero', 'expected a regular file, found a device, FIFO or socket'],
      [fifo, 'expected a regular file, found a device, FIFO or socket'],
      [folder, 'is a directory, expected a spec file'],
      [huge, 'expected a spec file of at most 10 MB'],
    ];
    for (const [file, detail] of cases) {
      const result = runCli(['sweep', file, '--out', out], { timeout: 60_000 });
      expect(result.stderr).toBe(`uvchaos: error: ${file}: ${detail}\n`);
      expect(result.code).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
  });
});
