import { COMMAND_SUMMARIES } from './commands.js';
import { readFileSync } from 'node:fs';
import { clusterTarget, shardCount } from '../cluster/job-target.js';
import { k8sManifest, k8sName } from '../cluster/k8s-manifest.js';
import { UsageError } from './cli-error.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';


export const k8sCommand: CommandDefinition = {
  name: 'k8s',
  rendersFigures: false,
  summary: COMMAND_SUMMARIES.k8s,
  usage: 'uvchaos k8s <spec.json> --shards N --image IMAGE [--parallelism P] [--volume CLAIM] [--cpus C] [--out DIR]',
  flags: {
    out: COMMON_FLAGS.out('<name>.k8s.json'),
    shards: { type: 'string', help: 'completions of the Indexed Job, one shard of the grid each' },
    image: { type: 'string', value: 'IMAGE', help: 'container image with uvchaos on its PATH' },
    parallelism: { type: 'string', value: 'P', help: 'pods running at once (default: all N)', positiveInteger: { max: 1_000_000 } },
    volume: { type: 'string', value: 'CLAIM', default: 'uvchaos-data', help: 'PersistentVolumeClaim both Jobs mount at /uvchaos/data' },
    cpus: { type: 'string', value: 'C', default: '1', help: 'CPUs each shard pod requests, and its worker count', positiveInteger: { max: 4096 } },
  },
  details: `Writes <name>.k8s.json, a List for kubectl apply -f: a ConfigMap holding the spec; an Indexed Job
(completionMode: Indexed, completions: N) whose pod K runs
  uvchaos sweep|phase /uvchaos/spec/spec.json --out /uvchaos/data/<name> --shard auto/N --workers C --resume
(auto/N reads JOB_COMPLETION_INDEX); and a merge Job that waits for the N part files on the volume and runs
uvchaos merge into /uvchaos/data/<name>. The claim must exist (ReadWriteMany when pods run on several nodes).`,
  async run({ positionals, flags, log }) {
    const target = await clusterTarget(positionals[0]);
    const shards = shardCount(flags.shards, target.points, 'k8s');
    if (typeof flags.image !== 'string' || flags.image.trim() === '') throw new UsageError('k8s: --image IMAGE is required (an image with uvchaos on its PATH)');
    const volume = String(flags.volume);
    if (k8sName(volume) !== volume) throw new UsageError(`k8s: --volume expects a claim name of lowercase letters, digits and '-', got "${volume}"`);
    const parallelism = flags.parallelism ? Math.min(Number(flags.parallelism), shards) : shards;
    const manifest = k8sManifest({
      command: target.command,
      name: target.name,
      specText: readFileSync(positionals[0], 'utf8'),
      shards,
      parallelism,
      image: flags.image.trim(),
      volume,
      cpus: Number(flags.cpus),
    });
    const outputs = prepareOutputs(String(flags.out), target.name);
    outputs.write('k8s.json', `${JSON.stringify(manifest, null, 2)}\n`);
    outputs.commit();
    const base = `uvchaos-${k8sName(target.name)}`;
    log(`wrote ${outputs.path('k8s.json')}: Indexed Job ${base}-shards (${shards} completions, ${parallelism} at once) and merge Job ${base}-merge on claim ${volume}`);
    log(`run with: kubectl apply -f ${outputs.path('k8s.json')} && kubectl wait --for=condition=complete --timeout=24h job/${base}-merge`);
    return 0;
  },
};
