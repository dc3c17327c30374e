import { UsageError } from '../util/user-errors.js';
import type { ClusterCommand } from './cluster-job.js';
import { refuseControlCharacters, sbatchLiteral, sbatchQuote, shellQuote as q } from './script-words.js';

export interface SlurmPlan {
  command: ClusterCommand;
  /** the spec's name (the spec schema keeps it to letters, digits, '.', '_' and '-') */
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
 * Refuses, with one line, what the scripts cannot carry: a control character in any path (a
 * newline would end a comment or `#SBATCH` line and start a command), a backslash in --out (in
 * sbatch's --output pattern it switches off %A_%a, so every task would write one log), and a
 * --partition or --time beyond Slurm's plain names. Everything else is quoted where it goes.
 */
export function checkSlurmPlan(p: Pick<SlurmPlan, 'specFile' | 'out' | 'workDir' | 'node' | 'cli' | 'partition' | 'time'>): void {
  refuseControlCharacters('slurm', 'the spec path', p.specFile);
  refuseControlCharacters('slurm', '--out', p.out);
  refuseControlCharacters('slurm', 'the working directory', p.workDir);
  refuseControlCharacters('slurm', "node's path", p.node);
  refuseControlCharacters('slurm', "uvchaos's path", p.cli);
  if (p.out.includes('\\'))
    throw new UsageError(
      `slurm: --out ${JSON.stringify(p.out)} contains a backslash, which sbatch's log-name pattern (--output) cannot carry; choose a folder without one`,
    );
  for (const [flag, value] of [
    ['partition', p.partition],
    ['time', p.time],
  ] as const) {
    if (value !== undefined && !/^[\w.:-]+$/.test(value))
      throw new UsageError(`slurm: --${flag} expects a Slurm ${flag} (letters, digits, . : - _), got ${JSON.stringify(value)}`);
  }
}

export function arrayScriptPath(p: SlurmPlan): string {
  return `${p.out}/${p.name}.slurm-array.sbatch`;
}

export function mergeScriptPath(p: SlurmPlan): string {
  return `${p.out}/${p.name}.slurm-merge.sbatch`;
}

/** `#SBATCH` lines both scripts share; the log path is quoted as sbatch reads it, '%' doubled. */
function commonDirectives(p: SlurmPlan, log: string): string[] {
  return [
    ...(p.partition ? [`#SBATCH --partition=${p.partition}`] : []),
    ...(p.time ? [`#SBATCH --time=${p.time}`] : []),
    `#SBATCH --output=${sbatchQuote(`${sbatchLiteral(p.out)}/${p.name}.${log}`)}`,
  ];
}

/**
 * The array job: task K computes shard K of N (`--shard auto/N` reads SLURM_ARRAY_TASK_ID) into
 * its part file, with one worker per allocated CPU, resuming its own journal if it ran before.
 * Paths reach bash single-quoted; the working directory is a `cd` in the body rather than an
 * `#SBATCH --chdir`, so bash, not sbatch's own parser, reads it.
 */
export function arrayScript(p: SlurmPlan): string {
  const range = `0-${p.shards - 1}${p.maxRunning ? `%${p.maxRunning}` : ''}`;
  return [
    '#!/bin/bash',
    `# uvchaos ${p.command} ${q(p.specFile)}: one array task per shard (${p.shards} in all); written by uvchaos slurm.`,
    `# Resubmit failed tasks alone with: sbatch --array=<ids, e.g. 3,7> ${q(arrayScriptPath(p))}`,
    `# (each resumes its own journal), then the merge: sbatch --dependency=afterok:<their job id> ${q(mergeScriptPath(p))}`,
    `#SBATCH --job-name=uvchaos-${p.name}`,
    `#SBATCH --array=${range}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${p.cpusPerTask}`,
    ...commonDirectives(p, 'slurm-%A_%a.log'),
    'set -euo pipefail',
    `cd -- ${q(p.workDir)}`,
    `exec ${q(p.node)} ${q(p.cli)} ${p.command} ${q(p.specFile)} --out ${q(p.out)} --shard auto/${p.shards} --workers "$SLURM_CPUS_PER_TASK" --resume --quiet`,
    '',
  ].join('\n');
}

/** The merge job, submitted with --dependency=afterok:<array job id>: it starts once every task succeeded. */
export function mergeScript(p: SlurmPlan): string {
  return [
    '#!/bin/bash',
    `# uvchaos merge of the ${p.shards} parts of ${q(p.specFile)}; written by uvchaos slurm.`,
    '# Submit it after the array job: sbatch --dependency=afterok:<array job id> this-file',
    `#SBATCH --job-name=uvchaos-${p.name}-merge`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...commonDirectives(p, 'slurm-merge-%j.log'),
    'set -euo pipefail',
    `cd -- ${q(p.workDir)}`,
    `exec ${q(p.node)} ${q(p.cli)} merge ${q(`${p.out}/${p.name}`)}.part-*-of-${p.shards}.uvpart --out ${q(p.out)} --quiet`,
    '',
  ].join('\n');
}

/** The two sbatch commands, safe to paste into a shell from any folder (paths absolute and quoted). */
export function submitHint(p: SlurmPlan): string {
  return `id=$(sbatch --parsable ${q(arrayScriptPath(p))}) && sbatch --dependency=afterok:\${id%%;*} ${q(mergeScriptPath(p))}`;
}

/** Where the tasks' logs go, as a pasteable glob. */
export function logsGlob(p: SlurmPlan): string {
  return `${q(`${p.out}/${p.name}`)}.slurm-*.log`;
}
