import type { SweepSpec } from '../spec/sweep-spec.js';
import type { CascadeFamily } from './cascade-family.js';
import type { ChunkResult, ChunkTask } from './chunk.js';
import type { MapDefinition } from './map-definition.js';
import type { ModelKindInfo } from './model-kind-info.js';
import type { KindPortrait } from './portrait.js';
import type { KindTrajectory } from './trajectory.js';

export type { ModelKindInfo, ModelLike, ReportIssue } from './model-kind-info.js';

/**
 * The compute side of a model kind. Each entry narrows the spec it is handed: the kind was checked
 * when the spec was parsed (not here: importing the spec schemas would load zod into every worker).
 */
export interface KindCompute {
  /** grid points [start, end) of a sweep chunk: transient, record, period, exponents, raster */
  chunk(task: ChunkTask): ChunkResult;
  /** drawn once on the main thread and sent with every task as ChunkTask.base (UV seeded inits draw their weights once) */
  base?(model: unknown): unknown;
  /** the discrete map of a map kind, run by the generic batch engine (sweep/map-chunk.ts) */
  definition?(model: unknown): MapDefinition;
  /** the family of maps along a sweep axis that the cascade search continues */
  cascadeFamily?(spec: SweepSpec): CascadeFamily;
}

/**
 * One model kind, whole: built by its folder (`models/<kind>/index.ts`), listed once in
 * `models/registry.ts`, resolved once by each entry point (command, library function, worker
 * entry) from the validated spec and handed down. The engine below depends on this interface and
 * never looks a kind up by name.
 *
 * The second axis, the training rule (optimizer, schedule, minibatches), is not part of the kind:
 * a kind that trains by gradient hands src/training/ a TrainingProblem, and the spec's rule picks
 * the optimizer (docs/architecture.md).
 */
export interface ModelKind {
  /** the `kind` a spec names */
  name: string;
  info: ModelKindInfo;
  compute: KindCompute;
  trajectory: KindTrajectory;
  /** kinds uvchaos portrait draws */
  portrait?: KindPortrait;
  /** loads what the kind needs on this thread before it computes (expression maps: mathjs) */
  prepare?(): Promise<void>;
}
