import type { z } from 'zod';
import { runMapTrajectory } from '../maps/map-trajectory.js';
import { runTrajectory } from '../models/uv/trajectory.js';
import { uvConstants } from '../models/uv/constants.js';
import { UV_TRAJECTORY_COLUMNS, uvTrajectoryRow } from '../models/uv/trajectory-columns.js';
import { MLP_TRAJECTORY_COLUMNS, mlpTrajectoryOptions, runMlpTrajectory } from '../models/mlp/training-run.js';
import { setupMlp } from '../models/mlp/training-setup.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import { isMlpTrajectory, isUvTrajectory, trajectorySpecSchema, type TrajectorySpec } from '../spec/trajectory-spec.js';
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
 * Hénon, expression), as `uvchaos trajectory` does, and returns its table by column.
 * Throws SpecError for an invalid spec, with the CLI's message.
 */
export async function trajectory(spec: TrajectorySpecInput): Promise<TrajectoryResult> {
  const used = await specFromObject('trajectory', spec, trajectorySpecSchema);
  if (isMlpTrajectory(used)) {
    const setup = setupMlp(used.model, 'trajectory(spec)');
    const t = runMlpTrajectory(setup, mlpTrajectoryOptions(used));
    const names = t.classification ? MLP_TRAJECTORY_COLUMNS : MLP_TRAJECTORY_COLUMNS.filter((c) => c !== 'accuracy');
    return result(used, names, (name) => t.columns[name as keyof typeof t.columns], t.length, t.divergedAtStep);
  }
  if (isUvTrajectory(used)) {
    const c = uvConstants(used.model);
    const t = runTrajectory(used);
    const table = UV_TRAJECTORY_COLUMNS.map(() => new Float64Array(t.length));
    for (let i = 0; i < t.length; i++) uvTrajectoryRow(t, i, used.eta, c.eps, c.target).forEach((v, col) => (table[col][i] = v));
    return result(used, UV_TRAJECTORY_COLUMNS, (name) => table[UV_TRAJECTORY_COLUMNS.indexOf(name as never)], t.length, t.divergedAtStep);
  }
  const t = runMapTrajectory(used.model as GenericModelSpec, used.steps, used.divergenceBound);
  const steps = Float64Array.from({ length: t.length }, (_, i) => i);
  const state = (name: string) => {
    const c = t.stateNames.indexOf(name);
    return t.states.subarray(c * t.capacity, c * t.capacity + t.length);
  };
  return result(used, ['step', ...t.stateNames], (name) => (name === 'step' ? steps : state(name)), t.length, t.divergedAtStep);
}

function result(
  spec: TrajectorySpec,
  names: readonly string[],
  column: (name: string) => Float64Array,
  length: number,
  divergedAtStep: number | null,
): TrajectoryResult {
  const columns: Record<string, Float64Array> = {};
  for (const name of names) columns[name] = column(name).subarray(0, length);
  return { spec, columnNames: [...names], columns, length, divergedAtStep };
}
