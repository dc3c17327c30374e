import type { Window } from './basin-grid.js';
import type { PortraitSystem } from './portrait-system.js';

/**
 * A window around the attractors when the spec gives none.
 * A kind with a geometry of its own chooses it (the UV model: around its line of minima).
 * Plain maps: the bounding box of where orbits from a 7 × 7 grid on [−1, 1]² (7 points on a line)
 * settle after 2000 steps, over 300 more steps, widened by 60 % of its extent on each side
 * ([−1, 1]² if every orbit diverges).
 */
export function autoWindow(system: PortraitSystem, bound: number): Window {
  const { geometry, plane, map } = system;
  if (geometry) return geometry.window(plane);
  const k = map.dimension;
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  const z = new Float64Array(k);
  const rows = k === 1 ? 1 : 7;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < 7; i++) {
      z[0] = -1 + i / 3;
      if (k > 1) z[1] = -1 + j / 3;
      let alive = true;
      for (let t = 0; t < 2300 && alive; t++) {
        map.step(z, z);
        alive = z.every((v) => Math.abs(v) <= bound);
        if (alive && t >= 2000) {
          for (let c = 0; c < k; c++) {
            lo[c] = Math.min(lo[c], z[c]);
            hi[c] = Math.max(hi[c], z[c]);
          }
        }
      }
    }
  }
  const axis = (c: number): [number, number] => {
    if (!(hi[c] >= lo[c])) return [-1, 1];
    const pad = 0.6 * Math.max(hi[c] - lo[c], 0.5);
    return [lo[c] - pad, hi[c] + pad];
  };
  return { x: axis(0), y: k === 1 ? [0, 1] : axis(1) };
}
