import type { DiscreteMap } from '../maps/discrete-map.js';
import { mapDefinition } from '../maps/map-registry.js';
import { kindCompute } from '../models/compute.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import { variablePlane, type Plane, type UvGeometry } from './plane.js';

/** The map a portrait draws, bound to the spec's parameters, with the plane it is drawn in. */
export interface PortraitSystem {
  map: DiscreteMap;
  plane: Plane;
  /** set for the UV model: the line of minima, the threshold and the unreachable region */
  uv: UvGeometry | null;
}

/**
 * Builds the system from a validated spec; workers call it too (an expression map needs mathjs
 * loaded on the calling thread first).
 */
export function portraitSystem(spec: PortraitSpec): PortraitSystem {
  const model = spec.model;
  // a kind with a portrait of its own (the UV model's planes and geometry); a map otherwise
  const own = kindCompute(model).portraitSystem?.(spec);
  if (own) return own;
  const definition = mapDefinition(model as GenericModelSpec); // the portrait kinds that are not maps returned above
  return { map: definition.createDiscrete(definition.parameters), plane: variablePlane(definition.stateNames), uv: null };
}
