import type { UvSweepSpec } from '../spec/sweep-spec.js';

/** Everything one UV orbit needs: map parameters and starting state. */
export interface UvPoint {
  eta: number;
  eps: number;
  target: number;
  f0: number;
  ntk0: number;
}

/**
 * A function from the swept value to the orbit's setup. `base` is the spec's (f0, λ0), drawn once
 * by initialFunctionState on the main thread; a swept multiplier γ or input norm ‖x‖² rescales them exactly (f ∝ γ√s, λ ∝ γ²s).
 */
export function uvPointFactory(spec: UvSweepSpec, base: { f0: number; ntk0: number }): (value: number) => UvPoint {
  const m = spec.model;
  const eta = spec.eta ?? NaN;
  return (value) => {
    let gamma = m.multiplier;
    let s = m.inputNorm2;
    const p: UvPoint = { eta, eps: 0, target: m.target, f0: base.f0, ntk0: base.ntk0 };
    switch (spec.sweep.parameter) {
      case 'eta':
        p.eta = value;
        break;
      case 'target':
        p.target = value;
        break;
      case 'multiplier':
        gamma = value;
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
    }
    p.eps = gamma * gamma * s;
    if ('seed' in m.init) {
      const scale = (gamma / m.multiplier) * Math.sqrt(s / m.inputNorm2);
      p.f0 = base.f0 * scale;
      p.ntk0 = base.ntk0 * scale * scale;
    }
    return p;
  };
}
