import type { DiscreteMap } from './discrete-map.js';

/**
 * The UV model's gradient descent, closed exactly in function space.
 *
 * For f(x) = γ vᵀUx trained on one example (x, y) with L = ½(f − y)², write Δf = f − y,
 * ε = γ²‖x‖² and λ = γ²(‖x‖²‖v‖² + ‖Ux‖²) (the NTK eigenvalue). One GD step with rate η is
 *
 *   f' = f − η Δf λ + ε η² Δf² f
 *   λ' = λ + ε η Δf (η λ Δf − 4 f)
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
  return f - p.eta * r * ntk + p.eps * p.eta * p.eta * r * r * f;
}

/** λ after one step. */
export function uvNextNtk(f: number, ntk: number, p: UvMapParameters): number {
  const r = f - p.target;
  return ntk + p.eps * p.eta * r * (p.eta * ntk * r - 4 * f);
}

export function createUvMap(p: UvMapParameters): DiscreteMap {
  const { eta, eps, target: y } = p;
  return {
    dimension: 2,
    stateNames: UV_STATE_NAMES,
    step(state, out) {
      const f = state[0];
      const ntk = state[1];
      const r = f - y;
      out[0] = f - eta * r * ntk + eps * eta * eta * r * r * f;
      out[1] = ntk + eps * eta * r * (eta * ntk * r - 4 * f);
    },
    jacobian(state, out) {
      const f = state[0];
      const ntk = state[1];
      const r = f - y;
      out[0] = 1 - eta * ntk + eps * eta * eta * (2 * r * f + r * r);
      out[1] = -eta * r;
      out[2] = 2 * eps * eta * eta * ntk * r - 4 * eps * eta * (2 * f - y);
      out[3] = 1 + eps * eta * eta * r * r;
    },
  };
}
