/**
 * Names the UV model offers to sweeps, kept free of zod so that worker threads can use them
 * without loading the schemas.
 */

/** What the bifurcation diagram plots on y for the UV model; each is a function of (f, λ). */
export const UV_OBSERVABLES = ['eta_sharpness', 'sharpness', 'ntk', 'eta_ntk', 'residual', 'loss', 'f'] as const;
export type UvObservable = (typeof UV_OBSERVABLES)[number];

/** The UV parameters a sweep can vary. */
export const UV_SWEEP_PARAMETERS = ['eta', 'target', 'multiplier', 'inputNorm2', 'f0', 'ntk0'] as const;
export type UvSweepParameter = (typeof UV_SWEEP_PARAMETERS)[number];
