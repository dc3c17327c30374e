/**
 * "uvchaos": the library's computational entry. One call per command — trajectory, sweep (and
 * sweepRows for grids too large to hold), cascade, phase — each taking a plain spec object, as in
 * a spec file, and returning decoded results with the spec it used. Loads neither canvas nor
 * Chart.js: the figures are in "uvchaos/render", the building blocks in "uvchaos/advanced".
 */
export * from './api/index.js';
export { SpecError } from './spec/spec-error.js';
export type { TrajectorySpec } from './spec/trajectory-spec.js';
export type { SweepSpec } from './spec/sweep-spec.js';
export type { PhaseSpec } from './spec/phase-spec.js';
export type { ModelSpec } from './spec/model-schema.js';
export { REGIMES, type Regime } from './analysis/regime.js';
export type { RegimeWindow } from './sweep/regime-windows.js';
export type { RasterLayout } from './sweep/raster.js';
export { PHASE_CATEGORIES, EARLY_TRENDS } from './render/phase-categories.js';
export { toolVersion as version } from './version.js';
