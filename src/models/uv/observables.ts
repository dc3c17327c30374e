import { UV_OBSERVABLES, type UvObservable } from './names.js';
import { PRECONDITIONED_OBSERVABLE_LABEL } from '../../optimizers/observable-labels.js';

/** Numeric codes, the kernels' name for each observable (uv-wasm.ts emits a loop for each computed one). */
export const OBSERVABLE_CODE = Object.fromEntries(UV_OBSERVABLES.map((name, i) => [name, i])) as Record<UvObservable, number>;

/** Axis labels for figures. */
export const OBSERVABLE_LABEL: Record<UvObservable | keyof typeof PRECONDITIONED_OBSERVABLE_LABEL, string> = {
  eta_sharpness: 'η × sharpness',
  sharpness: 'sharpness (top Hessian eigenvalue)',
  ntk: 'NTK eigenvalue λ',
  eta_ntk: 'η λ',
  residual: 'residual f − y',
  loss: 'loss ½(f − y)²',
  f: 'output f',
  ...PRECONDITIONED_OBSERVABLE_LABEL,
};
