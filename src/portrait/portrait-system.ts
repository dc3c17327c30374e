import type { DiscreteMap } from '../maps/discrete-map.js';
import { mapDefinition } from '../maps/map-registry.js';
import { createUvMap } from '../models/uv/map.js';
import { uvConstants } from '../models/uv/constants.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import { uvPlane, variablePlane, type Plane, type UvGeometry } from './plane.js';

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
  if (model.kind === 'uv') {
    const c = uvConstants(model);
    const uv: UvGeometry = { eta: spec.eta!, eps: c.eps, target: c.target };
    return { map: createUvMap(uv), plane: uvPlane(spec.plane, uv), uv };
  }
  const definition = mapDefinition(model);
  return { map: definition.createDiscrete(definition.parameters), plane: variablePlane(definition.stateNames), uv: null };
}
