import { writeCsvTable } from '../io/csv.js';
import { runTrajectorySpec } from '../api/trajectory.js';
import { modelKindOf } from '../models/registry.js';
import { loadSpec } from '../spec/load-spec.js';
import { trajectorySpecSchema } from '../spec/trajectory-spec.js';
import { LIMITS } from '../spec/limits.js';
import { UsageError } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { COMMAND_SUMMARIES } from './commands.js';

export const trajectoryCommand: CommandDefinition = {
  name: 'trajectory',
  summary: COMMAND_SUMMARIES.trajectory,
  usage: 'uvchaos trajectory <spec.json> [--out DIR] [--save-weights [--save-every N]]',
  flags: {
    out: COMMON_FLAGS.out('<name>.trajectory.csv and <name>.trajectory.png'),
    'save-weights': { type: 'boolean', help: 'mlp: also write <name>.weights.json (the final weights)' },
    'save-every': {
      type: 'string',
      help: 'mlp, with --save-weights: also keep the weights every N steps',
      positiveInteger: { max: LIMITS.trajectorySteps },
    },
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
    const kind = modelKindOf(spec.model);
    if (flags['save-every'] !== undefined && !flags['save-weights']) throw new UsageError('trajectory: --save-every needs --save-weights');
    if (flags['save-weights'] && !kind.trajectory.savesWeights)
      throw new UsageError(`trajectory: --save-weights is for mlp models; the ${spec.model.kind} model has no weights to save`);
    const outputs = prepareOutputs(String(flags.out), spec.name);
    const renderer = import('../render/trajectory-figure.js'); // load Chart.js while the model runs
    const saveEvery = flags['save-weights'] ? Number(flags['save-every'] ?? 0) : undefined;
    const run = await runTrajectorySpec(kind, spec, { source: specPath, saveEvery });
    const png = await (await renderer).renderKindTrajectoryFigure(run.figure);

    const csvPath = outputs.path('trajectory.csv');
    const pngPath = outputs.path('trajectory.png');
    // NaN cells (mlp sharpness between every k-th step) are written empty by csvCell
    writeCsvTable(outputs.file('trajectory.csv'), run.columnNames, run.length, (i) => run.columnNames.map((c) => run.columns[c][i]));
    outputs.write('trajectory.png', png);
    for (const file of run.files) outputs.write(file.suffix, file.text);
    outputs.commit();

    if (run.lastRow !== null) log(run.lastRow);
    const files = run.files.map((f) => `, ${outputs.path(f.suffix)} (${f.note})`).join('');
    log(`wrote ${csvPath} (${run.length} rows)${files ? `, ${pngPath}${files}` : ` and ${pngPath}`}`);
    if (run.divergedAtStep !== null) {
      log(
        `warning: diverged at step ${run.divergedAtStep} (${run.divergence} left the bound ${spec.divergenceBound} or stopped being finite); ` +
          `the table holds steps 0–${run.divergedAtStep - 1}`,
        'stderr',
      );
    }
    return 0;
  },
};
