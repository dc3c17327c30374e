import { PRECONDITIONED_OBSERVABLE_LABEL } from '../../optimizers/observable-labels.js';

/**
 * What the mlp kind offers sweeps and tables, kept free of zod so worker threads can use it
 * without loading the schemas.
 */

/** Quantities a sweep or phase diagram may vary. `initScale` replaces init.scale; `width` sets every hidden layer. */
export const MLP_SWEEP_PARAMETERS = ['eta', 'multiplier', 'initScale', 'width'] as const;
/** What the bifurcation diagram can plot. */
export const MLP_OBSERVABLES = ['eta_sharpness', 'sharpness', 'loss', 'f'] as const;
/**
 * The recorded state of a grid point: periods are detected on these, not on θ, because the
 * weights can drift along flat directions forever while the function and its curvature cycle.
 * `f` is the output on the first example (first output).
 */
export const MLP_RECORDED = ['f', 'loss', 'sharpness'] as const;
/** Extra per-point columns: drift = ‖θ_T − θ_{T−p}‖ / ‖θ_T‖ over the detected period p (1 without one). */
export const MLP_EXTRA_COLUMNS = ['drift'] as const;

/** Bounds that keep a mistyped mlp spec from exhausting memory or time; each is named in its error. */
export const MLP_LIMITS = {
  /** parameters θ (8 bytes each, about ten copies live in a workspace and the Lanczos basis) */
  parameters: 2_000_000,
  hiddenLayers: 16,
  width: 100_000,
  /** bytes of a CSV data file (its cells are held as strings while parsed: about 1 GB at the cap) */
  dataBytes: 64 * 1024 * 1024,
  /** bytes of a weights file (a checkpoint of the largest network is about 50 MB of JSON) */
  weightsBytes: 128 * 1024 * 1024,
} as const;

/** Axis labels of the observables. */
export const MLP_OBSERVABLE_LABEL: Record<(typeof MLP_OBSERVABLES)[number] | keyof typeof PRECONDITIONED_OBSERVABLE_LABEL, string> = {
  eta_sharpness: 'η × sharpness',
  sharpness: 'sharpness (top Hessian eigenvalue)',
  loss: 'loss (1/2n) Σ‖f − y‖²',
  f: 'output f on the first example',
  ...PRECONDITIONED_OBSERVABLE_LABEL,
};
