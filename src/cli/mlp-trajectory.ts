import type { OutputSet } from '../io/output-set.js';
import { writeCsvTable } from '../io/csv.js';
import { MLP_TRAJECTORY_COLUMNS, mlpTrajectoryOptions, runMlpTrajectory } from '../models/mlp/training-run.js';
import { setupMlp } from '../models/mlp/training-setup.js';
import { weightsFileText } from '../models/mlp/weights-file.js';
import { formatNumber } from '../render/style.js';
import type { MlpTrajectorySpec } from '../spec/trajectory-spec.js';

/**
 * `uvchaos trajectory` for an mlp: full-batch GD with sharpness (Lanczos on exact HVPs), the NTK
 * eigenvalue, the gradient norm and the accuracy per step; the same figure as the UV model.
 */
export async function runMlpTrajectoryCommand(
  spec: MlpTrajectorySpec,
  specPath: string,
  outputs: OutputSet,
  log: (line: string, stream?: 'stdout' | 'stderr') => void,
  saveEvery: number | undefined,
): Promise<number> {
  const setup = setupMlp(spec.model, specPath);
  const renderer = import('../render/trajectory-figure.js');
  const t = runMlpTrajectory(setup, mlpTrajectoryOptions(spec, saveEvery));
  const columns = t.classification ? MLP_TRAJECTORY_COLUMNS : MLP_TRAJECTORY_COLUMNS.filter((c) => c !== 'accuracy');
  const { renderTrajectoryFigure, mlpTrajectoryFigureInput } = await renderer;
  const png = await renderTrajectoryFigure(mlpTrajectoryFigureInput(spec.title ?? spec.name, spec.model, setup.net.parameterCount, spec.eta, t));

  const csvPath = outputs.path('trajectory.csv');
  const pngPath = outputs.path('trajectory.png');
  const weightsPath = outputs.path('weights.json');
  // NaN cells (sharpness between every k-th step) are written empty by csvCell
  writeCsvTable(outputs.file('trajectory.csv'), columns, t.length, (i) => columns.map((c) => t.columns[c][i]));
  outputs.write('trajectory.png', png);
  if (saveEvery !== undefined) outputs.write('weights.json', weightsFileText(setup.net, t.snapshots));
  outputs.commit();

  const last = t.length - 1;
  if (last >= 0) {
    const c = t.columns;
    const cell = (name: keyof typeof c) => (Number.isNaN(c[name][last]) ? '–' : formatNumber(c[name][last]));
    log(`step ${last}: loss ${cell('loss')}, f ${cell('f')}, sharpness ${cell('sharpness')}, eta*sharpness ${cell('eta_sharpness')}, ntk ${cell('ntk')}${t.classification ? `, accuracy ${cell('accuracy')}` : ''}`);
  }
  log(`wrote ${csvPath} (${t.length} rows), ${pngPath}${saveEvery !== undefined ? `, ${weightsPath} (${t.snapshots.length} checkpoint${t.snapshots.length > 1 ? 's' : ''})` : ''}`);
  if (t.divergedAtStep !== null) {
    log(`warning: diverged at step ${t.divergedAtStep} (the loss left the bound ${spec.divergenceBound} or stopped being finite); the table holds steps 0–${t.divergedAtStep - 1}`, 'stderr');
  }
  return 0;
}
