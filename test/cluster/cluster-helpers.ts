import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { encodeJsonRecord, encodeRecord, RECORD } from '../../src/cluster/record-file.js';
import { CLI, ROOT } from '../helpers.js';

/** A small logistic sweep (10 points) the shard, merge and hostile-part tests share. */
export const logisticSweep = {
  name: 'l',
  model: { kind: 'logistic', parameters: { r: 3.5 } },
  sweep: { from: 2.8, to: 4, points: 10 },
  transient: 500,
  record: 160,
  period: { max: 16 },
};
export const uvModel = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

export function writeSpec(dir: string, spec: unknown, file = 'spec.json'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Runs the CLI without blocking, so several shards run at once. */
export function runCliAsync(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
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

/**
 * The bytes of a record file (part or journal) with its header's JSON payload replaced by
 * `forge(payload)`, every checksum recomputed (they detect corruption, not forgery): the record
 * checksums, and a part's end-record SHA-256 over the records before it.
 */
export function forgeHeader(bytes: Buffer, forge: (payload: string) => string): Buffer {
  const records: Buffer[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const type = bytes[offset + 4];
    const length = bytes.readUInt32LE(offset + 8);
    const payload = bytes.subarray(offset + 12, offset + 12 + length);
    if (type === RECORD.header) records.push(encodeRecord(RECORD.header, Buffer.from(forge(payload.toString('utf8')), 'utf8')));
    else if (type === RECORD.end) {
      const sha256 = createHash('sha256').update(Buffer.concat(records)).digest('hex');
      records.push(encodeJsonRecord(RECORD.end, { ...JSON.parse(payload.toString('utf8')), sha256 }));
    } else records.push(bytes.subarray(offset, offset + 12 + length + 8));
    offset += 12 + length + 8;
  }
  return Buffer.concat(records);
}

/** forgeHeader for a header that stays JSON: `change` edits the parsed object. */
export function forgeHeaderJson(bytes: Buffer, change: (header: Record<string, unknown>) => unknown): Buffer {
  return forgeHeader(bytes, (payload) => JSON.stringify(change(JSON.parse(payload) as Record<string, unknown>)));
}
