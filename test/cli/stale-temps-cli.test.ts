import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

/** A pid that no process has any more: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.status).toBe(0);
  return child.pid!;
}

function setup(): { out: string; spec: string } {
  const dir = tempDir();
  const out = join(dir, 'out');
  mkdirSync(out);
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({ name: 'o', model: { kind: 'logistic' }, steps: 50 }));
  return { out, spec };
}

describe('temporary files of killed runs', () => {
  it('are removed by the next run of the same name once their process is gone; live ones and other names stay', () => {
    const { out, spec } = setup();
    const dead = deadPid();
    const stale = [`.o.trajectory.csv.tmp-${dead}-abc123`, `.o.trajectory.png.tmp-${dead}-zz9`];
    const kept = [`.o.trajectory.csv.tmp-${process.pid}-live1`, `.other.trajectory.csv.tmp-${dead}-x1`];
    for (const name of [...stale, ...kept]) writeFileSync(join(out, name), 'partial output');
    const result = runCli(['trajectory', spec, '--out', out]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...kept, 'o.trajectory.csv', 'o.trajectory.png'].sort());
  });
});
