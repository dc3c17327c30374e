import { searchCascade as searchCascadeOf, type CascadeReport } from '../analysis/cascade-search.js';
import { attractorColumns as attractorColumnsOf } from '../io/attractor-table.js';
import { runMapTrajectory as runMapTrajectoryOf, type MapTrajectory } from '../maps/map-trajectory.js';
import { mapDefinition, modelKindOf } from '../models/registry.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult, ChunkTask } from '../sweep/chunk.js';
import { computeChunk as computeChunkOf } from '../sweep/compute-chunk.js';
import { runSweep as runSweepOf, type SweepOptions, type SweepOutcome } from '../sweep/run-sweep.js';

/**
 * The engine's building blocks as "uvchaos/advanced" has always offered them: the model kind looked
 * up from the spec here, at the library's entry, and handed to the engine, which takes it as an
 * object (the engine itself never looks a kind up by name).
 */

/** Runs grid points [start, end) of a chunk with the spec's kind. */
export function computeChunk(task: ChunkTask): ChunkResult {
  return computeChunkOf(modelKindOf(task.spec.model).compute, task);
}

/** Runs a sweep of the spec's kind (see sweep/run-sweep.ts). */
export function runSweep(spec: SweepSpec, options: SweepOptions, onChunk: (result: ChunkResult) => void): Promise<SweepOutcome> {
  return runSweepOf(modelKindOf(spec.model), spec, options, onChunk);
}

/** Locates the cascade of a sweep spec from its coarse scan's periods. */
export function searchCascade(spec: SweepSpec, periods: Int32Array): CascadeReport {
  return searchCascadeOf(modelKindOf(spec.model), spec, periods);
}

/** The attractor table's columns of a sweep spec. */
export function attractorColumns(spec: SweepSpec): string[] {
  return attractorColumnsOf(modelKindOf(spec.model).info, spec);
}

/** Iterates a map kind's map from the spec's initial state; stops before the first state beyond the bound. */
export function runMapTrajectory(model: GenericModelSpec, steps: number, bound: number): MapTrajectory {
  return runMapTrajectoryOf(mapDefinition(model), steps, bound);
}
