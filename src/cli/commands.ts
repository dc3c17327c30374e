import type { CommandDefinition } from './command.js';

/** The line each command shows in `uvchaos --help` and at the top of its own help. */
export const COMMAND_SUMMARIES = {
  trajectory: 'train a model by full-batch GD at one learning rate (or iterate a map); write a per-step table and figure',
  sweep: 'sweep one parameter (η by default) in worker threads; write attractor tables and a bifurcation diagram',
  cascade: 'locate the period-doubling points, Feigenbaum ratios and the accumulation point',
  phase: 'phase diagram over (η, another parameter) of the UV model or an mlp: early sharpness trend, long-run regime, λ_max',
  analyze: 'analyse logged training runs (one per learning rate, from any framework): attractor tables and a bifurcation diagram',
} as const;

export interface CommandEntry {
  name: string;
  summary: string;
  /** the command's module, imported only when it runs: `--help` and a typo load none of them */
  load: () => Promise<CommandDefinition>;
}

/** Every command, in the order `uvchaos --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'trajectory', summary: COMMAND_SUMMARIES.trajectory, load: async () => (await import('./trajectory-command.js')).trajectoryCommand },
  { name: 'sweep', summary: COMMAND_SUMMARIES.sweep, load: async () => (await import('./sweep-command.js')).sweepCommand },
  { name: 'cascade', summary: COMMAND_SUMMARIES.cascade, load: async () => (await import('./cascade-command.js')).cascadeCommand },
  { name: 'phase', summary: COMMAND_SUMMARIES.phase, load: async () => (await import('./phase-command.js')).phaseCommand },
  { name: 'analyze', summary: COMMAND_SUMMARIES.analyze, load: async () => (await import('./analyze-command.js')).analyzeCommand },
];
