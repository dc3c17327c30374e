import type { ModelKindInfo, ModelLike } from '../kind/model-kind-info.js';
import { formatNumber } from '../render/style.js';

/** A discrete map x → F(x; parameters): its state is its variables, its exponents the full spectrum. */
export function discreteMapKind(
  parameters: (m: ModelLike) => readonly string[],
  variables: (m: ModelLike) => readonly string[],
): ModelKindInfo {
  return {
    names: (m) => ({ parameters: parameters(m), observables: variables(m) }),
    recorded: variables,
    exponents: (m) => variables(m).length,
    exponentsChosen: false,
    extraColumns: [],
    gradientDescent: false,
    positiveParameters: [],
    samplesToMainThread: false,
    inlineSweeps: true,
    chunkLanes: 4,
    observableLabels: {},
    // a start is a point of the state space: the box's values replace model.init's, variable by variable
    initialConditions: {
      boxNames: variables,
      perturbation: false,
      check(_model, ic, _axis, report) {
        if (!ic.box) report(['initialConditions', 'box'], 'missing; a map starts from model.init alone: give a box over its variables');
      },
      modelOf: (model, _k, drawn) => {
        const m = model as { init: Record<string, number> };
        return drawn ? { ...m, init: { ...m.init, ...drawn } } : m;
      },
    },
    summary(spec) {
      const model = spec.model as ModelLike;
      const fixed = Object.entries(model.parameters ?? {}).filter(([name]) => name !== spec.sweep.parameter);
      return [`${model.kind} map`, ...fixed.map(([name, value]) => `${name} = ${formatNumber(value)}`)];
    },
    checkTrajectory(spec, report) {
      const kind = spec.model.kind;
      if (spec.sharpnessEvery !== undefined)
        report(['sharpnessEvery'], `only mlp trajectories take sharpnessEvery; the ${kind} model's columns are exact every step`);
      if (spec.eta !== undefined) report(['eta'], `eta belongs to the UV model; a ${kind} map takes its parameters in model.parameters`);
      if (spec.engine === 'full') report(['engine'], 'engine "full" (explicit weights) exists only for the UV model');
    },
  };
}
