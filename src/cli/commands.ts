import type { CommandDefinition } from './command.js';

/** The line each command shows in `uvchaos --help` and at the top of its own help. */
export const COMMAND_SUMMARIES = {
  trajectory: 'train a model by full-batch GD at one learning rate (or iterate a map); write a per-step table and figure',
  sweep: 'sweep one parameter (η by default) in worker threads; write attractor tables and a bifurcation diagram',
  cascade: 'locate the period-doubling points, Feigenbaum ratios and the accumulation point',
  phase: 'phase diagram over (η, another parameter) of the UV model or an mlp: early sharpness trend, long-run regime, λ_max',
  merge: 'merge the part files of a sharded sweep or phase run (--shard K/N) into the outputs of an unsharded run',
  slurm: 'write (and with --submit, submit) a Slurm job array computing a sweep or phase spec in shards, and the merge job after it',
  k8s: 'write a Kubernetes Indexed Job computing a sweep or phase spec in shards, and a merge Job, sharing a volume',
  analyze: 'analyse logged training runs (one per learning rate, from any framework): attractor tables and a bifurcation diagram',
  explore: 'serve an interactive bifurcation diagram of a sweep spec in the browser: drag to zoom, re-swept live',
  portrait: 'state-plane portrait at one parameter set: fixed points, cycles, vector field, basins of attraction',
} as const;

export interface CommandEntry {
  name: string;
  summary: string;
  /** the command's module, imported only when it runs: `--help` and a typo load none of them */
  load: () => Promise<CommandDefinition>;
  /**
   * Runs on the sweep worker pool: main starts the pool while the command loads (prestartSweepPool).
   * 'unless-inline': not for a spec that will run on the main thread (sweep/inline-sweep.ts).
   */
  sweepPool?: 'always' | 'unless-inline';
}

/** Every command, in the order `uvchaos --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'trajectory',
    summary: COMMAND_SUMMARIES.trajectory,
    load: async () => (await import('./trajectory-command.js')).trajectoryCommand,
  },
  {
    name: 'sweep',
    summary: COMMAND_SUMMARIES.sweep,
    sweepPool: 'unless-inline',
    load: async () => (await import('./sweep-command.js')).sweepCommand,
  },
  {
    name: 'cascade',
    summary: COMMAND_SUMMARIES.cascade,
    sweepPool: 'unless-inline',
    load: async () => (await import('./cascade-command.js')).cascadeCommand,
  },
  {
    name: 'phase',
    summary: COMMAND_SUMMARIES.phase,
    sweepPool: 'always',
    load: async () => (await import('./phase-command.js')).phaseCommand,
  },
  { name: 'merge', summary: COMMAND_SUMMARIES.merge, load: async () => (await import('./merge-command.js')).mergeCommand },
  { name: 'slurm', summary: COMMAND_SUMMARIES.slurm, load: async () => (await import('./slurm-command.js')).slurmCommand },
  { name: 'k8s', summary: COMMAND_SUMMARIES.k8s, load: async () => (await import('./k8s-command.js')).k8sCommand },
  { name: 'analyze', summary: COMMAND_SUMMARIES.analyze, load: async () => (await import('./analyze-command.js')).analyzeCommand },
  { name: 'explore', summary: COMMAND_SUMMARIES.explore, load: async () => (await import('./explore-command.js')).exploreCommand },
  { name: 'portrait', summary: COMMAND_SUMMARIES.portrait, load: async () => (await import('./portrait-command.js')).portraitCommand },
];
