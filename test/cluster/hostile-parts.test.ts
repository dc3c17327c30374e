import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterJob, runHeader } from '../../src/cluster/cluster-job.js';
import { Journal, readJournal } from '../../src/cluster/journal.js';
import { sweepRaster } from '../../src/api/sweep.js';
import { modelKindOf } from '../../src/models/registry.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { UsageError } from '../../src/util/user-errors.js';
import { OutputSet } from '../../src/io/output-set.js';
import { filesIn, runCli, tempDir } from '../helpers.js';
import {
  expectSameOutputs,
  forgeHeader,
  forgeHeaderJson,
  outputsOf,
  runShards,
  writeSpec,
  logisticSweep as logistic,
} from './cluster-helpers.js';

/** Every file under `dir`, as paths relative to it. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

let parts: string;
const part = (k: number) => readFileSync(join(parts, `l.part-${k}-of-3.uvpart`));

beforeAll(async () => {
  const dir = tempDir();
  parts = join(dir, 'parts');
  await runShards('sweep', writeSpec(dir, logistic), parts, 3);
});

/** Copies of the three parts into a fresh folder, each passed through `forge` (index → bytes). */
function forgedParts(forge: (bytes: Buffer, k: number) => Buffer): { root: string; folder: string } {
  const root = tempDir();
  const folder = join(root, 'a', 'b', 'parts');
  mkdirSync(folder, { recursive: true });
  for (let k = 0; k < 3; k++) writeFileSync(join(folder, `l.part-${k}-of-3.uvpart`), forge(part(k), k));
  return { root, folder };
}

/** merge refuses: exit 2, one line, no stack, and no file written anywhere under `root` but the parts. */
function refusesMerge(root: string, folder: string, out: string, message: RegExp) {
  const before = tree(root);
  const r = runCli(['merge', folder, '--out', out]);
  expect(r.stderr).not.toMatch(/internal error|    at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(tree(root).filter((f) => !before.includes(f))).toEqual([]);
}

describe('merge of forged part files', () => {
  for (const name of ['../../escaped', '../escaped', '/tmp/escaped', 'a/b', '..', '.hidden', 'x\u0000y', 'x\ny', 'é', '']) {
    it(`refuses a header name ${JSON.stringify(name)} (checksums recomputed) and writes nothing outside --out`, () => {
      const { root, folder } = forgedParts((bytes) => forgeHeaderJson(bytes, (h) => ({ ...h, name })));
      refusesMerge(root, folder, join(root, 'a', 'b', 'out'), /corrupted \(its header's name: expected a file-name-safe name/);
      expect(existsSync('/tmp/escaped.attractors.csv')).toBe(false);
    });
  }

  it('refuses a valid header name that is not the name of the spec it carries', () => {
    const { root, folder } = forgedParts((bytes) => forgeHeaderJson(bytes, (h) => ({ ...h, name: 'other' })));
    refusesMerge(root, folder, join(root, 'out'), /l\.part-0-of-3\.uvpart: corrupted \(its header names "other", its spec "l"\)/);
  });

  const broken: [string, string, RegExp][] = [
    ['invalid JSON', '{"format": "uvchaos-part", ', /l\.part-0-of-3\.uvpart: corrupted \(its header is not JSON\)/],
    ['null', 'null', /l\.part-0-of-3\.uvpart: corrupted \(its header's \(top level\): expected an object, got null\)/],
    ['no block', 'drop-block', /l\.part-0-of-3\.uvpart: corrupted \(its header's block: missing; expected an array\)/],
    [
      "a block not its shard's",
      'block-0-10',
      /l\.part-0-of-3\.uvpart: corrupted \(its header's block \[0, 10\) is not shard 0 of 3 of 10 points, \[0, 3\)\)/,
    ],
    [
      '1e12 points',
      'points-1e12',
      /l\.part-0-of-3\.uvpart: corrupted \(its header's points: expected a number ≤ 10000000, got 1000000000000\)/,
    ],
  ];
  for (const [what, forged, message] of broken) {
    it(`refuses a part whose header (valid checksum) is ${what}: one line "corrupted", exit 2`, () => {
      const forge = (payload: string) => {
        if (forged === 'drop-block') return JSON.stringify({ ...JSON.parse(payload), block: undefined });
        if (forged === 'block-0-10') return JSON.stringify({ ...JSON.parse(payload), block: [0, 10] });
        if (forged === 'points-1e12') return JSON.stringify({ ...JSON.parse(payload), points: 1e12 });
        return forged;
      };
      const { root, folder } = forgedParts((bytes, k) => (k === 0 ? forgeHeader(bytes, forge) : bytes));
      refusesMerge(root, folder, join(root, 'out'), message);
    });
  }

  it('names a header claiming shard 5 of 3 as such', () => {
    const { root, folder } = forgedParts((bytes, k) =>
      k === 0 ? forgeHeaderJson(bytes, (h) => ({ ...h, shard: { index: 5, count: 3 } })) : bytes,
    );
    refusesMerge(
      root,
      folder,
      join(root, 'out'),
      /l\.part-0-of-3\.uvpart: corrupted \(its header's shard: claims shard 5 of 3; shards count from 0 to 2\)/,
    );
  });

  it('refuses a header claiming 10¹² shards without allocating for them', () => {
    const { root, folder } = forgedParts((bytes) => forgeHeaderJson(bytes, (h) => ({ ...h, shard: { index: 0, count: 1e12 } })));
    refusesMerge(
      root,
      folder,
      join(root, 'out'),
      /corrupted \(its header's shard\.count: expected a number ≤ 1000000, got 1000000000000\)/,
    );
  });
});

describe('a journal with a flipped byte in the middle', () => {
  it('resumes with a warning naming the journal, the records and points dropped, and why; outputs as an uninterrupted run', async () => {
    const dir = tempDir();
    const spec = { ...logistic, name: 's', sweep: { from: 2.8, to: 4, points: 400 } };
    const file = writeSpec(dir, spec);
    const whole = runCli(['sweep', file, '--out', join(dir, 'whole'), '--quiet']);
    expect(whole.code).toBe(0);
    // a journal of the whole grid in 50 chunks of 8, as a run killed just before its outputs leaves it
    const valid = await loadSpec(file, sweepSpecSchema);
    const job = clusterJob('sweep', file, valid, { sweep: valid, raster: sweepRaster(valid) });
    const out = join(dir, 'out');
    mkdirSync(out);
    const journal = Journal.open(out, 's', runHeader('uvchaos-journal', job, null, [0, 400]), false, () => {});
    await runSweep(
      modelKindOf(valid.model),
      valid,
      { pool: null, workers: 1, chunkSize: 8, raster: job.raster, onComputed: (r, l) => journal.append(r, l) },
      () => {},
    );
    journal.close();
    const path = Journal.pathFor(out, 's');
    const intact = readJournal(path);
    expect(intact.chunks).toHaveLength(50);
    const bytes = readFileSync(path);
    const victim = [...intact.chunks].sort((a, b) => a.offset - b.offset)[20];
    bytes[victim.offset + Math.floor(victim.length / 2)] ^= 0x01;
    writeFileSync(path, bytes);

    const r = runCli(['sweep', file, '--out', out, '--quiet', '--resume']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      `warning: ${path}: the record at byte ${victim.offset} is damaged (checksum of the record at byte ${victim.offset} does not match); dropping it and the 29 records after it (${bytes.length - victim.offset} bytes, 240 grid points), which are computed again`,
    );
    expect(lines[1]).toBe(`resuming: 160 of 400 points are in ${path}`);
    expectSameOutputs(outputsOf(join(dir, 'whole'), 's', 'sweep'), outputsOf(out, 's', 'sweep'));
    expect(filesIn(out).filter((f) => !f.startsWith('.'))).toEqual([
      's.attractors.csv',
      's.attractors.json',
      's.bifurcation.png',
      's.windows.csv',
    ]);
    expect(dirname(path)).toBe(out);
  });
});

describe('output paths never leave --out', () => {
  it('OutputSet refuses a name or suffix that is not a file name in its folder, before creating anything', () => {
    const root = tempDir();
    const dir = join(root, 'out');
    mkdirSync(dir);
    for (const name of ['../x', '..', '.', 'a/b', '/abs', 'a\\b', 'x\u0000y', 'x\ny', '']) {
      expect(() => OutputSet.open(dir, name, '--out out')).toThrow(UsageError);
    }
    const set = OutputSet.open(dir, 'ok', '--out out');
    expect(() => set.path('../../x')).toThrow(/--out out: the output name "ok\.\.\.\/\.\.\/x" is not a file name in this folder/);
    expect(set.path('attractors.csv')).toBe(join(dir, 'ok.attractors.csv'));
    set.abort();
    expect(tree(root)).toEqual([]);
  });
});
