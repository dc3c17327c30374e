import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir } from '../helpers.js';

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const small = { width: 400, height: 300 };

/** Each command with a small spec, a second spec whose outputs differ, its outputs and the one made a folder. */
const COMMANDS = [
  {
    command: 'trajectory',
    spec: { name: 'o', model: { kind: 'logistic' }, steps: 50 },
    changed: { name: 'o', model: { kind: 'logistic' }, steps: 60 },
    outputs: ['o.trajectory.csv', 'o.trajectory.png'],
    blocked: 'o.trajectory.png',
  },
  {
    command: 'sweep',
    spec: {
      name: 'o',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 4, points: 50 },
      transient: 200,
      record: 64,
      period: { max: 16 },
      image: small,
    },
    changed: {
      name: 'o',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 4, points: 60 },
      transient: 200,
      record: 64,
      period: { max: 16 },
      image: small,
    },
    outputs: ['o.attractors.csv', 'o.attractors.json', 'o.bifurcation.png', 'o.windows.csv'],
    blocked: 'o.bifurcation.png',
  },
  {
    command: 'phase',
    spec: {
      name: 'o',
      model: uv,
      grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 8 }, y: { parameter: 'target', from: 1, to: 20, points: 6 } },
      transient: 500,
      record: 64,
      period: { max: 16 },
      image: small,
    },
    changed: {
      name: 'o',
      model: uv,
      grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 9 }, y: { parameter: 'target', from: 1, to: 20, points: 6 } },
      transient: 500,
      record: 64,
      period: { max: 16 },
      image: small,
    },
    outputs: ['o.phase.csv', 'o.phase.png'],
    blocked: 'o.phase.png',
  },
  {
    command: 'cascade',
    spec: {
      name: 'o',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 },
      transient: 3000,
      record: 256,
      cascade: { levels: 3 },
    },
    changed: {
      name: 'o',
      model: { kind: 'logistic' },
      sweep: { parameter: 'r', from: 2.8, to: 3.6, points: 200 },
      transient: 3000,
      record: 256,
      cascade: { levels: 2 },
    },
    outputs: ['o.cascade.csv'],
    blocked: 'o.cascade.csv',
  },
];

function run(command: string, spec: unknown, out: string, dir = tempDir(), extra: string[] = []) {
  const file = join(dir, `${command}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return runCli([command, file, '--out', out, ...(command === 'trajectory' ? [] : ['--quiet', '--workers', '1']), ...extra]);
}

/** Every entry of a folder, hidden ones included: file bytes, or 'folder'. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    entries[name] = statSync(path).isDirectory() ? 'folder' : readFileSync(path).toString('base64');
  }
  return entries;
}

/** Mounts a small tmpfs (the tests run as root); null where mounting is not permitted. */
function mountTmpfs(options: string): string | null {
  const dir = join(tempDir(), 'mnt');
  mkdirSync(dir);
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  return result.status === 0 ? dir : null;
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** Fills the file system at `mnt` with a filler file, then frees `free` bytes of it. */
function fillLeaving(mnt: string, free: number): void {
  const filler = join(mnt, 'filler');
  const page = Buffer.alloc(4096, 1);
  for (;;) {
    try {
      writeFileSync(filler, page, { flag: 'a' });
    } catch {
      break;
    }
  }
  writeFileSync(filler, readFileSync(filler).subarray(free));
}

const canMount = (() => {
  const dir = mountTmpfs('size=64k');
  if (dir) unmount(dir);
  return dir !== null;
})();

describe('outputs are all or nothing', () => {
  for (const c of COMMANDS) {
    it(`${c.command}: an output path that is a folder fails the run (exit 2, one line) and leaves the earlier outputs byte for byte, with no temporaries`, () => {
      const out = join(tempDir(), 'out');
      const first = run(c.command, c.spec, out);
      expect(first.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(c.outputs);
      const blocked = join(out, c.blocked);
      rmSync(blocked);
      mkdirSync(blocked);
      const before = snapshot(out);

      const second = run(c.command, c.changed, out);
      expect(second.stderr).toBe(`uvchaos: error: ${blocked}: cannot write: is a folder, expected a file (EISDIR)\n`);
      expect(second.code).toBe(2);
      expect(snapshot(out)).toEqual(before);
    });
  }

  it.skipIf(!canMount)('a full disk at the figure stage names the file, exits 1 and leaves the earlier outputs byte for byte', () => {
    const mnt = mountTmpfs('size=512k')!;
    try {
      const out = join(mnt, 'out');
      const c = COMMANDS[0];
      expect(run(c.command, c.spec, out).code).toBe(0);
      const csvBytes = statSync(join(out, 'o.trajectory.csv')).size;
      expect(statSync(join(out, 'o.trajectory.png')).size).toBeGreaterThan(64 * 1024);
      // room for the new table (and a lock file) but not for the figure
      fillLeaving(mnt, 4096 * (Math.ceil(csvBytes / 4096) + 3));
      const before = snapshot(out);

      const second = run(c.command, c.changed, out);
      expect(second.stderr).toBe(`uvchaos: error: ${join(out, 'o.trajectory.png')}: cannot write: no space left on device (ENOSPC)\n`);
      expect(second.code).toBe(1);
      expect(snapshot(out)).toEqual(before);
    } finally {
      unmount(mnt);
    }
  });
  it.skipIf(!canMount)('a full disk during the Parquet write names the file, exits 1 and leaves the earlier outputs byte for byte', () => {
    const c = COMMANDS[1]; // sweep: its Parquet bytes go out after the JSON is complete (one row group)
    const parquet = ['--format', 'parquet'];
    // the new run's JSON, measured elsewhere: the disk gets room for it and the lock, not for the Parquet file
    const scratch = join(tempDir(), 'out');
    expect(run(c.command, c.changed, scratch, undefined, parquet).code).toBe(0);
    const jsonBytes = statSync(join(scratch, 'o.attractors.json')).size;
    expect(statSync(join(scratch, 'o.attractors.parquet')).size).toBeGreaterThan(4096);
    // the run's journal holds the same chunk records as a one-shard part file, and lives until the end
    const parts = join(tempDir(), 'parts');
    expect(run(c.command, c.changed, parts, undefined, ['--shard', '0/1']).code).toBe(0);
    const journalBytes = statSync(join(parts, 'o.part-0-of-1.uvpart')).size;
    const mnt = mountTmpfs('size=512k')!;
    try {
      const out = join(mnt, 'out');
      expect(run(c.command, c.spec, out, undefined, parquet).code).toBe(0);
      fillLeaving(mnt, 4096 * (Math.ceil(jsonBytes / 4096) + Math.ceil(journalBytes / 4096) + 1));
      const before = snapshot(out);

      const second = run(c.command, c.changed, out, undefined, parquet);
      expect(second.stderr).toBe(`uvchaos: error: ${join(out, 'o.attractors.parquet')}: cannot write: no space left on device (ENOSPC)\n`);
      expect(second.code).toBe(1);
      // the computed chunks stay in the run's journal, for --resume once there is room
      const { 'o.journal': journal, ...after } = snapshot(out);
      expect(journal).toBeDefined();
      expect(after).toEqual(before);
    } finally {
      unmount(mnt);
    }
  });
});

describe('unusable --out folders are one-line errors with exit 2', () => {
  it('--out under /proc: refused at once (Node 20 looped forever in mkdir, deaf to Ctrl-C)', () => {
    const spec = join(tempDir(), 'spec.json');
    writeFileSync(spec, JSON.stringify(COMMANDS[0].spec));
    for (const out of ['/proc/uvtest', '/proc/uvtest/a/b']) {
      const result = runCli(['trajectory', spec, '--out', out], { timeout: 20_000 });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `uvchaos: error: --out ${out}: ${out === '/proc/uvtest' ? '' : '/proc/uvtest: '}cannot create the folder: no such file or folder, or the file system does not allow creating it (ENOENT)\n`,
      );
    }
  });

  const cases: [string, (dir: string) => string, RegExp][] = [
    [
      '/proc/self (files cannot be created there)',
      () => '/proc/self',
      /^uvchaos: error: --out \/proc\/self: cannot create files in this folder: no such file or folder, or the file system does not allow creating it \(ENOENT\)\n$/,
    ],
    [
      '/sys/kernel (permission denied, even to root)',
      () => '/sys/kernel',
      /^uvchaos: error: --out \/sys\/kernel: cannot create files in this folder: permission denied \(EACCES\)\n$/,
    ],
    [
      'a file',
      (dir) => {
        writeFileSync(join(dir, 'file'), '');
        return join(dir, 'file');
      },
      /^uvchaos: error: --out .*\/file: expected a folder, found a file\n$/,
    ],
    [
      'a path through a file',
      (dir) => {
        writeFileSync(join(dir, 'file'), '');
        return join(dir, 'file', 'sub');
      },
      /^uvchaos: error: --out .*\/file\/sub: cannot use it as a folder: a part of the path is a file, not a folder \(ENOTDIR\)\n$/,
    ],
  ];
  for (const [label, outOf, message] of cases) {
    it(`--out ${label}`, () => {
      const dir = tempDir();
      const out = outOf(dir);
      const result = run('trajectory', COMMANDS[0].spec, out, dir);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(existsSync(join(dir, 'o.trajectory.csv'))).toBe(false);
    });
  }

  // root writes anywhere: a folder without write permission needs an unprivileged user (nobody)
  const canDropPrivileges =
    process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
  it.skipIf(!canDropPrivileges)('--out a folder without write permission', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uvchaos-perm-')); // reachable by nobody, unlike the test root
    try {
      chmodSync(dir, 0o755);
      const spec = join(dir, 'spec.json');
      writeFileSync(spec, JSON.stringify(COMMANDS[0].spec), { mode: 0o644 });
      const out = join(dir, 'out');
      mkdirSync(out, { mode: 0o555 });
      const result = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'trajectory', spec, '--out', out],
        { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' },
      );
      expect(result.stderr).toBe(`uvchaos: error: --out ${out}: cannot create files in this folder: permission denied (EACCES)\n`);
      expect(result.status).toBe(2);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!canMount)('--out on a read-only file system', () => {
    const mnt = mountTmpfs('size=64k,ro')!;
    try {
      const result = run('trajectory', COMMANDS[0].spec, mnt);
      expect(result.stderr).toBe(`uvchaos: error: --out ${mnt}: cannot create files in this folder: read-only file system (EROFS)\n`);
      expect(result.code).toBe(2);
      expect(readdirSync(mnt)).toEqual([]);
    } finally {
      unmount(mnt);
    }
  });
});
