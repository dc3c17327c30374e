/**
 * "uvchaos/advanced": the building blocks under the one-call functions, for those who need them
 * (the maps, kernels, the sweep engine and its chunk results, the analyses). Unlike "uvchaos",
 * these follow the code, not a promise: names and layouts may change between versions.
 */
export type { DiscreteMap } from './kind/discrete-map.js';
export { createUvMap, uvNextF, uvNextNtk, type UvMapParameters } from './models/uv/map.js';
export { uvSharpness, uvLoss } from './models/uv/sharpness.js';
export { uvConstants, edgeOfStabilityEta, minimumNtk, type UvConstants } from './models/uv/constants.js';
export { UvNetwork, buildUvNetwork, initialFunctionState } from './models/uv/network.js';
export { runTrajectory, type Trajectory } from './models/uv/trajectory.js';
export { runMapTrajectory, computeChunk, runSweep, searchCascade, attractorColumns } from './api/engine-by-kind.js';
export type { MapTrajectory } from './maps/map-trajectory.js';
export { SeededRandom } from './random/rng.js';
export { loadSpec, prepareSpec } from './spec/load-spec.js';
export { SpecError } from './spec/spec-error.js';
export { uvModelSchema, type UvModelSpec } from './models/uv/spec-schema.js';
export {
  trajectorySpecSchema,
  isUvTrajectory,
  isMlpTrajectory,
  type TrajectorySpec,
  type UvTrajectorySpec,
  type MlpTrajectorySpec,
} from './spec/trajectory-spec.js';
export { sweepSpecSchema, type SweepSpec, UV_OBSERVABLES, UV_SWEEP_PARAMETERS } from './spec/sweep-spec.js';
export type { SweepOptions, SweepOutcome } from './sweep/run-sweep.js';
export { type ChunkTask, type ChunkResult, floatLayout, resultLayout, INT_FIELDS } from './sweep/chunk.js';
export { attractorRow } from './io/attractor-table.js';
export type { RasterLayout } from './sweep/raster.js';
export { REGIME_CODE } from './analysis/regime.js';
export { createSweepPool } from './sweep/pool.js';
export { gridValue } from './sweep/grid.js';
export { lyapunovSpectrum, type LyapunovSpectrum } from './analysis/lyapunov-spectrum.js';
export { detectPeriod } from './analysis/period.js';
export { findPeriodicOrbit, type PeriodicOrbit } from './analysis/periodic-orbit.js';
export { classifyOrbit, REGIMES, type Regime } from './analysis/regime.js';
export { locateCascade, type Flip, type CascadeResult } from './analysis/cascade.js';
export type { CascadeReport, CascadeRow } from './analysis/cascade-search.js';
export { locateUvOnset } from './models/uv/onset.js';
export { gradientFlowFinalNtk } from './models/uv/gradient-flow.js';
export { phaseSpecSchema, type PhaseSpec } from './spec/phase-spec.js';
export { modelSchema, type ModelSpec } from './spec/model-schema.js';
export { createLogisticMap } from './models/logistic/map.js';
export { createHenonMap } from './models/henon/map.js';
export { compileExpressionMap } from './models/expression/expression-map.js';
export { loadMathjs } from './models/expression/mathjs-loader.js';
export { mapDefinition } from './models/registry.js';
export type { MapDefinition } from './kind/map-definition.js';
export type { BatchMap } from './kind/batch-map.js';
export { createOptimizer } from './optimizers/create-optimizer.js';
export { describeOptimizer } from './optimizers/describe-optimizer.js';
export type { Optimizer, OptimizerSpec, StabilityThreshold } from './optimizers/optimizer.js';
export type { TrainingProblem, LossEvaluator, BatchEvaluator } from './training/problem.js';
export { OptimizerRun } from './training/optimizer-run.js';
export { BatchOrder, type BatchOrderSpec } from './training/batch-order.js';
export { TangentFrame } from './training/tangent-frame.js';
export { runTrainingTrajectory, type TrainingTrajectory } from './training/train-trajectory.js';
export { mlpTrainingProblem } from './models/mlp/training-problem.js';
export { uvTrainingProblem } from './models/uv/training-problem.js';
