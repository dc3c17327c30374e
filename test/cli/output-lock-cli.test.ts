import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, tempDir } from '../helpers.js';

const trajectory = { name: 'o', model: { kind: 'logistic' }, steps: 50 };

function setup(spec: unknown = trajectory): { dir: string; out: string; spec: string } {
  const dir = tempDir();
  const out = join(dir, 'out');
  mkdirSync(out);
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return { dir, out, spec: file };
}

/** A pid that no process has any more: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.status).toBe(0);
  return child.pid!;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('one run per name and folder', () => {
  it('refuses to start while a live process holds the lock on the name, and leaves its lock alone', () => {
    const { out, spec } = setup();
    const lock = join(out, '.o.lock');
    writeFileSync(lock, `${process.pid} ${hostname()}\n`); // this test process: alive
    const result = runCli(['trajectory', spec, '--out', out]);
    expect(result.stderr).toBe(
      `uvchaos: error: --out ${out}: another uvchaos run (pid ${process.pid}) is writing the outputs "o" in this folder; ` +
        `run again when it has finished (or delete ${lock} if no such run exists)\n`,
    );
    expect(result.code).toBe(2);
    expect(readdirSync(out)).toEqual(['.o.lock']);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
  });

  it('refuses a lock taken on another host, whose process it cannot check', () => {
    const { out, spec } = setup();
    writeFileSync(join(out, '.o.lock'), `${deadPid()} some-other-host\n`);
    const result = runCli(['trajectory', spec, '--out', out]);
    expect(result.stderr).toMatch(/another uvchaos run \(pid \d+ on some-other-host\) is writing the outputs "o"/);
    expect(result.code).toBe(2);
  });

  it('takes over a lock whose process is gone, and removes its own lock when done', () => {
    const { out, spec } = setup();
    writeFileSync(join(out, '.o.lock'), `${deadPid()} ${hostname()}\n`);
    const result = runCli(['trajectory', spec, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['o.trajectory.csv', 'o.trajectory.png']);
  });

  it('a second run of the same name into the same folder refuses while the first runs; another name runs', async () => {
    const long = {
      name: 's',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 4, points: 2_000_000 },
      transient: 20_000,
      record: 64,
      period: { max: 16 },
    };
    const { dir, out, spec } = setup(long);
    const first = spawn(process.execPath, [CLI, 'sweep', spec, '--out', out, '--quiet', '--workers', '1']);
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => existsSync(join(out, '.s.lock')), 'the first run to take its lock');
      const second = runCli(['sweep', spec, '--out', out, '--quiet']);
      expect(second.stderr).toMatch(new RegExp(`another uvchaos run \\(pid ${first.pid}\\) is writing the outputs "s" in this folder`));
      expect(second.code).toBe(2);

      const otherSpec = join(dir, 'other.json');
      writeFileSync(otherSpec, JSON.stringify({ ...trajectory, name: 's2' }));
      expect(runCli(['trajectory', otherSpec, '--out', out]).code).toBe(0);
    } finally {
      first.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    // lock and temps gone; the interrupted sweep's journal stays for --resume
    expect(readdirSync(out).sort()).toEqual(['s.journal', 's2.trajectory.csv', 's2.trajectory.png']);
  });

  it('lets exactly one of several runs take over the same stale lock at once', async () => {
    const { out } = setup();
    writeFileSync(join(out, '.o.lock'), `${deadPid()} ${hostname()}\n`);
    const go = join(out, '..', 'go');
    const stop = join(out, '..', 'stop');
    // each contender waits for "go", tries the lock, says won/busy, and holds it until "stop"
    const contender = `
      const { existsSync } = require('node:fs');
      const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      import(${JSON.stringify(join(ROOT, 'dist', 'io', 'output-lock.js'))}).then(({ OutputLock }) => {
        process.stdout.write('ready\\n');
        while (!existsSync(${JSON.stringify(go)})) pause();
        let lock = null;
        try { lock = OutputLock.acquire(${JSON.stringify(out)}, 'o', 'out'); process.stdout.write('won\\n'); }
        catch (err) { process.stdout.write(err.name === 'OutputBusyError' ? 'busy\\n' : 'error ' + err.message + '\\n'); }
        while (!existsSync(${JSON.stringify(stop)})) pause();
        lock?.release();
      });`;
    const children = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['-e', contender]);
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      return { output: () => stdout, exited };
    });
    try {
      await waitFor(() => children.every((c) => c.output().includes('ready')), 'the contenders to start');
      writeFileSync(go, '');
      await waitFor(() => children.every((c) => /won|busy|error/.test(c.output())), 'every contender to try');
    } finally {
      writeFileSync(stop, '');
      await Promise.all(children.map((c) => c.exited));
    }
    const outcomes = children.map((c) => c.output().replace('ready\n', '').trim()).sort();
    expect(outcomes).toEqual(['busy', 'busy', 'busy', 'won']);
    expect(readdirSync(out)).toEqual([]);
  });
});
