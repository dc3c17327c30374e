import type { Window } from './basin-grid.js';
import type { PortraitSystem } from './portrait-system.js';

/** One arrow of the field: the update z_{t+1} − z_t at (x, y), in the plane's coordinates. */
export interface Arrow {
  x: number;
  y: number;
  dx: number;
  dy: number;
}

/**
 * The update of one step on an arrows × arrows grid of cell centres (only where the kind's geometry
 * says the state is reachable; an update that is not finite is left out).
 */
export function vectorField(system: PortraitSystem, window: Window, arrows: number): Arrow[] {
  const { map, plane, geometry } = system;
  const z = new Float64Array(map.dimension);
  const next = new Float64Array(map.dimension);
  const out: Arrow[] = [];
  for (let j = 0; j < arrows; j++) {
    for (let i = 0; i < arrows; i++) {
      const x = window.x[0] + ((i + 0.5) * (window.x[1] - window.x[0])) / arrows;
      const y = window.y[0] + ((j + 0.5) * (window.y[1] - window.y[0])) / arrows;
      plane.toState(x, y, z);
      if (geometry && !geometry.reachable(z)) continue;
      map.step(z, next);
      const [nx, ny] = plane.fromState(next);
      const dx = nx - x;
      const dy = ny - y;
      if (Number.isFinite(dx) && Number.isFinite(dy)) out.push({ x, y, dx, dy });
    }
  }
  return out;
}
