/** The public API for using uvchaos as a library. */
export type { DiscreteMap } from './maps/discrete-map.js';
export { createUvMap, uvNextF, uvNextNtk, type UvMapParameters } from './maps/uv-map.js';
export { uvSharpness, uvLoss } from './model/sharpness.js';
export { uvConstants, edgeOfStabilityEta, minimumNtk, type UvConstants } from './model/uv-constants.js';
export { UvNetwork, buildUvNetwork, initialFunctionState } from './model/uv-network.js';
export { runTrajectory, type Trajectory } from './model/trajectory.js';
export { SeededRandom } from './random/rng.js';
export { loadSpec } from './spec/load-spec.js';
export { SpecError } from './spec/spec-error.js';
export { uvModelSchema, type UvModelSpec } from './spec/model-schema.js';
export { trajectorySpecSchema, type TrajectorySpec } from './spec/trajectory-spec.js';
