import type { ClusterCommand } from './cluster-job.js';

export interface K8sPlan {
  command: ClusterCommand;
  name: string;
  /** the spec file's text, shipped in a ConfigMap */
  specText: string;
  shards: number;
  parallelism: number;
  image: string;
  /** the PersistentVolumeClaim both Jobs mount (ReadWriteMany where pods land on several nodes) */
  volume: string;
  cpus: number;
}

const DATA = '/uvchaos/data';
const SPEC_DIR = '/uvchaos/spec';

/** A Kubernetes object name (RFC 1123 label): lowercase letters, digits and '-', at most 63. */
export function k8sName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return cleaned || 'run';
}

/**
 * The objects `kubectl apply -f` creates for a sharded run: a ConfigMap with the spec, an Indexed
 * Job whose pod K computes shard K (`--shard auto/N` reads JOB_COMPLETION_INDEX) into the shared
 * volume, and a merge Job that waits until all N part files are there (each appears at once, by
 * rename) and merges them beside them. Kubernetes has no dependencies between Jobs: hence the wait.
 */
export function k8sManifest(p: K8sPlan): { apiVersion: 'v1'; kind: 'List'; items: Record<string, unknown>[] } {
  const base = `uvchaos-${k8sName(p.name)}`;
  const labels = { 'app.kubernetes.io/name': 'uvchaos', 'uvchaos/run': k8sName(p.name) };
  const out = `${DATA}/${p.name}`;
  const volumes = [
    { name: 'data', persistentVolumeClaim: { claimName: p.volume } },
    { name: 'spec', configMap: { name: `${base}-spec` } },
  ];
  const volumeMounts = [
    { name: 'data', mountPath: DATA },
    { name: 'spec', mountPath: SPEC_DIR, readOnly: true },
  ];
  const parts = `${out}/${p.name}.part-*-of-${p.shards}.uvpart`;
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${base}-spec`, labels }, data: { 'spec.json': p.specText } },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: `${base}-shards`, labels },
        spec: {
          completionMode: 'Indexed',
          completions: p.shards,
          parallelism: p.parallelism,
          backoffLimit: Math.max(6, p.shards),
          template: {
            metadata: { labels },
            spec: {
              // a restarted container resumes its shard's journal on the volume
              restartPolicy: 'OnFailure',
              containers: [
                {
                  name: 'shard',
                  image: p.image,
                  command: ['uvchaos', p.command, `${SPEC_DIR}/spec.json`, '--out', out, '--shard', `auto/${p.shards}`, '--workers', String(p.cpus), '--resume', '--quiet'],
                  resources: { requests: { cpu: String(p.cpus) } },
                  volumeMounts,
                },
              ],
              volumes,
            },
          },
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: `${base}-merge`, labels },
        spec: {
          completions: 1,
          backoffLimit: 2,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                {
                  name: 'merge',
                  image: p.image,
                  command: [
                    'sh',
                    '-c',
                    `until [ "$(ls ${parts} 2>/dev/null | wc -l)" -ge ${p.shards} ]; do sleep 10; done; exec uvchaos merge ${parts} --out ${out} --quiet`,
                  ],
                  resources: { requests: { cpu: '1' } },
                  volumeMounts,
                },
              ],
              volumes,
            },
          },
        },
      },
    ],
  };
}
