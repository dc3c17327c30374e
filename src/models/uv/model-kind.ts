import type { ChunkTask } from '../../kind/chunk.js';
import type { ModelKind } from '../../kind/model-kind.js';
import type { TrajectoryTable } from '../../kind/trajectory.js';
import { formatNumber } from '../../render/style.js';
import type { UvSweepSpec } from '../../spec/sweep-spec.js';
import type { UvTrajectorySpec } from '../../spec/trajectory-spec.js';
import { uvCascadeFamily } from './cascade-family.js';
import { uvConstants } from './constants.js';
import { uvKind } from './kind.js';
import { initialFunctionState } from './network.js';
import { uvPortraitSystem } from './portrait-geometry.js';
import type { UvModelSpec } from './spec-schema.js';
import { computeUvChunk, type UvChunkBase } from './sweep-chunk.js';
import { computeUvWeightsChunk } from './weights-chunk.js';
import { runUvWeightsTrajectory } from './weights-trajectory.js';
import { uvLoss, uvSharpness } from './sharpness.js';
import { runTrajectory, type Trajectory } from './trajectory.js';
import { rateOf } from '../../schedules/schedule.js';
import { UV_TRAJECTORY_COLUMNS, uvTrajectoryRow } from './trajectory-columns.js';
import { uvTrajectoryFigureInput } from './trajectory-figure-input.js';

const figureInput = (spec: UvTrajectorySpec, t: Trajectory, preconditioned?: Float64Array) => {
  const c = uvConstants(spec.model);
  const { eta, schedule, steps, engine, optimizer } = spec;
  const settings = { eta, schedule, steps, eps: c.eps, target: c.target, engine, optimizer };
  return uvTrajectoryFigureInput(spec.title ?? spec.name, t, settings, preconditioned);
};

/**
 * The UV model, whole. Its sweeps run the hand-specialised four-lane kernels (computeUvChunk),
 * behind the same chunk interface as every map.
 */
export const uvModelKind: ModelKind = {
  name: 'uv',
  info: uvKind,
  compute: {
    // the function-space kernels run plain GD at one η; any other optimizer, or a schedule, trains the explicit weights
    chunk: (task) =>
      (task.spec.optimizer?.kind ?? 'gd') === 'gd' && (task.spec.schedule?.schedule ?? 'constant') === 'constant'
        ? computeUvChunk(task as ChunkTask & { spec: UvSweepSpec; base?: UvChunkBase })
        : computeUvWeightsChunk(task as ChunkTask & { spec: UvSweepSpec }),
    base: (model) => initialFunctionState(model as UvModelSpec),
    cascadeFamily: (spec) => uvCascadeFamily(spec as UvSweepSpec),
  },
  trajectory: {
    savesWeights: false,
    async run(trajectorySpec) {
      const spec = trajectorySpec as UvTrajectorySpec;
      if (spec.optimizer.kind !== 'gd') return runUvWeightsTrajectory(spec);
      const { eps, target } = uvConstants(spec.model);
      const t = runTrajectory(spec);
      // under a schedule the table gains η_t, and η × sharpness is η_t's
      const rate = spec.schedule ? rateOf(spec.eta, spec.schedule, spec.steps - 1) : null;
      const names: readonly string[] = rate ? ['step', 'eta', ...UV_TRAJECTORY_COLUMNS.slice(1)] : UV_TRAJECTORY_COLUMNS;
      const table = names.map(() => new Float64Array(t.length));
      for (let i = 0; i < t.length; i++) {
        const eta = rate ? rate.at(i) : spec.eta;
        const row = uvTrajectoryRow(t, i, eta, eps, target);
        if (rate) row.splice(1, 0, eta);
        row.forEach((v, col) => (table[col][i] = v));
      }
      const last = t.length - 1;
      let lastRow: string | null = null;
      if (last >= 0) {
        const f = t.f[last];
        const sharp = uvSharpness(f, t.ntk[last], eps, target);
        lastRow =
          `step ${last}: loss ${formatNumber(uvLoss(f, target))}, f ${formatNumber(f)}, ntk ${formatNumber(t.ntk[last])}, ` +
          `sharpness ${formatNumber(sharp)}, eta*sharpness ${formatNumber((rate ? rate.at(last) : spec.eta) * sharp)}`;
      }
      return {
        columnNames: names,
        columns: Object.fromEntries(names.map((name, col) => [name, table[col]])),
        length: t.length,
        divergedAtStep: t.divergedAtStep,
        figure: { type: 'training', input: figureInput(spec, t) },
        lastRow,
        divergence: '|f| or λ',
        files: [],
      };
    },
    async figure(spec, table: TrajectoryTable) {
      const t: Trajectory = { f: table.columns.f, ntk: table.columns.ntk, length: table.length, divergedAtStep: table.divergedAtStep };
      return { type: 'training', input: figureInput(spec as UvTrajectorySpec, t, table.columns.preconditioned_sharpness) };
    },
  },
  portrait: { system: uvPortraitSystem },
};
