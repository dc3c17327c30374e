import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { filesIn, runCli, tempDir } from '../helpers.js';

/**
 * Runs `uvchaos <command> spec.json --out DIR` on a bad spec and checks the refusal contract: exit
 * 2, one stderr line naming the spec file and `field`, matching `message`, nothing on stdout, and
 * no file written in --out or beside the spec.
 */
export function expectSpecRefused(command: string, spec: unknown, field: string, message: RegExp): void {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const out = join(dir, 'out');
  const result = runCli([command, join(dir, 'spec.json'), '--out', out]);
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const escaped = field.replace(/\./g, '\\.');
  expect(lines[0]).toMatch(new RegExp(`^uvchaos: error: .*spec\\.json: ${escaped}: `));
  expect(lines[0]).toMatch(message);
  expect(result.stdout).toBe('');
  expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
  expect(filesIn(dir).filter((f) => f !== 'out')).toEqual(['spec.json']); // nothing written beside the spec either
}
