import type { PhaseSpec } from '../../spec/phase-spec.js';
import type { PhaseCurve } from '../../kind/phase-curve.js';
import { stabilityThresholdOf, thresholdAlong } from '../../optimizers/stability-threshold.js';
import { gradientFlowFinalNtk } from './gradient-flow.js';
import { initialFunctionState } from './network.js';
import type { UvModelSpec } from './spec-schema.js';
import { uvPoint } from './sweep-point.js';

/**
 * Where the theory draws boundaries in the (η, y) plane, each as η(y), with c the optimizer's
 * threshold (2 under GD, 2(1 + β) under momentum): ηλ₀ = c (the initialisation is already
 * unstable), η = c/(2√ε|y|) (the flattest minimum, λ = 2√ε|y|, is unstable beyond; 1/(√ε|y|)
 * under GD), and η λ∞ = c with λ∞ the gradient-flow prediction of the final sharpness. An adaptive
 * optimizer's threshold bounds λ_max(P⁻¹H), not λ: none of them applies, and none is drawn.
 */
export function uvPhaseCurves(spec: PhaseSpec): PhaseCurve[] {
  const model = spec.model as UvModelSpec;
  const base = initialFunctionState(model);
  const threshold = stabilityThresholdOf(spec.optimizer);
  if (threshold.on !== 'sharpness') return [];
  const parameter = spec.grid.y.parameter;
  // a y axis over the optimizer's own rate (β) moves the threshold and leaves the model as it is
  const along = thresholdAlong(spec.optimizer, parameter);
  const at = (yv: number) => uvPoint(model, NaN, base, along ? {} : { [parameter]: yv });
  const c = along ?? (() => threshold.value);
  const gd = spec.optimizer.kind === 'gd';
  const formula = gd ? '2' : threshold.formula;
  return [
    { label: `η λ₀ = ${formula}`, color: '#111111', dash: [2, 3], xOf: (yv) => c(yv) / at(yv).ntk0 },
    {
      label: gd ? 'η = 1/(√ε|y|)' : `η = ${formula}/(2√ε|y|)`,
      color: '#8e44ad',
      dash: [10, 5],
      xOf: (yv) => {
        const p = at(yv);
        return gd ? 1 / (Math.sqrt(p.eps) * Math.abs(p.target)) : c(yv) / (2 * Math.sqrt(p.eps) * Math.abs(p.target));
      },
    },
    {
      label: `η λ∞(gradient flow) = ${formula}`,
      color: '#000000',
      dash: [],
      xOf: (yv) => {
        const p = at(yv);
        return c(yv) / gradientFlowFinalNtk(p.f0, p.ntk0, p.eps, p.target);
      },
    },
  ];
}
