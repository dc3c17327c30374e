import type { UvModelSpec } from './spec-schema.js';

/**
 * The UV model with a grid point's values set, for training its explicit weights (optimizers other
 * than GD). The same quantities as uvPoint sets in function space: `width` sets γ = 1/√width (the
 * NTK parameterisation; the weights keep the spec's width), `initScale` c multiplies every initial
 * weight (σU and σV, or f0 and λ0 by c², as f and λ are quadratic in the weights).
 */
export function uvModelAt(model: UvModelSpec, values: Readonly<Record<string, number>>): UvModelSpec {
  const m = { ...model, init: { ...model.init } };
  for (const [name, value] of Object.entries(values)) {
    switch (name) {
      case 'target':
        m.target = value;
        break;
      case 'multiplier':
        m.multiplier = value;
        break;
      case 'width':
        m.multiplier = 1 / Math.sqrt(value);
        break;
      case 'inputNorm2':
        m.inputNorm2 = value;
        break;
      case 'f0':
      case 'ntk0':
        if ('seed' in m.init) throw new Error(`${name} needs a function-space init`);
        m.init[name] = value;
        break;
      case 'initScale':
        if ('seed' in m.init) m.init = { ...m.init, sigmaU: m.init.sigmaU * value, sigmaV: m.init.sigmaV * value };
        else m.init = { f0: m.init.f0 * value * value, ntk0: m.init.ntk0 * value * value };
        break;
      default:
        throw new Error(`unknown UV parameter ${name}`);
    }
  }
  return m;
}
