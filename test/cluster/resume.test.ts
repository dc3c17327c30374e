import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/cluster/journal.js';
import { CLI, filesIn, ROOT, runCli, tempDir } from '../helpers.js';
import { expectSameOutputs, outputsOf, uvModel, writeSpec } from './cluster-helpers.js';

// 38 chunks of 8 points on one worker: a few seconds, long enough to be killed part way
const spec = { name: 's', model: uvModel, sweep: { from: 0.9, to: 1.95, points: 301 }, transient: 3000, record: 256 };
const chunking = ['--workers', '1', '--chunk-size', '8'];

/**
 * Starts a real sweep and kills it with SIGKILL once its journal holds `chunks` completed chunks
 * (0: as soon as the journal exists). Returns the journal's contents as the killed run left them.
 */
async function killWhenJournaled(file: string, out: string, chunks: number, flags: string[] = []) {
  const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', out, '--quiet', ...chunking, ...flags], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const journal = join(out, 's.journal');
  for (;;) {
    if (existsSync(journal) && readJournal(journal).chunks.length >= chunks) break;
    if (child.exitCode !== null) throw new Error(`the sweep finished before ${chunks} chunks were journaled`);
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  await exited;
  return readJournal(journal);
}

describe('a sweep killed with SIGKILL and resumed', () => {
  it('gives the uninterrupted outputs byte for byte, computing only what the journal lacks', async () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const whole = runCli(['sweep', file, '--out', join(dir, 'whole'), '--quiet']);
    expect(whole.code).toBe(0);
    const reference = outputsOf(join(dir, 'whole'), 's', 'sweep');

    for (const chunks of [0, 3, 24]) {
      const out = join(dir, `killed-${chunks}`);
      const left = await killWhenJournaled(file, out, chunks);
      expect(left.header).not.toBeNull();
      expect(left.chunks.length).toBeGreaterThanOrEqual(chunks);
      expect(filesIn(out).filter((f) => !f.startsWith('.'))).toEqual(['s.journal']); // no outputs yet
      const journalBytes = readFileSync(join(out, 's.journal'));

      // without --resume: reported, left alone, exit 2
      const plain = runCli(['sweep', file, '--out', out, '--quiet']);
      expect(plain.code).toBe(2);
      expect(plain.stderr.trim().split('\n')).toHaveLength(1);
      expect(plain.stderr).toContain(
        `${join(out, 's.journal')}: a journal of an interrupted run is here (${left.points} of 301 points done); add --resume to continue it, or delete ${join(out, 's.journal')} to start over`,
      );
      expect(readFileSync(join(out, 's.journal')).equals(journalBytes)).toBe(true);

      // a torn record at the end, as a kill in the middle of a write leaves it, is cut off
      appendFileSync(join(out, 's.journal'), Buffer.from('UVCR\x02\x00\x00\x00\xff\x00\x00\x00partial'));
      const resumed = runCli(['sweep', file, '--out', out, '--quiet', '--resume', '--workers', '2', '--chunk-size', '5']);
      expect(resumed.code).toBe(0);
      if (left.points > 0) expect(resumed.stderr).toBe(`resuming: ${left.points} of 301 points are in ${join(out, 's.journal')}\n`);
      expectSameOutputs(reference, outputsOf(out, 's', 'sweep'));
      expect(existsSync(join(out, 's.journal'))).toBe(false);
    }
  });

  it('survives being killed again while resuming', async () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const out = join(dir, 'out');
    const first = await killWhenJournaled(file, out, 6);
    const second = await killWhenJournaled(file, out, first.chunks.length + 10, ['--resume']);
    expect(second.points).toBeGreaterThan(first.points);
    const resumed = runCli(['sweep', file, '--out', out, '--quiet', '--resume']);
    expect(resumed.code).toBe(0);
    const whole = runCli(['sweep', file, '--out', join(dir, 'whole'), '--quiet']);
    expect(whole.code).toBe(0);
    expectSameOutputs(outputsOf(join(dir, 'whole'), 's', 'sweep'), outputsOf(out, 's', 'sweep'));
  });

  it('refuses --resume with a changed spec, naming both hashes, and keeps the journal', async () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const out = join(dir, 'out');
    await killWhenJournaled(file, out, 2);
    const before = readFileSync(join(out, 's.journal'));
    writeSpec(dir, { ...spec, transient: 3001 });
    const r = runCli(['sweep', file, '--out', out, '--quiet', '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /--resume: cannot continue .*s\.journal: it was written for a different spec \(hash [0-9a-f]{12}, the spec now has [0-9a-f]{12}\); delete it to start over/,
    );
    expect(readFileSync(join(out, 's.journal')).equals(before)).toBe(true);
  });

  it('resumes a killed shard; its part merges into the uninterrupted outputs', async () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const parts = join(dir, 'parts');
    const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', parts, '--quiet', ...chunking, '--shard', '1/2'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    const journal = join(parts, 's.part-1-of-2.journal');
    while (!(existsSync(journal) && readJournal(journal).chunks.length >= 4)) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    expect(runCli(['sweep', file, '--out', parts, '--quiet', '--shard', '1/2', '--resume']).code).toBe(0);
    expect(existsSync(journal)).toBe(false);
    expect(runCli(['sweep', file, '--out', parts, '--quiet', '--shard', '0/2']).code).toBe(0);
    expect(runCli(['merge', parts, '--out', join(dir, 'merged'), '--quiet']).code).toBe(0);
    expect(runCli(['sweep', file, '--out', join(dir, 'whole'), '--quiet']).code).toBe(0);
    expectSameOutputs(outputsOf(join(dir, 'whole'), 's', 'sweep'), outputsOf(join(dir, 'merged'), 's', 'sweep'));
  });
});
