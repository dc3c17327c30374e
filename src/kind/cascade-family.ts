import type { DiscreteMap } from './discrete-map.js';

/**
 * The one-parameter family of maps a cascade search continues along a sweep axis, as a model
 * kind supplies it (ModelKind.compute).
 */
export interface CascadeFamily {
  /** the map at a value of the swept parameter */
  mapAt: (value: number) => DiscreteMap;
  /** the state orbits start from */
  initial: Float64Array;
  /** the flip in a rescaled parameter, where the kind has a natural one (UV: η √ε |y|) */
  rescale?: (value: number) => number;
  /** a dedicated locator of the 1 → 2 doubling, where a kind's first flip is not a plain flip */
  periodOneFlip?: (below: number, inside: number) => number;
}
