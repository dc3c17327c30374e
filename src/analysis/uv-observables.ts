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
 * The observable over a record, from its states (f at [0, n), λ at [n, 2n)): λ and f are views of
 * the states themselves, the others are computed into `buffer`, one loop per observable so the
 * hot loop carries no switch. Returns the array that holds it.
 */
export function uvObservable(code: number, states: Float64Array, n: number, eta: number, eps: number, y: number, buffer: Float64Array): Float64Array {
  switch (code) {
    case 0:
    case 1: {
      const scale = code === 0 ? eta : 1;
      for (let t = 0; t < n; t++) buffer[t] = scale * uvSharpness(states[t], states[n + t], eps, y);
      return buffer;
    }
    case 2:
      return states.subarray(n, 2 * n);
    case 3:
      for (let t = 0; t < n; t++) buffer[t] = eta * states[n + t];
      return buffer;
    case 4:
      for (let t = 0; t < n; t++) buffer[t] = states[t] - y;
      return buffer;
    case 5:
      for (let t = 0; t < n; t++) buffer[t] = uvLoss(states[t], y);
      return buffer;
    default:
      return states.subarray(0, n);
  }
}
