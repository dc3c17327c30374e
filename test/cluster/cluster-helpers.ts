import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

export const uvModel = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

export function writeSpec(dir: string, spec: unknown, file = 'spec.json'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Runs the CLI without blocking, so several shards run at once. */
export function runCliAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs every shard K/N of a spec into `out`, a few at a time; each must succeed. */
export async function runShards(command: 'sweep' | 'phase', spec: string, out: string, count: number, extra: string[] = []): Promise<void> {
  const queue = Array.from({ length: count }, (_, k) => k);
  const lane = async () => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      const r = await runCliAsync([command, spec, '--out', out, '--quiet', '--workers', '1', '--shard', `${k}/${count}`, ...extra]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  };
  await Promise.all([lane(), lane(), lane()]);
}

/**
 * The outputs of a run, as bytes. attractors.json is whole except its summary's timing (seconds
 * and workers describe the run, not the result): everything before "summary" and the regime counts.
 */
export function outputsOf(dir: string, name: string, command: 'sweep' | 'phase'): Record<string, Buffer | string> {
  if (command === 'phase') return { csv: readFileSync(join(dir, `${name}.phase.csv`)), png: readFileSync(join(dir, `${name}.phase.png`)) };
  const json = readFileSync(join(dir, `${name}.attractors.json`), 'utf8');
  const cut = json.indexOf('"summary": ');
  const summary = JSON.parse(json.slice(cut + 11, json.lastIndexOf('}'))) as { points: number; regimes: unknown };
  return {
    csv: readFileSync(join(dir, `${name}.attractors.csv`)),
    windows: readFileSync(join(dir, `${name}.windows.csv`)),
    png: readFileSync(join(dir, `${name}.bifurcation.png`)),
    json: json.slice(0, cut) + JSON.stringify([summary.points, summary.regimes]),
  };
}

export function expectSameOutputs(a: Record<string, Buffer | string>, b: Record<string, Buffer | string>): void {
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const key of Object.keys(a)) {
    const [x, y] = [a[key], b[key]];
    const same = typeof x === 'string' ? x === y : Buffer.isBuffer(y) && x.equals(y);
    expect(same, `${key} differs`).toBe(true);
  }
}
