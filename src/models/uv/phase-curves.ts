import type { PhaseSpec } from '../../spec/phase-spec.js';
import type { PhaseCurve } from '../../kind/phase-curve.js';
import { gradientFlowFinalNtk } from './gradient-flow.js';
import { initialFunctionState } from './network.js';
import type { UvModelSpec } from './spec-schema.js';
import { uvPoint } from './sweep-point.js';

/**
 * Where the theory draws boundaries in the (η, y) plane, each as η(y):
 * ηλ₀ = 2 (the initialisation is already unstable), η = 1/(√ε|y|) (no stable minimum beyond),
 * and η λ∞ = 2 with λ∞ the gradient-flow prediction of the final sharpness.
 */
export function uvPhaseCurves(spec: PhaseSpec): PhaseCurve[] {
  const model = spec.model as UvModelSpec;
  const base = initialFunctionState(model);
  const at = (yv: number) => uvPoint(model, NaN, base, { [spec.grid.y.parameter]: yv });
  return [
    { label: 'η λ₀ = 2', color: '#111111', dash: [2, 3], xOf: (yv) => 2 / at(yv).ntk0 },
    {
      label: 'η = 1/(√ε|y|)',
      color: '#8e44ad',
      dash: [10, 5],
      xOf: (yv) => {
        const p = at(yv);
        return 1 / (Math.sqrt(p.eps) * Math.abs(p.target));
      },
    },
    {
      label: 'η λ∞(gradient flow) = 2',
      color: '#000000',
      dash: [],
      xOf: (yv) => {
        const p = at(yv);
        return 2 / gradientFlowFinalNtk(p.f0, p.ntk0, p.eps, p.target);
      },
    },
  ];
}
