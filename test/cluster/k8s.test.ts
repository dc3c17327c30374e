import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { filesIn, ROOT, runCli, tempDir } from '../helpers.js';
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
    const r = runCli(['k8s', file, '--shards', '8', '--image', 'registry.example/uvchaos:0.1.0', '--parallelism', '3', '--volume', 'sweeps', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Indexed Job uvchaos-route-to-chaos-shards (8 completions, 3 at once) and merge Job uvchaos-route-to-chaos-merge on claim sweeps');
    const list = JSON.parse(readFileSync(join(dir, 'Route_to.chaos.k8s.json'), 'utf8'));
    expect(list.kind).toBe('List');
    for (const item of list.items) validate(item);

    const [config, shards, merge] = list.items;
    expect(JSON.parse(config.data['spec.json'])).toEqual(spec);
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 8, parallelism: 3 });
    const shard = shards.spec.template.spec.containers[0];
    expect(shard.image).toBe('registry.example/uvchaos:0.1.0');
    expect(shard.command).toEqual(['uvchaos', 'sweep', '/uvchaos/spec/spec.json', '--out', '/uvchaos/data/Route_to.chaos', '--shard', 'auto/8', '--workers', '1', '--resume', '--quiet']);
    expect(merge.spec.template.spec.containers[0].command[2]).toContain("exec uvchaos merge /uvchaos/data/Route_to.chaos/Route_to.chaos.part-*-of-8.uvpart");
    for (const job of [shards, merge]) {
      expect(job.spec.template.spec.volumes[0]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'sweeps' } });
      expect(job.spec.template.spec.containers[0].volumeMounts[0]).toEqual({ name: 'data', mountPath: '/uvchaos/data' });
    }
  });

  it('the schema check does fail on a malformed Job', () => {
    const bad = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { completionMode: 'Indexed', completions: '8', template: { spec: { containers: [{ name: 'a', image: 'b' }], restartPolicy: 'Never' } } } };
    expect(() => validate(bad)).toThrow(/completions must be integer/);
  });

  it('refuses a missing image, a bad shard count and a bad claim name: one line, exit 2, no file', () => {
    for (const [args, message] of [
      [['--shards', '4'], /k8s: --image IMAGE is required/],
      [['--shards', '0', '--image', 'i'], /k8s: --shards expects an integer from 1 to the grid's 301 points, got "0"/],
      [['--shards', '302', '--image', 'i'], /got "302"/],
      [['--shards', '4', '--image', 'i', '--volume', 'My_Volume'], /k8s: --volume expects a claim name/],
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

describe('uvchaos slurm (scripts only)', () => {
  it('writes the array script with --array=0-(N−1)%M and the merge script for a phase spec', () => {
    const dir = tempDir();
    const phase = { name: 'p', model: uvModel, grid: { x: { parameter: 'eta', from: 0.05, to: 3, points: 12 }, y: { parameter: 'target', from: 1, to: 20, points: 9 } }, transient: 2000, record: 128, period: { max: 16 } };
    const file = writeSpec(dir, phase);
    const r = runCli(['slurm', file, '--shards', '8', '--max-running', '3', '--partition', 'cpu', '--time', '1:00:00', '--cpus-per-task', '4', '--out', dir]);
    expect(r.code).toBe(0);
    const array = readFileSync(join(dir, 'p.slurm-array.sbatch'), 'utf8');
    for (const line of ['#SBATCH --array=0-7%3', '#SBATCH --cpus-per-task=4', '#SBATCH --partition=cpu', '#SBATCH --time=1:00:00', `#SBATCH --output="${dir}/p.slurm-%A_%a.log"`]) expect(array).toContain(`${line}\n`);
    expect(array).toMatch(new RegExp(`\\ncd -- '${ROOT}'\\nexec '.+node' '.+/dist/cli/main\\.js' phase '${file}' --out '${dir}' --shard auto/8 --workers "\\$SLURM_CPUS_PER_TASK" --resume --quiet\\n$`));
    const merge = readFileSync(join(dir, 'p.slurm-merge.sbatch'), 'utf8');
    expect(merge).toMatch(new RegExp(`\\nexec '.+node' '.+/dist/cli/main\\.js' merge '${dir}/p'\\.part-\\*-of-8\\.uvpart --out '${dir}' --quiet\\n$`));
    expect(r.stdout).toContain(`submit with: id=$(sbatch --parsable '${dir}/p.slurm-array.sbatch') && sbatch --dependency=afterok:\${id%%;*} '${dir}/p.slurm-merge.sbatch'`);
  });
});
