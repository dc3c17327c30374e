import type { ModelKindInfo } from '../../kind/model-kind-info.js';
import { formatNumber } from '../../render/style.js';
import { wholeGridValueIssue } from '../../sweep/grid.js';
import { describeMlp } from './describe.js';
import { MLP_EXTRA_COLUMNS, MLP_OBSERVABLE_LABEL, MLP_OBSERVABLES, MLP_RECORDED, MLP_SWEEP_PARAMETERS } from './names.js';
import type { MlpModelSpec } from './spec-schema.js';
import type { GridAxis } from '../../spec/sweep-spec.js';

/** Second axes of an mlp phase diagram: init.scale, the output multiplier γ, or every hidden width. */
export const MLP_PHASE_AXES = ['initScale', 'multiplier', 'width'] as const;

/** A multi-layer perceptron trained by full-batch GD on a data set. */
export const mlpKind: ModelKindInfo = {
  names: () => ({ parameters: MLP_SWEEP_PARAMETERS, observables: MLP_OBSERVABLES }),
  recorded: () => MLP_RECORDED,
  exponents: (_m, requested) => requested ?? 1,
  exponentsChosen: true,
  extraColumns: MLP_EXTRA_COLUMNS,
  gradientDescent: true,
  minibatches: true,
  positiveParameters: MLP_SWEEP_PARAMETERS,
  samplesToMainThread: true,
  inlineSweeps: false,
  chunkLanes: 1,
  observableLabels: MLP_OBSERVABLE_LABEL,
  phaseAxes: MLP_PHASE_AXES,
  // run k: weights drawn with seed init.seed + k; with a perturbation, the same initial weights
  // (seeded or loaded) plus seeded noise of norm δ, seed initialConditions.seed + k (model.init.perturbation)
  initialConditions: {
    boxNames: () => [],
    perturbation: true,
    modelOf(model, k, _drawn, ic) {
      const m = model as MlpModelSpec;
      const init =
        ic.perturbation === undefined
          ? { ...m.init, seed: m.init.seed + k }
          : { ...m.init, perturbation: { norm: ic.perturbation, seed: ic.seed + k } };
      return { ...m, init };
    },
  },
  lossOutcomes: true,
  summary: (spec) => [
    describeMlp(spec.model as MlpModelSpec, spec.sweep.parameter),
    ...(spec.eta !== undefined ? [`η = ${formatNumber(spec.eta)}`] : []),
  ],
  phaseCurves: async (spec) => {
    const curve = (await import('./initial-stability.js')).mlpInitialStabilityCurve(
      spec.model as MlpModelSpec,
      spec.grid.y,
      spec.optimizer,
    );
    return curve ? [curve] : [];
  },
  namedFiles(model) {
    // a spec as written: init may be absent (its defaults are the schema's)
    const { data, init } = model as { data: MlpModelSpec['data']; init?: { weights?: string } };
    return [
      ...(data.dataset === 'csv' ? [{ field: 'model.data.path', path: data.path }] : []),
      ...(init?.weights !== undefined ? [{ field: 'model.init.weights', path: init.weights }] : []),
    ];
  },
  async resolveFiles(spec, source, folder) {
    const [{ resolveMlpPaths }, { checkMlpSpec }] = await Promise.all([import('./training-setup.js'), import('./check-spec.js')]);
    // paths inside a spec are relative to the spec file, wherever the command runs
    const model = resolveMlpPaths(spec.model as MlpModelSpec, folder);
    const { sweep, grid } = spec as { sweep?: GridAxis; grid?: { x: GridAxis; y: GridAxis } };
    checkMlpSpec(
      model,
      source,
      [
        { field: 'sweep', axis: sweep },
        { field: 'grid.x', axis: grid?.x },
        { field: 'grid.y', axis: grid?.y },
      ].flatMap(({ field, axis }) => (axis ? [{ ...axis, field }] : [])),
      (spec as { batch?: { size: number } }).batch,
    );
    return { ...spec, model };
  },
  checkSweep(spec, report) {
    if (spec.sweep.parameter === 'width') {
      // every hidden layer takes the swept width: a fractional width is no network
      const issue = wholeGridValueIssue(spec.sweep, 'width');
      if (issue) report(['sweep'], issue);
    }
  },
  checkTrajectory(spec, report) {
    if (spec.eta === undefined) report(['eta'], 'missing; expected a number > 0 (the learning rate)');
    if (spec.engine === 'full') report(['engine'], 'engine "full" exists only for the UV model; an mlp always trains its weights');
  },
};
