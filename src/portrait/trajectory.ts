import type { PortraitSystem } from './portrait-system.js';

/** An orbit drawn on the portrait: its states in the plane's coordinates, step 0 first. */
export interface PortraitTrajectory {
  label: string;
  points: [number, number][];
  /** the orbit left the bound (or stopped being finite) after the last point */
  diverged: boolean;
}

/** Iterates `steps` times from the plane point (x, y), stopping at the divergence bound. */
export function portraitTrajectory(
  system: PortraitSystem,
  x: number,
  y: number,
  steps: number,
  bound: number,
  label: string,
): PortraitTrajectory {
  const { map, plane } = system;
  const z = new Float64Array(map.dimension);
  plane.toState(x, y, z);
  const points: [number, number][] = [plane.fromState(z)];
  for (let t = 0; t < steps; t++) {
    map.step(z, z);
    if (!z.every((v) => Math.abs(v) <= bound)) return { label, points, diverged: true };
    points.push(plane.fromState(z));
  }
  return { label, points, diverged: false };
}
