import type { ClusterCommand } from './cluster-job.js';
import { shellQuote as q } from './job-target.js';

export interface SlurmPlan {
  command: ClusterCommand;
  name: string;
  /** absolute paths */
  specFile: string;
  out: string;
  workDir: string;
  node: string;
  cli: string;
  shards: number;
  cpusPerTask: number;
  maxRunning?: number;
  partition?: string;
  time?: string;
}

/**
 * The array job: task K computes shard K of N (`--shard auto/N` reads SLURM_ARRAY_TASK_ID) into
 * its part file, with one worker per allocated CPU, resuming its own journal if it ran before.
 */
export function arrayScript(p: SlurmPlan): string {
  const range = `0-${p.shards - 1}${p.maxRunning ? `%${p.maxRunning}` : ''}`;
  return [
    '#!/bin/bash',
    `# uvchaos ${p.command} ${p.specFile}: one array task per shard (${p.shards} in all); written by uvchaos slurm.`,
    `# Resubmit failed tasks alone with: sbatch --array=<ids, e.g. 3,7> ${p.out}/${p.name}.slurm-array.sbatch`,
    `# (each resumes its own journal), then the merge: sbatch ${p.out}/${p.name}.slurm-merge.sbatch`,
    `#SBATCH --job-name=uvchaos-${p.name}`,
    `#SBATCH --array=${range}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${p.cpusPerTask}`,
    ...(p.partition ? [`#SBATCH --partition=${p.partition}`] : []),
    ...(p.time ? [`#SBATCH --time=${p.time}`] : []),
    `#SBATCH --chdir=${p.workDir}`,
    `#SBATCH --output=${p.out}/${p.name}.slurm-%A_%a.log`,
    'set -euo pipefail',
    `exec ${q(p.node)} ${q(p.cli)} ${p.command} ${q(p.specFile)} --out ${q(p.out)} --shard auto/${p.shards} --workers "$SLURM_CPUS_PER_TASK" --resume --quiet`,
    '',
  ].join('\n');
}

/** The merge job, submitted with --dependency=afterok:<array job id>: it starts once every task succeeded. */
export function mergeScript(p: SlurmPlan): string {
  return [
    '#!/bin/bash',
    `# uvchaos merge of the ${p.shards} parts of ${p.specFile}; written by uvchaos slurm.`,
    '# Submit it after the array job: sbatch --dependency=afterok:<array job id> this-file',
    `#SBATCH --job-name=uvchaos-${p.name}-merge`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...(p.partition ? [`#SBATCH --partition=${p.partition}`] : []),
    ...(p.time ? [`#SBATCH --time=${p.time}`] : []),
    `#SBATCH --chdir=${p.workDir}`,
    `#SBATCH --output=${p.out}/${p.name}.slurm-merge-%j.log`,
    'set -euo pipefail',
    `exec ${q(p.node)} ${q(p.cli)} merge ${q(`${p.out}/${p.name}`)}.part-*-of-${p.shards}.uvpart --out ${q(p.out)} --quiet`,
    '',
  ].join('\n');
}
