import type { MapDefinition } from '../maps/map-definition.js';
import { mapCascadeFamily } from '../maps/map-cascade-family.js';
import type { SweepSpec, UvSweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult, ChunkTask } from '../sweep/chunk.js';
import { computeMapChunk } from '../sweep/map-chunk.js';
import type { CascadeFamily } from './cascade-family.js';
import { expressionDefinition } from './expression/definition.js';
import { henonDefinition } from './henon/definition.js';
import { logisticDefinition } from './logistic/definition.js';
import { computeMlpChunk } from './mlp/sweep-chunk.js';
import { uvCascadeFamily } from './uv/cascade-family.js';
import { initialFunctionState } from './uv/network.js';
import type { UvModelSpec } from './uv/spec-schema.js';
import { computeUvChunk } from './uv/sweep-chunk.js';
import { uvPortraitSystem } from './uv/portrait-system.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import type { PortraitSystem } from '../portrait/portrait-system.js';

/**
 * The compute side of a model kind. Each entry narrows the spec it is handed: the kind was checked
 * when the spec was parsed (not here: importing the spec schemas would load zod into every worker).
 */
export interface KindCompute {
  /** grid points [start, end) of a sweep chunk: transient, record, period, exponents, raster */
  chunk(task: ChunkTask): ChunkResult;
  /** drawn once on the main thread and sent with every task (UV seeded inits draw their weights once) */
  base?(model: unknown): ChunkTask['base'];
  /** the discrete map of a map kind, run by the generic batch engine (maps/map-chunk.ts) */
  definition?(model: unknown): MapDefinition;
  /** the family of maps along a sweep axis that the cascade search continues */
  cascadeFamily?(spec: SweepSpec): CascadeFamily;
  /** the portrait's map and plane, for a kind that is not drawn as a plain map of its variables */
  portraitSystem?(spec: PortraitSpec): PortraitSystem;
}

/** A discrete map kind: the generic batch engine and cascade family over its definition. */
function discreteMap<M>(definition: (model: M) => MapDefinition): KindCompute {
  const def = definition as (model: unknown) => MapDefinition;
  return {
    chunk: (task) => computeMapChunk(task, def(task.spec.model)),
    definition: def,
    cascadeFamily: (spec) => mapCascadeFamily(def(spec.model), spec.sweep.parameter!),
  };
}

/** Every kind's compute side, by the `kind` a spec names. */
const COMPUTE: Record<string, KindCompute> = {
  uv: {
    chunk: (task) => computeUvChunk(task as ChunkTask & { spec: UvSweepSpec }),
    base: (model) => initialFunctionState(model as UvModelSpec),
    cascadeFamily: (spec) => uvCascadeFamily(spec as UvSweepSpec),
    portraitSystem: uvPortraitSystem,
  },
  mlp: { chunk: computeMlpChunk as (task: ChunkTask) => ChunkResult },
  logistic: discreteMap(logisticDefinition),
  henon: discreteMap(henonDefinition),
  expression: discreteMap(expressionDefinition),
};

export function kindCompute(model: { kind: string }): KindCompute {
  const compute = Object.hasOwn(COMPUTE, model.kind) ? COMPUTE[model.kind] : undefined;
  if (!compute) throw new Error(`internal: no compute for model kind "${model.kind}"`);
  return compute;
}
