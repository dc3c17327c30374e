import { COMMAND_SUMMARIES } from './commands.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clusterTarget, shardCount } from '../cluster/job-target.js';
import { DATA, k8sManifest, SPEC_DIR } from '../cluster/k8s-manifest.js';
import { claimNameIssue, isImageReference, k8sObjectNames } from '../cluster/k8s-names.js';
import { podFiles } from '../cluster/pod-files.js';
import { modelKindOf } from '../models/registry.js';
import { refuseControlCharacters, shellQuote as q } from '../cluster/script-words.js';
import { readJsonFile } from '../spec/json-source.js';
import { SpecError } from '../spec/spec-error.js';
import { formatDuration, parseDuration } from '../util/duration.js';
import { UsageError } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';

const MERGE_WAIT_MAX = 365 * 86_400;

export const k8sCommand: CommandDefinition = {
  name: 'k8s',
  rendersFigures: false,
  summary: COMMAND_SUMMARIES.k8s,
  usage: 'uvchaos k8s <spec.json> --shards N --image IMAGE [--parallelism P] [--volume CLAIM] [--cpus C] [--merge-wait T] [--out DIR]',
  flags: {
    out: COMMON_FLAGS.out('<name>.k8s.json'),
    shards: { type: 'string', help: 'completions of the Indexed Job, one shard of the grid each' },
    image: { type: 'string', value: 'IMAGE', help: 'container image with uvchaos on its PATH' },
    parallelism: { type: 'string', value: 'P', help: 'pods running at once (default: all N)', positiveInteger: { max: 1_000_000 } },
    volume: { type: 'string', value: 'CLAIM', default: 'uvchaos-data', help: 'PersistentVolumeClaim both Jobs mount at /uvchaos/data' },
    cpus: {
      type: 'string',
      value: 'C',
      default: '1',
      help: 'CPUs each shard pod requests, and its worker count',
      positiveInteger: { max: 4096 },
    },
    'merge-wait': {
      type: 'string',
      value: 'T',
      default: '24h',
      help: 'how long the merge Job waits for the N part files before it fails (90m, 24h, 3d)',
    },
  },
  details: `Writes <name>.k8s.json, a List for kubectl apply -f: a ConfigMap holding the spec; an Indexed Job
(completionMode: Indexed, completions: N) whose pod K runs
  uvchaos sweep|phase /uvchaos/spec/spec.json --out /uvchaos/data/<name> --shard auto/N --workers C --resume
(auto/N reads JOB_COMPLETION_INDEX); and a merge Job that waits for the N part files on the volume and runs
uvchaos merge into /uvchaos/data/<name>; if they are not all there after --merge-wait (a shard that keeps
failing), it fails. The claim must exist (ReadWriteMany when pods run on several nodes). Files an mlp
spec reads (model.data.path, model.init.weights) must be absolute paths inside the pods.
Objects are named uvchaos-<name>-<hash>-spec|shards|merge: <name> lowercased, other characters as '-',
cut at 30; <hash> is 8 hex digits of the SHA-256 of the spec's name, so specs whose names clean
alike (A.b, a_b) get distinct objects.`,
  async run({ positionals, flags, log }) {
    const file = positionals[0];
    const target = await clusterTarget(file);
    const shards = shardCount(flags.shards, target.points, 'k8s');
    const { image, volume, mergeWaitSeconds } = k8sFlagValues(flags);
    const { model } = readJsonFile(file) as { model: { kind: string } }; // validated by clusterTarget
    const files = podFiles(modelKindOf(model).info, model);
    const relative = files.find((f) => f.relative);
    if (relative) {
      throw new SpecError(
        file,
        relative.field,
        `${JSON.stringify(relative.path)} is relative: the pods cannot see it (they get the spec alone, at ${SPEC_DIR}); give an absolute path inside the image or on the claim, under ${DATA}`,
      );
    }
    const parallelism = flags.parallelism ? Math.min(Number(flags.parallelism), shards) : shards;
    const manifest = k8sManifest({
      command: target.command,
      name: target.name,
      specText: readFileSync(file, 'utf8'),
      shards,
      parallelism,
      image,
      volume,
      cpus: Number(flags.cpus),
      mergeWaitSeconds,
    });
    const out = String(flags.out);
    refuseControlCharacters('k8s', '--out', out);
    const outputs = prepareOutputs(out, target.name);
    outputs.write('k8s.json', `${JSON.stringify(manifest, null, 2)}\n`);
    outputs.commit();
    for (const f of files)
      log(
        `warning: ${f.field} ${JSON.stringify(f.path)} must exist inside the pods (in the image, or on the claim ${volume} under ${DATA})`,
        'stderr',
      );
    const names = k8sObjectNames(target.name);
    const path = outputs.path('k8s.json');
    log(
      `wrote ${path}: Indexed Job ${names.shards} (${shards} completions, ${parallelism} at once) and merge Job ${names.merge} on claim ${volume}`,
    );
    log(`run with: ${k8sRunHint(resolve(path), names.merge, mergeWaitSeconds)}`);
    return 0;
  },
};

/** --image, --volume and --merge-wait, checked: each goes into the manifest as it is. */
export function k8sFlagValues(flags: Record<string, string | boolean | undefined>): {
  image: string;
  volume: string;
  mergeWaitSeconds: number;
} {
  if (typeof flags.image !== 'string' || flags.image.trim() === '')
    throw new UsageError('k8s: --image IMAGE is required (an image with uvchaos on its PATH)');
  const image = flags.image.trim();
  refuseControlCharacters('k8s', '--image', image);
  if (!isImageReference(image))
    throw new UsageError(
      `k8s: --image expects an image reference such as registry.example/uvchaos:0.1.0 (letters, digits and . _ - / : @), got ${JSON.stringify(image)}`,
    );
  const volume = String(flags.volume);
  refuseControlCharacters('k8s', '--volume', volume);
  const claimIssue = claimNameIssue(volume);
  if (claimIssue) throw new UsageError(`k8s: --volume expects a PersistentVolumeClaim name ${claimIssue}`);
  const mergeWaitSeconds = parseDuration(String(flags['merge-wait']), MERGE_WAIT_MAX);
  if (mergeWaitSeconds === null)
    throw new UsageError(
      `k8s: --merge-wait expects a duration such as 90m, 24h or 3d (1s to 365d), got ${JSON.stringify(flags['merge-wait'])}`,
    );
  return { image, volume, mergeWaitSeconds };
}

/** kubectl apply, then wait for the merge Job a little longer than it waits itself; safe to paste. */
export function k8sRunHint(manifest: string, mergeJob: string, mergeWaitSeconds: number): string {
  const timeout = formatDuration(Math.ceil(mergeWaitSeconds / 3600) * 3600 + 3600);
  return `kubectl apply -f ${q(manifest)} && kubectl wait --for=condition=complete --timeout=${timeout} job/${mergeJob}`;
}
