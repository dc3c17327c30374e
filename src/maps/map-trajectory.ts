import type { MapDefinition } from '../kind/map-definition.js';
import type { MapTrajectory } from '../kind/trajectory.js';

export type { MapTrajectory } from '../kind/trajectory.js';

/** Iterates a map from the spec's initial state; stops before the first state beyond the bound. */
export function runMapTrajectory(def: MapDefinition, steps: number, bound: number): MapTrajectory {
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
