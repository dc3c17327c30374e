import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';
import { expectSameOutputs, outputsOf, uvModel, writeSpec } from './cluster-helpers.js';

/**
 * The real thing: a single-node Slurm (munged, slurmctld, slurmd from Debian's packages, started
 * as root by local-slurm.sh), a sharded sweep submitted through `uvchaos slurm --submit`, and the
 * merged outputs compared byte for byte with a plain local run. Skipped, saying why, where Slurm
 * cannot run (not installed, not root); `npm run test:slurm` runs only this file.
 */
const SCRIPT = join(ROOT, 'test', 'cluster', 'local-slurm.sh');
const start = spawnSync('bash', [SCRIPT, 'start'], { encoding: 'utf8' });
const unavailable = start.status === 3 ? start.stdout.trim() : null;
if (unavailable) console.warn(`skipping the real-Slurm test: ${unavailable}`);

const spec = { name: 'cluster', model: uvModel, sweep: { from: 0.9, to: 1.95, points: 301 }, transient: 3000, record: 256 };

describe.skipIf(unavailable !== null)('uvchaos slurm on a real single-node Slurm', () => {
  beforeAll(() => {
    if (start.status !== 0) throw new Error(`local Slurm did not start: ${start.stdout}${start.stderr}`);
  });
  afterAll(() => {
    spawnSync('bash', [SCRIPT, 'stop'], { stdio: 'inherit' });
  });

  it('runs the job array and the merge job, whose outputs are those of a local run byte for byte', async () => {
    const dir = tempDir();
    // paths as users have them, which the scripts must quote for bash and for sbatch's own parser
    const file = writeSpec(join(dir, 'spec $(false) folder'), spec);
    const out = join(dir, "slurm out's 50% #1");
    const t0 = performance.now();
    const submitted = runCli(['slurm', file, '--shards', '4', '--max-running', '2', '--cpus-per-task', '1', '--out', out, '--submit']);
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const ids = /submitted array job (\d+) \(4 tasks\) and merge job (\d+)/.exec(submitted.stdout);
    expect(ids, submitted.stdout).not.toBeNull();
    expect(submitted.stdout).toContain(`watch with: squeue -j ${ids![1]},${ids![2]}`);

    // wait until neither job is known to the queue any more
    for (let waited = 0; ; waited += 0.5) {
      const queue = spawnSync('squeue', ['-h', '-j', `${ids![1]},${ids![2]}`, '-o', '%i %T %r'], { encoding: 'utf8' });
      if (queue.stdout.trim() === '') break;
      if (queue.stdout.includes('DependencyNeverSatisfied')) throw new Error(`an array task failed: ${queue.stdout}`);
      if (waited > 600) throw new Error(`jobs still queued after 10 min: ${queue.stdout}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const slurmSeconds = (performance.now() - t0) / 1000;
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith('.uvpart'))).toEqual([0, 1, 2, 3].map((k) => `cluster.part-${k}-of-4.uvpart`));
    expect(files.filter((f) => /^cluster\.slurm-\d+_\d\.log$/.test(f))).toHaveLength(4);
    expect(existsSync(join(out, 'cluster.attractors.csv')), `merge did not write its outputs; files: ${files.join(' ')}`).toBe(true);

    const t1 = performance.now();
    const local = runCli(['sweep', file, '--out', join(dir, 'local'), '--quiet']);
    const localSeconds = (performance.now() - t1) / 1000;
    expect(local.code).toBe(0);
    expectSameOutputs(outputsOf(join(dir, 'local'), 'cluster', 'sweep'), outputsOf(out, 'cluster', 'sweep'));
    console.log(
      `301-point UV sweep: local Slurm (4 shards, 2 at a time, then merge) ${slurmSeconds.toFixed(1)} s from submission; plain local run ${localSeconds.toFixed(1)} s`,
    );
  }, 900_000);
});
