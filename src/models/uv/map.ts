import type { DiscreteMap } from '../../kind/discrete-map.js';

/**
 * The UV model's gradient descent, closed exactly in function space.
 *
 * For f(x) = γ vᵀUx trained on one example (x, y) with L = ½(f − y)², write Δf = f − y,
 * ε = γ²‖x‖² and λ = γ²(‖x‖²‖v‖² + ‖Ux‖²) (the NTK eigenvalue). One GD step with rate η is
 *
 *   f' = f − η Δf λ + ε η² Δf² f
 *   λ' = λ + ε η Δf (η λ Δf − 4 f)  = λ + ε η² Δf² λ − 4 ε η Δf f
 *
 * with no approximation (test/model/full-gd-agreement.test.ts checks it against explicit weights).
 */
export interface UvMapParameters {
  /** learning rate η */
  eta: number;
  /** ε = γ² ‖x‖² */
  eps: number;
  /** target y */
  target: number;
}

export const UV_STATE_NAMES = ['f', 'ntk'] as const;

/** f after one step. */
export function uvNextF(f: number, ntk: number, p: UvMapParameters): number {
  const r = f - p.target;
  return f - p.eta * r * ntk + p.eps * p.eta * p.eta * (r * r) * f;
}

/** λ after one step. */
export function uvNextNtk(f: number, ntk: number, p: UvMapParameters): number {
  const r = f - p.target;
  return ntk + p.eps * p.eta * p.eta * (r * r) * ntk - 4 * p.eps * p.eta * r * f;
}

/**
 * The map as a DiscreteMap. Its arithmetic is term for term that of the sweep kernel
 * (wasm.ts) and of uvAdvance, so all give bit-identical orbits.
 */
export function createUvMap(p: UvMapParameters): DiscreteMap {
  const { eta: a, target: y } = p;
  const b = p.eps * a * a;
  const c4 = 4 * p.eps * a;
  return {
    dimension: 2,
    stateNames: UV_STATE_NAMES,
    step(state, out) {
      const f = state[0];
      const l = state[1];
      const r = f - y;
      const rr = r * r;
      out[0] = f - a * r * l + b * rr * f;
      out[1] = l + b * rr * l - c4 * r * f;
    },
    jacobian(state, out) {
      const f = state[0];
      const l = state[1];
      const r = f - y;
      const rr = r * r;
      out[0] = 1 - a * l + b * (2 * r * f + rr);
      out[1] = -a * r;
      out[2] = 2 * b * l * r - c4 * (2 * f - y);
      out[3] = 1 + b * rr;
    },
  };
}
