import { minimumNtk } from './constants.js';
import type { UvModelSpec } from './spec-schema.js';
import type { UvSweepSpec } from '../../spec/sweep-spec.js';

/** Everything one UV orbit needs: map parameters and starting state. */
export interface UvPoint {
  eta: number;
  eps: number;
  target: number;
  f0: number;
  ntk0: number;
}

/**
 * The orbit setup for a UV model with some quantities overridden (the swept ones). `base` is the
 * spec's (f0, λ0), drawn once by initialFunctionState on the main thread. Seeded weights rescale
 * exactly: f ∝ γ√s·c² and λ ∝ γ²s·c² for multiplier γ, input norm s and initialisation scale c
 * (both σU and σV times c). `width` sets γ = 1/√width, the NTK parameterisation.
 */
export function uvPoint(
  model: UvModelSpec,
  eta: number,
  base: { f0: number; ntk0: number },
  overrides: Readonly<Record<string, number>>,
): UvPoint {
  let gamma = model.multiplier;
  let s = model.inputNorm2;
  let c = 1;
  const p: UvPoint = { eta, eps: 0, target: model.target, f0: base.f0, ntk0: base.ntk0 };
  for (const [name, value] of Object.entries(overrides)) {
    switch (name) {
      case 'eta':
        p.eta = value;
        break;
      case 'target':
        p.target = value;
        break;
      case 'multiplier':
        gamma = value;
        break;
      case 'width':
        gamma = 1 / Math.sqrt(value);
        break;
      case 'inputNorm2':
        s = value;
        break;
      case 'f0':
        p.f0 = value;
        break;
      case 'ntk0':
        p.ntk0 = value;
        break;
      case 'initScale':
        c = value;
        break;
      default:
        throw new Error(`unknown UV parameter ${name}`);
    }
  }
  p.eps = gamma * gamma * s;
  // seeded weights: f ∝ γ√s, λ ∝ γ²s; any init, weights × c: f ∝ c², λ ∝ c²
  const g = 'seed' in model.init ? (gamma / model.multiplier) * Math.sqrt(s / model.inputNorm2) : 1;
  p.f0 *= g * c * c;
  p.ntk0 *= g * g * c * c;
  return p;
}

/** The orbit setup as a function of one swept value. */
export function uvPointFactory(spec: UvSweepSpec, base: { f0: number; ntk0: number }): (value: number) => UvPoint {
  const eta = spec.eta ?? NaN;
  const name = spec.sweep.parameter;
  return (value) => uvPoint(spec.model, eta, base, { [name]: value });
}

/**
 * For a {f0, ntk0} init: the starting state with these overrides when no weights realise it
 * (λ0 below 2√ε|f0|), with that floor; null when it is realisable. Specs check their grid ends.
 */
export function unrealisableStart(
  model: UvModelSpec & { init: { f0: number; ntk0: number } },
  overrides: Readonly<Record<string, number>>,
): { ntk0: number; floor: number } | null {
  const p = uvPoint(model, NaN, model.init, overrides);
  const floor = minimumNtk(p.f0, p.eps);
  // allow only rounding below the Cauchy–Schwarz floor
  return p.ntk0 < floor * (1 - 1e-12) ? { ntk0: p.ntk0, floor } : null;
}
