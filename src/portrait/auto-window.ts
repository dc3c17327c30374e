import type { Window } from './basin-grid.js';
import type { PortraitSystem } from './portrait-system.js';

/**
 * A window around the attractors when the spec gives none.
 * UV: f from below 0 and y to past them by 60 % of |y| (±1 for y = 0), λ from 0 to 2.5 times
 * the larger of the threshold 2/η and the least λ of a minimum, 2√ε|y|.
 * Other maps: the bounding box of where orbits from a 7 × 7 grid on [−1, 1]² (7 points on a line)
 * settle after 2000 steps, over 300 more steps, widened by 60 % of its extent on each side
 * ([−1, 1]² if every orbit diverges).
 */
export function autoWindow(system: PortraitSystem, bound: number): Window {
  const { uv, plane, map } = system;
  if (uv) {
    const y = uv.target;
    const pad = y === 0 ? 1 : 0.6 * Math.abs(y);
    const f0 = Math.min(0, y) - pad;
    const f1 = Math.max(0, y) + pad;
    const top = 2.5 * Math.max(2 / uv.eta, 2 * Math.sqrt(uv.eps) * Math.abs(y));
    const corners = [plane.fromState(Float64Array.of(f0, 0)), plane.fromState(Float64Array.of(f1, top))];
    return { x: [corners[0][0], corners[1][0]], y: [corners[0][1], corners[1][1]] };
  }
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
