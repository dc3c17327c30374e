import { UV_OBSERVABLES, type UvObservable } from '../spec/sweep-spec.js';

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

/** The observable of state (f, λ); must agree with uvSharpness and uvLoss (tested). */
export function uvObservable(code: number, f: number, ntk: number, eta: number, eps: number, y: number): number {
  const r = f - y;
  switch (code) {
    case 0:
    case 1: {
      const radicand = 0.25 * ntk * ntk + eps * r * (2 * f + r);
      const sharp = 0.5 * ntk + Math.sqrt(radicand > 0 ? radicand : 0);
      return code === 0 ? eta * sharp : sharp;
    }
    case 2:
      return ntk;
    case 3:
      return eta * ntk;
    case 4:
      return r;
    case 5:
      return 0.5 * r * r;
    default:
      return f;
  }
}
