import type { PortraitSystem } from '../../portrait/portrait-system.js';
import { uvPlane, type UvGeometry } from '../../portrait/plane.js';
import type { PortraitSpec } from '../../spec/portrait-spec.js';
import { uvConstants } from './constants.js';
import { createUvMap } from './map.js';
import type { UvModelSpec } from './spec-schema.js';

/** The UV model's portrait: its map in function space, in the plane the spec chose, with its geometry. */
export function uvPortraitSystem(spec: PortraitSpec): PortraitSystem {
  const c = uvConstants(spec.model as UvModelSpec);
  const uv: UvGeometry = { eta: spec.eta!, eps: c.eps, target: c.target };
  return { map: createUvMap(uv), plane: uvPlane(spec.plane, uv), uv };
}
