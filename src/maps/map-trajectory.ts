import { mapDefinition } from './map-registry.js';
import type { GenericModelSpec } from '../spec/model-schema.js';

/** An orbit of a non-UV map: state component c after step t at states[c * capacity + t]. */
export interface MapTrajectory {
  stateNames: readonly string[];
  states: Float64Array;
  capacity: number;
  /** rows held: steps + 1, or fewer when the orbit diverged */
  length: number;
  divergedAtStep: number | null;
}

/** Iterates a map from the spec's initial state; stops before the first state beyond the bound. */
export function runMapTrajectory(model: GenericModelSpec, steps: number, bound: number): MapTrajectory {
  const def = mapDefinition(model);
  const map = def.createDiscrete(def.parameters);
  const k = map.dimension;
  const capacity = steps + 1;
  const states = new Float64Array(k * capacity);
  const z = Float64Array.from(def.initial);
  const bad = () => z.some((v) => !(Math.abs(v) <= bound));
  const store = (t: number) => {
    for (let c = 0; c < k; c++) states[c * capacity + t] = z[c];
  };
  if (bad()) return { stateNames: def.stateNames, states, capacity, length: 0, divergedAtStep: 0 };
  store(0);
  for (let t = 1; t <= steps; t++) {
    map.step(z, z);
    if (bad()) return { stateNames: def.stateNames, states, capacity, length: t, divergedAtStep: t };
    store(t);
  }
  return { stateNames: def.stateNames, states, capacity, length: capacity, divergedAtStep: null };
}
