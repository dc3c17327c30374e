import type { ModelKindInfo } from '../../kind/model-kind-info.js';
import type { KindInitialConditions } from '../../kind/initial-conditions.js';
import { formatNumber } from '../../render/style.js';
import { LIMITS } from '../../spec/limits.js';
import { minimumNtk, uvConstants } from './constants.js';
import { uvFeasible, uvPlane } from './portrait-geometry.js';
import { LANES } from './orbit-kernel.js';
import { UV_OBSERVABLES, UV_SWEEP_PARAMETERS } from './names.js';
import { OBSERVABLE_LABEL } from './observables.js';
import { stabilityThresholdOf } from '../../optimizers/stability-threshold.js';
import type { UvModelSpec } from './spec-schema.js';
import { unrealisableStart } from './sweep-point.js';

/** Second axes of a UV phase diagram. `initScale` multiplies the initial weights (σU and σV, or the realising weights of {f0, ntk0}); `width` sets γ = 1/√width. */
export const UV_PHASE_AXES = ['target', 'width', 'f0', 'ntk0', 'initScale', 'multiplier'] as const;

/** An init given in function space {f0, ntk0}, as opposed to seeded weights. */
const functionSpaceInit = (model: UvModelSpec): model is UvModelSpec & { init: { f0: number; ntk0: number } } => !('seed' in model.init);

/**
 * λ0 ≥ 2√ε|f0| must hold wherever the grid goes; each quantity enters monotonically, so checking
 * the ends of an axis suffices.
 */
function checkRealisable(
  model: UvModelSpec,
  parameter: string,
  ends: [number, number],
  path: (string | number)[],
  report: (path: (string | number)[], message: string) => void,
): void {
  if (!functionSpaceInit(model)) return;
  for (const [i, value] of ends.entries()) {
    const bad = unrealisableStart(model, { [parameter]: value });
    if (bad) {
      report(
        [...path, i === 0 ? 'from' : 'to'],
        `at ${parameter} = ${value} the init has ntk0 = ${bad.ntk0} < 2√ε|f0| = ${bad.floor.toPrecision(6)}, which no weights realise`,
      );
    }
  }
}

/**
 * A UV start is a point (f0, ntk0) of function space, drawn from the box; a name left out of the
 * box keeps the function-space init's value. Without a box, a seeded init draws run k's weights
 * with seed init.seed + k.
 */
const uvInitialConditions: KindInitialConditions = {
  boxNames: () => ['f0', 'ntk0'],
  perturbation: false,
  check(model, ic, axis, report) {
    const m = model as UvModelSpec;
    const box = ic.box ?? {};
    if (!ic.box) {
      if (functionSpaceInit(m))
        report(['initialConditions', 'box'], 'missing; a function-space init {f0, ntk0} is one start: give a box over f0 and ntk0');
      return;
    }
    const seeded = !functionSpaceInit(m);
    for (const name of ['f0', 'ntk0'] as const) {
      if (seeded && !box[name])
        report(['initialConditions', 'box', name], `missing; a seeded init has no ${name} for the box to keep: give both f0 and ntk0`);
    }
    const ntk = box.ntk0;
    if (ntk && !(ntk[0] > 0)) {
      report(
        ['initialConditions', 'box', 'ntk0'],
        `expected λ₀ > 0 (as init.ntk0: the NTK eigenvalue of a start), got [${ntk[0]}, ${ntk[1]}]`,
      );
      return;
    }
    if (seeded && (!box.f0 || !box.ntk0)) return;
    const init = functionSpaceInit(m) ? m.init : { f0: 0, ntk0: 0 };
    // a swept f0 or ntk0 replaces the start's value along the grid: its range is the axis's
    const f0 = axis.parameter === 'f0' ? [axis.from, axis.to] : (box.f0 ?? [init.f0, init.f0]);
    const ntk0Low = axis.parameter === 'ntk0' ? axis.from : ntk ? ntk[0] : init.ntk0;
    // every start must be realisable: the box's lowest ntk0 against its largest |f0|, at both ends of the axis (ε moves monotonically)
    const worstF0 = Math.abs(f0[0]) > Math.abs(f0[1]) ? f0[0] : f0[1];
    const corner = { ...m, init: { f0: worstF0, ntk0: ntk0Low } };
    const modelParameter =
      (UV_SWEEP_PARAMETERS as readonly string[]).includes(axis.parameter) && axis.parameter !== 'f0' && axis.parameter !== 'ntk0';
    const ends = modelParameter ? [axis.from, axis.to] : [NaN];
    for (const value of ends) {
      const bad = unrealisableStart(corner, Number.isNaN(value) ? {} : { [axis.parameter]: value });
      if (bad) {
        report(
          ['initialConditions', 'box', 'ntk0'],
          `the box reaches ntk0 = ${ntk0Low} at f0 = ${worstF0}${Number.isNaN(value) ? '' : ` (${axis.parameter} = ${value})`}, below 2√ε|f0| = ${bad.floor.toPrecision(6)}, which no weights realise`,
        );
        return;
      }
    }
  },
  modelOf(model, k, drawn) {
    const m = model as UvModelSpec;
    if (drawn) {
      const init = functionSpaceInit(m) ? m.init : { f0: NaN, ntk0: NaN };
      return { ...m, init: { f0: drawn.f0 ?? init.f0, ntk0: drawn.ntk0 ?? init.ntk0 } };
    }
    if (functionSpaceInit(m) || !('seed' in m.init)) return m;
    return { ...m, init: { ...m.init, seed: m.init.seed + k } };
  },
};

/** The UV model f = γ vᵀUx trained by GD on one example, run in function space (f, λ). */
export const uvKind: ModelKindInfo = {
  names: () => ({ parameters: UV_SWEEP_PARAMETERS, observables: UV_OBSERVABLES }),
  recorded: () => ['f', 'ntk'],
  exponents: () => 2,
  exponentsChosen: false,
  extraColumns: [],
  gradientDescent: true,
  positiveParameters: ['eta', 'multiplier', 'inputNorm2', 'ntk0'],
  samplesToMainThread: false,
  inlineSweeps: true,
  chunkLanes: LANES,
  observableLabels: OBSERVABLE_LABEL,
  phaseAxes: UV_PHASE_AXES,
  initialConditions: uvInitialConditions,
  summary(spec) {
    const c = uvConstants(spec.model as UvModelSpec);
    return [
      `ε = ${formatNumber(c.eps)}`,
      ...(spec.sweep.parameter === 'target' ? [] : [`y = ${formatNumber(c.target)}`]),
      ...(spec.eta !== undefined ? [`η = ${formatNumber(spec.eta)}`] : []),
    ];
  },
  theoryOnset(spec) {
    // η = 1/(√ε|y|): the line of minima loses stability where its flattest point, λ = 2√ε|y|, meets
    // λ = 2/η (paper §3); under momentum or Nesterov, where it meets threshold/η. An adaptive
    // optimizer's threshold bounds λ_max(P⁻¹H), which no closed form gives here.
    const c = uvConstants(spec.model as UvModelSpec);
    if (spec.sweep.parameter !== 'eta' || c.target === 0) return null;
    if (spec.optimizer.kind === 'gd') return 1 / (Math.sqrt(c.eps) * Math.abs(c.target));
    const threshold = stabilityThresholdOf(spec.optimizer);
    return threshold.on === 'sharpness' ? threshold.value / (2 * Math.sqrt(c.eps) * Math.abs(c.target)) : null;
  },
  phaseCurves: async (spec) => (await import('./phase-curves.js')).uvPhaseCurves(spec),
  checkPortrait(spec, report) {
    // trajectories given in the plane's coordinates must start where some weights are
    if (spec.eta === undefined) return; // reported as missing already
    const { eps, target } = uvConstants(spec.model as UvModelSpec);
    const plane = uvPlane(spec.plane, { eta: spec.eta, eps, target });
    const z = new Float64Array(2);
    spec.trajectories.forEach((t, i) => {
      if (t.y === undefined) return;
      plane.toState(t.x, t.y, z);
      if (!uvFeasible(z[0], z[1], eps)) {
        report(
          ['trajectories', i],
          `(${t.x}, ${t.y}) is outside the feasible region: it is f = ${z[0]}, λ = ${z[1]}, and every weight configuration has λ ≥ 2√ε|f| = ${minimumNtk(z[0], eps).toPrecision(6)} (ε = ${eps.toPrecision(6)})`,
        );
      }
    });
  },
  checkSweep(spec, report) {
    const model = spec.model as UvModelSpec;
    const { sweep } = spec;
    const weights = model.width * (model.inputDim + 1);
    if (spec.optimizer.kind !== 'gd' && weights > LIMITS.fullEngineWeights) {
      report(
        ['model', 'width'],
        `under ${spec.optimizer.kind} each point trains width × (inputDim + 1) = ${weights} explicit weights; expected at most ${LIMITS.fullEngineWeights}`,
      );
    }
    if ((sweep.parameter === 'f0' || sweep.parameter === 'ntk0') && !functionSpaceInit(model)) {
      report(['sweep', 'parameter'], `sweeping ${sweep.parameter} needs a function-space init {f0, ntk0}`);
    }
    // an optimizer's rate (beta, beta1, rho) leaves the start alone
    const modelParameter = (UV_SWEEP_PARAMETERS as readonly string[]).includes(sweep.parameter!);
    if (modelParameter && sweep.from < sweep.to) checkRealisable(model, sweep.parameter!, [sweep.from, sweep.to], ['sweep'], report);
  },
  checkPhase(spec, report) {
    const model = spec.model as UvModelSpec;
    const y = spec.grid.y;
    if ((y.parameter === 'f0' || y.parameter === 'ntk0' || y.parameter === 'width') && !functionSpaceInit(model)) {
      report(['grid', 'y', 'parameter'], `${y.parameter} as an axis needs a function-space init {f0, ntk0}`);
    }
    if ((UV_PHASE_AXES as readonly string[]).includes(y.parameter!))
      checkRealisable(model, y.parameter!, [y.from, y.to], ['grid', 'y'], report);
  },
  checkTrajectory(spec, report) {
    if (spec.sharpnessEvery !== undefined)
      report(['sharpnessEvery'], "only mlp trajectories take sharpnessEvery; the uv model's columns are exact every step");
    if (spec.eta === undefined) {
      report(['eta'], 'missing; expected a number > 0 (the learning rate)');
      return;
    }
    const model = spec.model as UvModelSpec;
    const weights = model.width * (model.inputDim + 1);
    const gd = spec.optimizer.kind === 'gd';
    if (spec.engine === 'map' && !gd) {
      report(
        ['engine'],
        `engine "map" (the function-space map) closes only under plain GD; ${spec.optimizer.kind} trains the explicit weights: use engine "full" or remove the field`,
      );
      return;
    }
    if ((spec.engine === 'full' || !gd) && weights > LIMITS.fullEngineWeights) {
      report(
        [gd ? 'engine' : 'model', ...(gd ? [] : ['width'])],
        `training the explicit weights holds width × (inputDim + 1) = ${weights} weights; expected at most ${LIMITS.fullEngineWeights}` +
          (gd ? ' (use engine "map", which is exact)' : ''),
      );
    }
  },
};
