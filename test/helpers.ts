import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { uvModelSchema, type UvModelSpec } from '../src/models/uv/spec-schema.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** A UV model spec with the schema's defaults applied. */
export function uvModel(fields: Record<string, unknown>): UvModelSpec {
  return uvModelSchema.parse({ kind: 'uv', ...fields });
}

/** A fresh directory under the run's temporary root (see global-temp.ts), removed after the run. */
export function tempDir(prefix = 'uvchaos-test-'): string {
  return mkdtempSync(join(process.env.UVCHAOS_TEST_TMP ?? tmpdir(), prefix));
}

/** Runs the built CLI (npm test builds first) and captures everything; `env` adds variables. */
export function runCli(args: string[], options: { cwd?: string; timeout?: number; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, ...options.env },
    // a CLI stuck in synchronous code never runs its SIGTERM handler: kill it for sure
    killSignal: 'SIGKILL',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function relativeError(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
