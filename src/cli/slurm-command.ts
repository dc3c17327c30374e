import { COMMAND_SUMMARIES } from './commands.js';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  arrayScript,
  arrayScriptPath,
  checkSlurmPlan,
  logsGlob,
  mergeScript,
  mergeScriptPath,
  submitHint,
  type SlurmPlan,
} from '../cluster/slurm-scripts.js';
import { CLI_ENTRY, clusterTarget, shardCount } from '../cluster/job-target.js';
import { CommandFailure } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';

export const slurmCommand: CommandDefinition = {
  name: 'slurm',
  rendersFigures: false,
  summary: COMMAND_SUMMARIES.slurm,
  usage: 'uvchaos slurm <spec.json> --shards N [--out DIR] [--partition P] [--time T] [--cpus-per-task C] [--max-running M] [--submit]',
  flags: {
    out: COMMON_FLAGS.out('the scripts, the parts, the logs and the merged outputs (on a file system every node sees)'),
    shards: { type: 'string', help: 'number of array tasks, each computing one block of the grid' },
    partition: { type: 'string', value: 'P', help: "Slurm partition (default: the cluster's default)" },
    time: { type: 'string', value: 'T', help: "time limit of each task, in sbatch's format (e.g. 2:00:00)" },
    'cpus-per-task': {
      type: 'string',
      value: 'C',
      default: '1',
      help: 'CPUs per task; each task runs that many workers',
      positiveInteger: { max: 4096 },
    },
    'max-running': {
      type: 'string',
      value: 'M',
      help: 'run at most M tasks at once (--array=0-(N−1)%M)',
      positiveInteger: { max: 1_000_000 },
    },
    submit: { type: 'boolean', help: 'submit both jobs with sbatch --parsable and print their ids' },
  },
  details: `Writes <name>.slurm-array.sbatch, whose task K runs
  uvchaos sweep|phase <spec> --out DIR --shard auto/N --workers $SLURM_CPUS_PER_TASK --resume
and <name>.slurm-merge.sbatch, which runs uvchaos merge over the N parts into DIR; submit the merge with
--dependency=afterok:<array job id> (--submit does both). The scripts call this installation of uvchaos
by absolute path, so DIR, the spec and uvchaos must be on a file system the nodes share.
A failed task can be resubmitted alone: sbatch --array=K DIR/<name>.slurm-array.sbatch, then the merge.`,
  async run({ positionals, flags, log }) {
    // the paths are checked before the spec is read and before --out is created: a refused run leaves nothing
    const paths = {
      specFile: resolve(positionals[0]),
      out: resolve(String(flags.out)),
      workDir: process.cwd(),
      node: process.execPath,
      cli: CLI_ENTRY,
      partition: flags.partition === undefined ? undefined : String(flags.partition),
      time: flags.time === undefined ? undefined : String(flags.time),
    };
    checkSlurmPlan(paths);
    const target = await clusterTarget(positionals[0]);
    const shards = shardCount(flags.shards, target.points, 'slurm');
    const plan: SlurmPlan = {
      ...paths,
      command: target.command,
      name: target.name,
      shards,
      cpusPerTask: Number(flags['cpus-per-task']),
      maxRunning: flags['max-running'] ? Number(flags['max-running']) : undefined,
    };
    const outputs = prepareOutputs(String(flags.out), target.name);
    outputs.write('slurm-array.sbatch', arrayScript(plan));
    outputs.write('slurm-merge.sbatch', mergeScript(plan));
    outputs.commit();
    const [array, merge] = [outputs.path('slurm-array.sbatch'), outputs.path('slurm-merge.sbatch')];
    log(`wrote ${array} (${shards} tasks) and ${merge}`);
    if (!flags.submit) {
      log(`submit with: ${submitHint(plan)}`);
      return 0;
    }
    const arrayId = sbatch([arrayScriptPath(plan)]);
    const mergeId = sbatch([`--dependency=afterok:${arrayId}`, mergeScriptPath(plan)]);
    log(`submitted array job ${arrayId} (${shards} tasks) and merge job ${mergeId} (runs once every task succeeded)`);
    log(`watch with: squeue -j ${arrayId},${mergeId}   (logs: ${logsGlob(plan)})`);
    return 0;
  },
};

/** Submits with sbatch --parsable; the job id (without a cluster name). */
function sbatch(args: string[]): string {
  const result = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
  if (result.error)
    throw new CommandFailure(
      `slurm --submit: cannot run sbatch (${(result.error as NodeJS.ErrnoException).code ?? result.error.message}); is Slurm installed here? The scripts are written, submit them by hand`,
    );
  if (result.status !== 0)
    throw new CommandFailure(`slurm --submit: sbatch ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n')[0]}`);
  const id = result.stdout.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new CommandFailure(`slurm --submit: sbatch printed "${result.stdout.trim()}", expected a job id`);
  return id;
}
