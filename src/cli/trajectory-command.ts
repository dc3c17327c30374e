import type { AtomicFile } from '../io/atomic-file.js';
import type { OutputSet } from '../io/output-set.js';
import { writeCsvTable } from '../io/csv.js';
import { uvLoss, uvSharpness } from '../models/uv/sharpness.js';
import { runTrajectory, type Trajectory } from '../models/uv/trajectory.js';
import { UV_TRAJECTORY_COLUMNS, uvTrajectoryRow } from '../models/uv/trajectory-columns.js';
import { uvConstants } from '../models/uv/constants.js';
import { loadSpec } from '../spec/load-spec.js';
import { isMlpTrajectory, isUvTrajectory, trajectorySpecSchema, type TrajectorySpec } from '../spec/trajectory-spec.js';
import { LIMITS } from '../spec/limits.js';
import { UsageError } from './cli-error.js';
import { runMlpTrajectoryCommand } from './mlp-trajectory.js';
import { runMapTrajectory } from '../maps/map-trajectory.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { formatNumber } from '../render/style.js';
import { COMMAND_SUMMARIES } from './commands.js';

export const trajectoryCommand: CommandDefinition = {
  name: 'trajectory',
  summary: COMMAND_SUMMARIES.trajectory,
  usage: 'uvchaos trajectory <spec.json> [--out DIR] [--save-weights [--save-every N]]',
  flags: {
    out: COMMON_FLAGS.out('<name>.trajectory.csv and <name>.trajectory.png'),
    'save-weights': { type: 'boolean', help: 'mlp: also write <name>.weights.json (the final weights)' },
    'save-every': { type: 'string', help: 'mlp, with --save-weights: also keep the weights every N steps', positiveInteger: { max: LIMITS.trajectorySteps } },
  },
  details: `Spec fields: name, model, steps, divergenceBound? (default 1e12), title?, description?, and for the UV
model eta and engine? ("map" | "full", default "map").
UV model {kind: "uv", width, inputDim, inputNorm2?, target, multiplier?, init}: init is {f0, ntk0}
(start in function space; needs ntk0 ≥ 2√ε|f0|) or {seed, sigmaU, sigmaV}. Columns: step, loss = ½(f−y)², f,
residual = f − y, ntk = λ, sharpness (top Hessian eigenvalue), eta_sharpness = η × sharpness.
Other maps: {kind: "logistic", parameters?: {r}, init?: {x}}, {kind: "henon", parameters?: {a, b}, init?: {x, y}},
{kind: "expression", variables, parameters, equations, init?}. Columns: step and one per variable.
mlp {kind: "mlp", layers, activation?, bias?, parameterization?, multiplier?, init?, data, sharpness?} with eta and
sharpnessEvery? (1): columns step, loss, f, sharpness, eta_sharpness, ntk, grad_norm, accuracy.
A diverging run keeps its rows up to the divergence and says where.`,
  async run({ positionals, flags, log }) {
    const specPath = positionals[0];
    const spec = await loadSpec(specPath, trajectorySpecSchema);
    if (flags['save-every'] !== undefined && !flags['save-weights']) throw new UsageError('trajectory: --save-every needs --save-weights');
    if (flags['save-weights'] && !isMlpTrajectory(spec)) throw new UsageError(`trajectory: --save-weights is for mlp models; the ${spec.model.kind} model has no weights to save`);
    const outputs = prepareOutputs(String(flags.out), spec.name);
    if (isMlpTrajectory(spec)) {
      const saveEvery = flags['save-weights'] ? Number(flags['save-every'] ?? 0) : undefined;
      return runMlpTrajectoryCommand(spec, specPath, outputs, log, saveEvery);
    }
    if (!isUvTrajectory(spec)) return runMapTrajectoryCommand(spec, outputs, log);
    const c = uvConstants(spec.model);
    const trajectory = runTrajectory(spec);

    const { renderTrajectoryFigure, uvTrajectoryFigureInput } = await import('../render/trajectory-figure.js');
    const png = await renderTrajectoryFigure(
      uvTrajectoryFigureInput(spec.title ?? spec.name, trajectory, { eta: spec.eta, eps: c.eps, target: c.target, engine: spec.engine }),
    );

    const csvPath = outputs.path('trajectory.csv');
    const pngPath = outputs.path('trajectory.png');
    writeTrajectoryCsv(outputs.file('trajectory.csv'), trajectory, spec.eta, c.eps, c.target);
    outputs.write('trajectory.png', png);
    outputs.commit();

    const last = trajectory.length - 1;
    if (last >= 0) {
      const f = trajectory.f[last];
      const sharp = uvSharpness(f, trajectory.ntk[last], c.eps, c.target);
      log(
        `step ${last}: loss ${formatNumber(uvLoss(f, c.target))}, f ${formatNumber(f)}, ntk ${formatNumber(trajectory.ntk[last])}, ` +
          `sharpness ${formatNumber(sharp)}, eta*sharpness ${formatNumber(spec.eta * sharp)}`,
      );
    }
    log(`wrote ${csvPath} (${trajectory.length} rows) and ${pngPath}`);
    if (trajectory.divergedAtStep !== null) {
      log(
        `warning: diverged at step ${trajectory.divergedAtStep} (|f| or λ left the bound ${spec.divergenceBound} or stopped being finite); ` +
          `the table holds steps 0–${trajectory.divergedAtStep - 1}`,
        'stderr',
      );
    }
    return 0;
  },
};

function writeTrajectoryCsv(file: AtomicFile, t: Trajectory, eta: number, eps: number, target: number): void {
  writeCsvTable(file, UV_TRAJECTORY_COLUMNS, t.length, (i) => uvTrajectoryRow(t, i, eta, eps, target));
}

async function runMapTrajectoryCommand(
  spec: TrajectorySpec,
  outputs: OutputSet,
  log: (line: string, stream?: 'stdout' | 'stderr') => void,
): Promise<number> {
  const model = spec.model as GenericModelSpec;
  const t = runMapTrajectory(model, spec.steps, spec.divergenceBound);
  const { renderMapTrajectoryFigure, mapTrajectorySubtitle } = await import('../render/map-trajectory-figure.js');
  const png = await renderMapTrajectoryFigure(spec.title ?? spec.name, mapTrajectorySubtitle(model, spec.steps, t.divergedAtStep), t);
  const csvPath = outputs.path('trajectory.csv');
  const pngPath = outputs.path('trajectory.png');
  writeCsvTable(outputs.file('trajectory.csv'), ['step', ...t.stateNames], t.length, (i) => [i, ...t.stateNames.map((_, c) => t.states[c * t.capacity + i])]);
  outputs.write('trajectory.png', png);
  outputs.commit();
  if (t.length > 0) {
    const last = t.length - 1;
    log(`step ${last}: ${t.stateNames.map((n, c) => `${n} ${formatNumber(t.states[c * t.capacity + last])}`).join(', ')}`);
  }
  log(`wrote ${csvPath} (${t.length} rows) and ${pngPath}`);
  if (t.divergedAtStep !== null) {
    log(`warning: diverged at step ${t.divergedAtStep} (a state left the bound ${spec.divergenceBound} or stopped being finite); the table holds steps 0–${t.divergedAtStep - 1}`, 'stderr');
  }
  return 0;
}
