import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeJsonRecord, isProblem, RECORD, RecordReader } from '../../src/cluster/record-file.js';
import { shardBlock } from '../../src/cluster/shard.js';
import { planChunks } from '../../src/sweep/chunk-plan.js';
import { filesIn, runCli, tempDir } from '../helpers.js';
import { expectSameOutputs, outputsOf, runCliAsync, runShards, uvModel, writeSpec, logisticSweep as logistic } from './cluster-helpers.js';

const uvSweep = { name: 's', model: uvModel, sweep: { from: 0.9, to: 1.95, points: 151 }, transient: 3000, record: 256 };
const phase = {
  name: 'p',
  model: uvModel,
  grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 12 }, y: { parameter: 'target', from: 1, to: 20, points: 9 } },
  transient: 2000,
  record: 128,
  period: { max: 16 },
};

/** A single-machine run, then shard runs for each N and their merges: the same outputs every time. */
async function checkMerges(command: 'sweep' | 'phase', spec: { name: string }, counts: number[]) {
  const dir = tempDir();
  const file = writeSpec(dir, spec);
  const single = runCli([command, file, '--out', join(dir, 'single'), '--quiet']);
  expect(single.code).toBe(0);
  const reference = outputsOf(join(dir, 'single'), spec.name, command);
  for (const n of counts) {
    const parts = join(dir, `parts-${n}`);
    await runShards(command, file, parts, n);
    expect(readdirSync(parts).filter((f) => f.endsWith('.uvpart'))).toHaveLength(n);
    const merged = runCli(['merge', parts, '--out', join(dir, `merged-${n}`), '--quiet']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(new RegExp(`merged ${n} parts?; they computed for`));
    expectSameOutputs(reference, outputsOf(join(dir, `merged-${n}`), spec.name, command));
  }
  return { dir, file };
}

describe('shards and merge', () => {
  it('cut the grid into N blocks that tile it, sizes differing by at most one, empty ones past the points', () => {
    for (const [points, n] of [
      [10, 3],
      [10, 13],
      [151, 1],
      [1e7, 999_983],
    ]) {
      let at = 0;
      let [smallest, largest] = [Infinity, 0];
      for (let k = 0; k < n; k++) {
        const [from, to] = shardBlock(points, { index: k, count: n });
        if (from !== at) expect.fail(`shard ${k} of ${n} starts at ${from}, the previous ended at ${at}`);
        [smallest, largest] = [Math.min(smallest, to - from), Math.max(largest, to - from)];
        at = to;
      }
      expect(at).toBe(points);
      expect(largest - smallest).toBeLessThanOrEqual(1);
      expect(smallest).toBe(Math.floor(points / n));
    }
  });

  it('UV sweep: merged parts are byte for byte the single-machine outputs, for N = 1 and 3', async () => {
    await checkMerges('sweep', uvSweep, [1, 3]);
  });

  it('logistic map: the same for N = 2 and N = 13, more shards than points and than chunks', async () => {
    // an unsharded run cuts these 10 points into a few chunks; 13 shards leave three empty
    expect(planChunks(10, 1, undefined, 4).length).toBeLessThan(13);
    await checkMerges('sweep', logistic, [2, 13]);
  });

  it('mlp sweep: parts carry the samples, binned once the merge has them all (the y range needs the whole grid)', async () => {
    const mlp = {
      name: 'm',
      model: { kind: 'mlp', layers: [8], data: { dataset: 'digits', classes: [0, 1], examples: 24 } },
      sweep: { from: 0.2, to: 3, points: 12 },
      transient: 150,
      record: 64,
      period: { max: 16 },
    };
    await checkMerges('sweep', mlp, [3]);
  });

  it('phase diagram: merged parts give the same phase.csv and phase.png, N = 4', async () => {
    await checkMerges('phase', phase, [4]);
  });

  it('takes the shard from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX with auto/N', async () => {
    const dir = tempDir();
    const file = writeSpec(dir, logistic);
    const slurm = await runCliAsync(['sweep', file, '--out', dir, '--quiet', '--shard', 'auto/2'], {
      SLURM_ARRAY_TASK_ID: '1',
      JOB_COMPLETION_INDEX: undefined,
    });
    expect(slurm.code).toBe(0);
    const k8s = await runCliAsync(['sweep', file, '--out', dir, '--quiet', '--shard', 'auto/2'], {
      SLURM_ARRAY_TASK_ID: undefined,
      JOB_COMPLETION_INDEX: '0',
    });
    expect(k8s.code).toBe(0);
    expect(filesIn(dir)).toEqual(['l.part-0-of-2.uvpart', 'l.part-1-of-2.uvpart', 'spec.json']);
  });

  const badShards: [string, Record<string, string | undefined>, RegExp][] = [
    ['3/3', {}, /--shard 3\/3: expected K from 0 to 2 \(shards count from 0\), got 3/],
    ['0/0', {}, /--shard 0\/0: expected N from 1 to 1000000, got 0/],
    ['1-of-3', {}, /--shard expects K\/N \(shard K of N, K from 0\) or auto\/N, got "1-of-3"/],
    [
      'auto/4',
      { SLURM_ARRAY_TASK_ID: undefined, JOB_COMPLETION_INDEX: undefined },
      /--shard auto\/4: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set/,
    ],
    ['auto/4', { SLURM_ARRAY_TASK_ID: '4' }, /--shard auto\/4: SLURM_ARRAY_TASK_ID = 4, expected a shard index from 0 to 3/],
  ];
  for (const [value, env, message] of badShards) {
    it(`refuses --shard ${value}${env.SLURM_ARRAY_TASK_ID ? ` with SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID}` : ''}: one line, exit 2, no files`, async () => {
      const dir = tempDir();
      const file = writeSpec(dir, logistic);
      const out = join(dir, 'out');
      const r = await runCliAsync(['sweep', file, '--out', out, '--shard', value], env);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }

  it('refuses a shard into a folder holding parts of another spec of the same name, leaving them alone', async () => {
    const dir = tempDir();
    const a = writeSpec(join(dir, 'a'), logistic);
    const b = writeSpec(join(dir, 'b'), { ...logistic, transient: 501 });
    const out = join(dir, 'out');
    expect((await runCliAsync(['sweep', a, '--out', out, '--quiet', '--shard', '0/2'])).code).toBe(0);
    const before = readFileSync(join(out, 'l.part-0-of-2.uvpart'));
    const r = await runCliAsync(['sweep', b, '--out', out, '--quiet', '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /l\.part-0-of-2\.uvpart is a part of another spec named "l" \(spec [0-9a-f]{12}, this one [0-9a-f]{12}\); give each spec its own --out folder/,
    );
    expect(filesIn(out)).toEqual(['l.part-0-of-2.uvpart']);
    expect(readFileSync(join(out, 'l.part-0-of-2.uvpart')).equals(before)).toBe(true);
    // another split of the same spec is refused too
    const split = await runCliAsync(['sweep', a, '--out', out, '--quiet', '--shard', '1/3']);
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/l\.part-0-of-2\.uvpart is a part of a 2-way split of this spec, this run is one of 3/);
  });

  describe('merge refuses, listing every problem in one line and writing nothing', () => {
    async function partsOf(spec: unknown, n: number) {
      const dir = tempDir();
      const file = writeSpec(dir, spec);
      await runShards('sweep', file, join(dir, 'parts'), n);
      return join(dir, 'parts');
    }

    function refuses(args: string[], ...messages: RegExp[]) {
      const out = join(tempDir(), 'merged');
      const r = runCli(['merge', ...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^uvchaos: error: merge: refusing to merge \d+ part files?, nothing written: /);
      for (const m of messages) expect(r.stderr).toMatch(m);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    }

    it('a missing shard, a duplicate shard, a truncated and a corrupted part', async () => {
      const parts = await partsOf(logistic, 4);
      const p = (k: number) => join(parts, `l.part-${k}-of-4.uvpart`);
      const spare = join(tempDir(), 'copy');
      mkdirSync(spare);
      copyFileSync(p(1), join(spare, 'l.part-1-of-4.uvpart'));
      refuses(
        [p(0), p(1), join(spare, 'l.part-1-of-4.uvpart'), p(3)],
        /shard 1 of 4 given 2 times \(l\.part-1-of-4\.uvpart, l\.part-1-of-4\.uvpart\)/,
        /shard 2 of 4 missing/,
      );

      const bad = join(tempDir(), 'bad');
      mkdirSync(bad);
      for (let k = 0; k < 4; k++) copyFileSync(p(k), join(bad, `l.part-${k}-of-4.uvpart`));
      const size = readFileSync(p(2)).length;
      truncateSync(join(bad, 'l.part-2-of-4.uvpart'), size - 30);
      const flipped = readFileSync(p(3));
      flipped[Math.floor(flipped.length / 2)] ^= 0x10;
      writeFileSync(join(bad, 'l.part-3-of-4.uvpart'), flipped);
      refuses(
        [bad],
        /l\.part-2-of-4\.uvpart: truncated/,
        /l\.part-3-of-4\.uvpart: corrupted \((checksum of the record at byte \d+ does not match|.*)\)/,
        /shards 2, 3 of 4 missing/,
      );
    });

    it('parts of two specs, and parts from two uvchaos versions', async () => {
      const a = await partsOf(logistic, 2);
      const b = await partsOf({ ...logistic, record: 170 }, 2);
      refuses(
        [join(a, 'l.part-0-of-2.uvpart'), join(b, 'l.part-1-of-2.uvpart')],
        /parts of different specs: sweep "l" spec [0-9a-f]{12} \(l\.part-0-of-2\.uvpart\) vs sweep "l" spec [0-9a-f]{12} \(l\.part-1-of-2\.uvpart\)/,
      );
      // a part as another version would have written it: header rewritten, its checksums redone
      const other = join(tempDir(), 'l.part-1-of-2.uvpart');
      writeFileSync(other, withVersion(join(a, 'l.part-1-of-2.uvpart'), '0.0.1'));
      refuses(
        [join(a, 'l.part-0-of-2.uvpart'), other],
        /parts from different uvchaos versions: 0\.1\.0 \(l\.part-0-of-2\.uvpart\) vs 0\.0\.1 \(l\.part-1-of-2\.uvpart\)|parts from different uvchaos versions: .* vs 0\.0\.1/,
      );
    });

    it('a folder with no parts, and a file that is no part', () => {
      const dir = tempDir();
      const r = runCli(['merge', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`uvchaos: error: merge: ${dir}: no part files (<name>.part-K-of-N.uvpart) in this folder`);
      const junk = join(dir, 'x.part-0-of-1.uvpart');
      writeFileSync(junk, '{"not": "a part"}\n'.repeat(4));
      refuses([junk], /x\.part-0-of-1\.uvpart: not a uvchaos part file, or corrupted \(no record starts at byte 0\)/);
    });
  });
});

/** The bytes of a part file with its header's version replaced, every checksum recomputed. */
function withVersion(path: string, version: string): Buffer {
  const reader = RecordReader.open(path);
  const records: Buffer[] = [];
  try {
    for (let offset = 0; ;) {
      const r = reader.read(offset);
      if (r === null || isProblem(r)) break;
      if (r.type === RECORD.header) records.push(encodeJsonRecord(RECORD.header, { ...JSON.parse(r.payload.toString()), version }));
      else if (r.type === RECORD.end) {
        const sha256 = createHash('sha256').update(Buffer.concat(records)).digest('hex');
        records.push(encodeJsonRecord(RECORD.end, { ...JSON.parse(r.payload.toString()), sha256 }));
      } else records.push(reader.bytes(offset, r.length));
      offset += r.length;
    }
  } finally {
    reader.close();
  }
  return Buffer.concat(records);
}
