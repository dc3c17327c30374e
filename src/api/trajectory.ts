import type { z } from 'zod';
import type { ModelKind } from '../kind/model-kind.js';
import type { TrajectoryRun } from '../kind/trajectory.js';
import { modelKindOf } from '../models/registry.js';
import { trajectorySpecSchema, type TrajectorySpec } from '../spec/trajectory-spec.js';
import { specFromObject } from './spec-input.js';

/** A trajectory spec as written (a spec file's JSON); defaults may be left out. */
export type TrajectorySpecInput = z.input<typeof trajectorySpecSchema>;

export interface TrajectoryResult {
  /** the spec that ran, every default filled in */
  spec: TrajectorySpec;
  /** column names in the CSV's order: UV step, loss, f, residual, ntk, sharpness, eta_sharpness; a map step and its variables; an mlp step, loss, f, sharpness, eta_sharpness, ntk, grad_norm (and accuracy) */
  columnNames: readonly string[];
  /** one array per column, `length` values each; NaN where the CSV cell is empty (mlp sharpness and ntk between every sharpnessEvery-th step) */
  columns: Record<string, Float64Array>;
  /** rows: steps + 1 (row 0 is the initialisation), or fewer when the run diverged */
  length: number;
  /** the first step beyond divergenceBound or not finite (not in the table); null if none */
  divergedAtStep: number | null;
}

/**
 * Trains a model by full-batch GD at one learning rate (UV, mlp) or iterates a map (logistic,
 * Hénon, expression), as `uvchaos trajectory` does, and returns its table by column: the spec's
 * kind runs it (ModelKind.trajectory). Throws SpecError for an invalid spec, with the CLI's message.
 */
export async function trajectory(spec: TrajectorySpecInput): Promise<TrajectoryResult> {
  const used = await specFromObject('trajectory', spec, trajectorySpecSchema);
  const run = await runTrajectorySpec(modelKindOf(used.model), used, { source: 'trajectory(spec)' });
  return { spec: used, columnNames: [...run.columnNames], columns: run.columns, length: run.length, divergedAtStep: run.divergedAtStep };
}

/**
 * A validated trajectory spec run by its kind, for trajectory() and `uvchaos trajectory` alike:
 * `source` names the spec in messages, `saveEvery` (mlp) keeps weights every N steps (0: the final ones).
 */
export function runTrajectorySpec(
  kind: ModelKind,
  spec: TrajectorySpec,
  options: { source: string; saveEvery?: number },
): Promise<TrajectoryRun> {
  return kind.trajectory.run(spec, options);
}
