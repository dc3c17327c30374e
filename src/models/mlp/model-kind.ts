import type { ChunkResult, ChunkTask } from '../../kind/chunk.js';
import type { ModelKind } from '../../kind/model-kind.js';
import type { TrajectoryTable } from '../../kind/trajectory.js';
import { formatNumber } from '../../render/style.js';
import type { MlpTrajectorySpec } from '../../spec/trajectory-spec.js';
import { mlpKind } from './kind.js';
import { computeMlpChunk } from './sweep-chunk.js';
import { mlpTrajectoryColumns, mlpTrajectoryOptions, runMlpTrajectory } from './training-run.js';
import { setupMlp } from './training-setup.js';
import { mlpTrajectoryFigureInput } from './trajectory-figure-input.js';
import { weightsFileText } from './weights-file.js';

/**
 * A multi-layer perceptron, whole. Its trajectory is full-batch GD with sharpness (Lanczos on
 * exact HVPs), the NTK eigenvalue, the gradient norm and the accuracy per step; the same figure
 * as the UV model. No portrait.
 */
export const mlpModelKind: ModelKind = {
  name: 'mlp',
  info: mlpKind,
  compute: { chunk: computeMlpChunk as (task: ChunkTask) => ChunkResult },
  trajectory: {
    savesWeights: true,
    async run(trajectorySpec, { source, saveEvery }) {
      const spec = trajectorySpec as MlpTrajectorySpec;
      const setup = setupMlp(spec.model, source, {}, { ntk: true });
      const t = runMlpTrajectory(setup, mlpTrajectoryOptions(spec, saveEvery));
      const names = mlpTrajectoryColumns(t, spec.schedule !== undefined);
      const last = t.length - 1;
      const c = t.columns;
      const cell = (name: keyof typeof c) => (Number.isNaN(c[name][last]) ? '–' : formatNumber(c[name][last]));
      const checkpoints = `${t.snapshots.length} checkpoint${t.snapshots.length > 1 ? 's' : ''}`;
      return {
        columnNames: names,
        columns: Object.fromEntries(names.map((name) => [name, c[name].subarray(0, t.length)])),
        length: t.length,
        divergedAtStep: t.divergedAtStep,
        figure: {
          type: 'training',
          input: mlpTrajectoryFigureInput(spec.title ?? spec.name, spec, setup.net.parameterCount, t),
        },
        lastRow:
          last >= 0
            ? `step ${last}: loss ${cell('loss')}, f ${cell('f')}, sharpness ${cell('sharpness')}, eta*sharpness ${cell('eta_sharpness')}${t.preconditioned ? `, eta*preconditioned sharpness ${cell('eta_preconditioned_sharpness')}` : ''}, ntk ${cell('ntk')}${t.classification ? `, accuracy ${cell('accuracy')}` : ''}`
            : null,
        divergence: 'the loss',
        files:
          saveEvery !== undefined ? [{ suffix: 'weights.json', text: weightsFileText(setup.net, t.snapshots), note: checkpoints }] : [],
      };
    },
    async figure(trajectorySpec, table: TrajectoryTable) {
      const spec = trajectorySpec as MlpTrajectorySpec;
      // the parameter count in the subtitle: the network as the run built it (its data are small)
      const net = setupMlp(spec.model, 'renderTrajectoryPng').net;
      const { loss, sharpness, ntk, preconditioned_sharpness } = table.columns;
      const columns = { loss, sharpness, ntk, ...(preconditioned_sharpness ? { preconditioned_sharpness } : {}) };
      const t = { columns, length: table.length, divergedAtStep: table.divergedAtStep };
      return { type: 'training', input: mlpTrajectoryFigureInput(spec.title ?? spec.name, spec, net.parameterCount, t) };
    },
  },
};
