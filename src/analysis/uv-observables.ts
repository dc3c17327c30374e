import { uvLoss, uvSharpness } from '../model/sharpness.js';
import { UV_OBSERVABLES, type UvObservable } from '../spec/uv-names.js';

/** Numeric codes so the hot loop switches on an integer. */
export const OBSERVABLE_CODE = Object.fromEntries(UV_OBSERVABLES.map((name, i) => [name, i])) as Record<UvObservable, number>;

/** Axis labels for figures. */
export const OBSERVABLE_LABEL: Record<UvObservable, string> = {
  eta_sharpness: 'η × sharpness',
  sharpness: 'sharpness (top Hessian eigenvalue)',
  ntk: 'NTK eigenvalue λ',
  eta_ntk: 'η λ',
  residual: 'residual f − y',
  loss: 'loss ½(f − y)²',
  f: 'output f',
};

/**
 * Fills observable[t] from recorded states (f at [0, n), λ at [n, 2n)). One loop per observable,
 * so the hot loop carries no switch.
 */
export function fillUvObservable(code: number, states: Float64Array, n: number, eta: number, eps: number, y: number, observable: Float64Array): void {
  switch (code) {
    case 0:
    case 1: {
      const scale = code === 0 ? eta : 1;
      for (let t = 0; t < n; t++) observable[t] = scale * uvSharpness(states[t], states[n + t], eps, y);
      return;
    }
    case 2:
      observable.set(states.subarray(n, 2 * n));
      return;
    case 3:
      for (let t = 0; t < n; t++) observable[t] = eta * states[n + t];
      return;
    case 4:
      for (let t = 0; t < n; t++) observable[t] = states[t] - y;
      return;
    case 5:
      for (let t = 0; t < n; t++) observable[t] = uvLoss(states[t], y);
      return;
    default:
      observable.set(states.subarray(0, n));
  }
}
