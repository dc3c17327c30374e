import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { filesIn, ROOT, runCli, tempDir } from '../helpers.js';
import { k8sManifest } from '../../src/cluster/k8s-manifest.js';
import { uvModel, writeSpec } from './cluster-helpers.js';

const spec = { name: 'Route_to.chaos', model: uvModel, sweep: { from: 0.9, to: 1.95, points: 301 }, transient: 3000, record: 256 };

/** Each object checked against the Kubernetes API's OpenAPI schema (kubernetes-models). */
function validate(item: Record<string, unknown>): void {
  if (item.kind === 'Job') new Job(item as never).validate();
  else if (item.kind === 'ConfigMap') new ConfigMap(item as never).validate();
  else throw new Error(`unexpected kind ${String(item.kind)}`);
}

describe('uvchaos k8s', () => {
  it('writes an Indexed Job and a merge Job that pass the Kubernetes Job API schema and share one volume', () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const r = runCli([
      'k8s',
      file,
      '--shards',
      '8',
      '--image',
      'registry.example/uvchaos:0.1.0',
      '--parallelism',
      '3',
      '--volume',
      'sweeps',
      '--out',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const base =
      /Indexed Job (uvchaos-route-to-chaos-[0-9a-f]{8})-shards \(8 completions, 3 at once\) and merge Job \1-merge on claim sweeps/.exec(
        r.stdout,
      )?.[1];
    expect(base, r.stdout).toBeDefined();
    const list = JSON.parse(readFileSync(join(dir, 'Route_to.chaos.k8s.json'), 'utf8'));
    expect(list.kind).toBe('List');
    for (const item of list.items) validate(item);

    const [config, shards, merge] = list.items;
    expect(list.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      `${base}-spec`,
      `${base}-shards`,
      `${base}-merge`,
    ]);
    expect(JSON.parse(config.data['spec.json'])).toEqual(spec);
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 8, parallelism: 3 });
    const shard = shards.spec.template.spec.containers[0];
    expect(shard.image).toBe('registry.example/uvchaos:0.1.0');
    expect(shard.command).toEqual([
      'uvchaos',
      'sweep',
      '/uvchaos/spec/spec.json',
      '--out',
      '/uvchaos/data/Route_to.chaos',
      '--shard',
      'auto/8',
      '--workers',
      '1',
      '--resume',
      '--quiet',
    ]);
    expect(merge.spec.template.spec.containers[0].command[2]).toContain(
      "exec uvchaos merge '/uvchaos/data/Route_to.chaos/Route_to.chaos'.part-*-of-8.uvpart",
    );
    for (const job of [shards, merge]) {
      expect(job.spec.template.spec.volumes[0]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'sweeps' } });
      expect(job.spec.template.spec.containers[0].volumeMounts[0]).toEqual({ name: 'data', mountPath: '/uvchaos/data' });
    }
  });

  it('the schema check does fail on a malformed Job', () => {
    const bad = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x' },
      spec: {
        completionMode: 'Indexed',
        completions: '8',
        template: { spec: { containers: [{ name: 'a', image: 'b' }], restartPolicy: 'Never' } },
      },
    };
    expect(() => validate(bad)).toThrow(/completions must be integer/);
  });

  it('refuses a missing image, a bad shard count and a bad claim name: one line, exit 2, no file', () => {
    for (const [args, message] of [
      [['--shards', '4'], /k8s: --image IMAGE is required/],
      [['--shards', '0', '--image', 'i'], /k8s: --shards expects an integer from 1 to the grid's 301 points, got "0"/],
      [['--shards', '302', '--image', 'i'], /got "302"/],
      [
        ['--shards', '4', '--image', 'i', '--volume', 'My_Volume'],
        /k8s: --volume expects a PersistentVolumeClaim name \(lowercase letters, digits, '-' and '\.'.*got "My_Volume"/,
      ],
      [
        ['--shards', '4', '--image', 'i', '--volume', 'a'.repeat(300)],
        /k8s: --volume expects a PersistentVolumeClaim name of at most 253 characters, got 300/,
      ],
      [['--shards', '4', '--image', 'i', '--volume', 'data..x'], /k8s: --volume expects a PersistentVolumeClaim name/],
      [['--shards', '4', '--image', 'i', '--volume', 'bad\nclaim'], /k8s: --volume "bad\\nclaim" contains a control character \(U\+000A\)/],
      [['--shards', '4', '--image', 'reg/img:1\nrm -rf'], /k8s: --image "reg\/img:1\\nrm -rf" contains a control character/],
      [['--shards', '4', '--image', 'reg/img:1 rm'], /k8s: --image expects an image reference .*got "reg\/img:1 rm"/],
      [
        ['--shards', '4', '--image', 'i', '--merge-wait', '10 years'],
        /k8s: --merge-wait expects a duration such as 90m, 24h or 3d \(1s to 365d\), got "10 years"/,
      ],
      [['--shards', '4', '--image', 'i', '--merge-wait', '0s'], /k8s: --merge-wait expects a duration/],
    ] as const) {
      const dir = tempDir();
      const file = writeSpec(dir, spec);
      const out = join(dir, 'out');
      const r = runCli(['k8s', file, ...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    }
  });
});

describe('uvchaos k8s object names', () => {
  const plan = {
    command: 'sweep' as const,
    specText: '{}',
    shards: 4,
    parallelism: 4,
    image: 'i',
    volume: 'v',
    cpus: 1,
    mergeWaitSeconds: 60,
  };
  const namesOf = (name: string) => k8sManifest({ ...plan, name }).items.map((item) => (item.metadata as { name: string }).name);

  it('differ for names that clean to the same letters, and for long names sharing their first 40 characters', () => {
    const long = 'x'.repeat(40);
    const groups = ['A.b', 'a-b', 'a_b', `${long}-one`, `${long}-two`].map(namesOf);
    const all = groups.flat();
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) {
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      // a Job's pods are named <job>-<index>-<5 letters>: the index must fit in 63
      expect(name.length).toBeLessThanOrEqual(63 - '-9999999'.length);
    }
    expect(groups[0][0]).toMatch(/^uvchaos-a-b-[0-9a-f]{8}-spec$/);
  });

  it('accepts a claim name with dots (a DNS-1123 subdomain)', () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const r = runCli(['k8s', file, '--shards', '2', '--image', 'i', '--volume', 'nfs.sweeps-2', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(readFileSync(join(dir, 'Route_to.chaos.k8s.json'), 'utf8'));
    expect(list.items[1].spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe('nfs.sweeps-2');
  });
});

describe('uvchaos k8s and the files an mlp spec reads', () => {
  const mlp = (path: string) => ({
    name: 'm',
    model: { kind: 'mlp', layers: [4], data: { dataset: 'csv', path, targets: ['y'] } },
    sweep: { from: 0.2, to: 3, points: 12 },
    transient: 150,
    record: 64,
    period: { max: 16 },
  });
  const csv = 'x1,x2,y\n1,2,3\n4,5,6\n7,8,9\n';

  it('refuses a relative data.path: the pods see only the spec, mounted elsewhere', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.csv'), csv);
    const file = writeSpec(dir, mlp('data.csv'));
    const out = join(dir, 'out');
    const r = runCli(['k8s', file, '--shards', '2', '--image', 'i', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /spec\.json: model\.data\.path: "data\.csv" is relative: the pods cannot see it .*absolute path .*\/uvchaos\/data/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('warns that an absolute data.path must exist inside the pods', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.csv'), csv);
    const file = writeSpec(dir, mlp(join(dir, 'data.csv')));
    const r = runCli(['k8s', file, '--shards', '2', '--image', 'i', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: model\.data\.path ".*data\.csv" must exist inside the pods/);
  });
});

describe('uvchaos k8s merge Job', () => {
  it('gives up waiting for the part files after --merge-wait, and Kubernetes fails the Job at once', () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const r = runCli(['k8s', file, '--shards', '3', '--image', 'i', '--merge-wait', '2s', '--out', dir]);
    expect(r.code).toBe(0);
    const merge = JSON.parse(readFileSync(join(dir, 'Route_to.chaos.k8s.json'), 'utf8')).items[2];
    validate(merge);
    expect(merge.spec.template.spec.restartPolicy).toBe('Never');
    expect(merge.spec.podFailurePolicy.rules[0]).toEqual({
      action: 'FailJob',
      onExitCodes: { containerName: 'merge', operator: 'In', values: [3] },
    });
    // the container's script, run here: no part files ever appear, so it must stop by itself
    const [shell, flag, script] = merge.spec.template.spec.containers[0].command;
    const t0 = performance.now();
    const ran = spawnSync(shell, [flag, script], { encoding: 'utf8', timeout: 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    expect(ran.status).toBe(3);
    expect(ran.stderr).toMatch(/uvchaos merge: 0 of 3 part files in \/uvchaos\/data\/Route_to\.chaos after waiting 2s/);
    expect(seconds).toBeLessThan(30);
  });

  it('--help documents --merge-wait and its default', () => {
    const r = runCli(['k8s', '--help']);
    expect(r.stdout).toMatch(/--merge-wait.*24h/s);
  });
});

describe('uvchaos slurm (scripts only)', () => {
  it('writes the array script with --array=0-(N−1)%M and the merge script for a phase spec', () => {
    const dir = tempDir();
    const phase = {
      name: 'p',
      model: uvModel,
      grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 12 }, y: { parameter: 'target', from: 1, to: 20, points: 9 } },
      transient: 2000,
      record: 128,
      period: { max: 16 },
    };
    const file = writeSpec(dir, phase);
    const r = runCli([
      'slurm',
      file,
      '--shards',
      '8',
      '--max-running',
      '3',
      '--partition',
      'cpu',
      '--time',
      '1:00:00',
      '--cpus-per-task',
      '4',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    const array = readFileSync(join(dir, 'p.slurm-array.sbatch'), 'utf8');
    for (const line of [
      '#SBATCH --array=0-7%3',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --partition=cpu',
      '#SBATCH --time=1:00:00',
      `#SBATCH --output="${dir}/p.slurm-%A_%a.log"`,
    ])
      expect(array).toContain(`${line}\n`);
    expect(array).toMatch(
      new RegExp(
        `\\ncd -- '${ROOT}'\\nexec '.+node' '.+/dist/cli/main\\.js' phase '${file}' --out '${dir}' --shard auto/8 --workers "\\$SLURM_CPUS_PER_TASK" --resume --quiet\\n$`,
      ),
    );
    const merge = readFileSync(join(dir, 'p.slurm-merge.sbatch'), 'utf8');
    expect(merge).toMatch(
      new RegExp(`\\nexec '.+node' '.+/dist/cli/main\\.js' merge '${dir}/p'\\.part-\\*-of-8\\.uvpart --out '${dir}' --quiet\\n$`),
    );
    expect(r.stdout).toContain(
      `submit with: id=$(sbatch --parsable '${dir}/p.slurm-array.sbatch') && sbatch --dependency=afterok:\${id%%;*} '${dir}/p.slurm-merge.sbatch'`,
    );
  });
});
