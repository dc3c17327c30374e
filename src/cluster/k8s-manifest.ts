import type { ClusterCommand } from './cluster-job.js';
import { k8sObjectNames } from './k8s-names.js';
import { shellQuote as q } from './script-words.js';
import { formatDuration } from '../util/duration.js';

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
  /** how long the merge Job waits for the N part files before it fails */
  mergeWaitSeconds: number;
}

export const DATA = '/uvchaos/data';
export const SPEC_DIR = '/uvchaos/spec';
/** the merge container's exit code when the part files did not all appear in time: fails the Job at once */
const WAIT_EXPIRED = 3;

/**
 * The objects `kubectl apply -f` creates for a sharded run: a ConfigMap with the spec, an Indexed
 * Job whose pod K computes shard K (`--shard auto/N` reads JOB_COMPLETION_INDEX) into the shared
 * volume, and a merge Job that waits until all N part files are there (each appears at once, by
 * rename) and merges them beside them. Kubernetes has no dependencies between Jobs: hence the wait,
 * which ends after mergeWaitSeconds (a shard that keeps failing would otherwise keep it waiting for
 * ever) with exit code 3, which the merge Job's podFailurePolicy turns into a failed Job, not a retry.
 * Object names: see k8s-names.ts.
 */
export function k8sManifest(p: K8sPlan): { apiVersion: 'v1'; kind: 'List'; items: Record<string, unknown>[] } {
  const names = k8sObjectNames(p.name);
  const labels = { 'app.kubernetes.io/name': 'uvchaos', 'uvchaos/run': names.run };
  const out = `${DATA}/${p.name}`;
  const volumes = [
    { name: 'data', persistentVolumeClaim: { claimName: p.volume } },
    { name: 'spec', configMap: { name: names.spec } },
  ];
  const volumeMounts = [
    { name: 'data', mountPath: DATA },
    { name: 'spec', mountPath: SPEC_DIR, readOnly: true },
  ];
  const parts = `${q(`${out}/${p.name}`)}.part-*-of-${p.shards}.uvpart`;
  const waited = formatDuration(p.mergeWaitSeconds);
  const waitThenMerge = [
    `deadline=$(( $(date +%s) + ${p.mergeWaitSeconds} ));`,
    `until [ "$(ls -d ${parts} 2>/dev/null | wc -l)" -ge ${p.shards} ]; do`,
    `if [ "$(date +%s)" -ge "$deadline" ]; then n=$(ls -d ${parts} 2>/dev/null | wc -l); echo "uvchaos merge: $n of ${p.shards} part files in" ${q(out)} "after waiting ${waited}; see kubectl describe job/${names.shards}" >&2; exit ${WAIT_EXPIRED}; fi;`,
    `sleep ${Math.min(10, p.mergeWaitSeconds)}; done;`,
    `exec uvchaos merge ${parts} --out ${q(out)} --quiet`,
  ].join(' ');
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: names.spec, labels }, data: { 'spec.json': p.specText } },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: names.shards, labels },
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
                  command: [
                    'uvchaos',
                    p.command,
                    `${SPEC_DIR}/spec.json`,
                    '--out',
                    out,
                    '--shard',
                    `auto/${p.shards}`,
                    '--workers',
                    String(p.cpus),
                    '--resume',
                    '--quiet',
                  ],
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
        metadata: { name: names.merge, labels },
        spec: {
          completions: 1,
          backoffLimit: 2,
          podFailurePolicy: {
            rules: [{ action: 'FailJob', onExitCodes: { containerName: 'merge', operator: 'In', values: [WAIT_EXPIRED] } }],
          },
          template: {
            metadata: { labels },
            spec: {
              // podFailurePolicy needs Never: a retried merge is a new pod
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'merge',
                  image: p.image,
                  command: ['sh', '-c', waitThenMerge],
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
