import type { MapDefinition } from '../kind/map-definition.js';
import type { PortraitSystem } from '../kind/portrait.js';
import { variablePlane } from './plane.js';

export type { PortraitSystem } from '../kind/portrait.js';

/** The portrait of a plain map: its own variables as the plane, no geometry of its own. */
export function mapPortraitSystem(definition: MapDefinition): PortraitSystem {
  return { map: definition.createDiscrete(definition.parameters), plane: variablePlane(definition.stateNames), geometry: null };
}
