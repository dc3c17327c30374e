import type { CascadeFamily } from '../kind/cascade-family.js';
import type { MapDefinition } from '../kind/map-definition.js';

/** A discrete map along one of its parameters, the others held at the spec's values. */
export function mapCascadeFamily(def: MapDefinition, parameter: string): CascadeFamily {
  const index = def.parameterNames.indexOf(parameter);
  return {
    mapAt: (v) => {
      const p = Float64Array.from(def.parameters);
      p[index] = v;
      return def.createDiscrete(p);
    },
    initial: def.initial,
  };
}
