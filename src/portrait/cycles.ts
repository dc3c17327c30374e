import { findPeriodicOrbit } from '../analysis/periodic-orbit.js';
import type { DiscreteMap } from '../kind/discrete-map.js';
import type { Window } from './basin-grid.js';
import type { Plane, PortraitGeometry } from '../kind/portrait.js';
import { cycleType, multipliers, type CycleType, type Multiplier } from './stability.js';

/** A fixed point (period 1) or a cycle, solved by Newton's method on F^p(z) = z. */
export interface Cycle {
  period: number;
  /** the cycle's states in orbit order, starting from the one of least x */
  points: Float64Array[];
  /** eigenvalues of the monodromy matrix D(F^p), larger modulus first */
  multipliers: Multiplier[];
  type: CycleType;
}

export interface CycleContext {
  map: DiscreteMap;
  plane: Plane;
  geometry: PortraitGeometry | null;
}

/** Points of two cycles closer than this (relative to max(1, |z|)) are the same point. */
const SAME_POINT = 1e-7;

function scaleOf(z: Float64Array): number {
  let s = 1;
  for (const v of z) s = Math.max(s, Math.abs(v));
  return s;
}

function distance(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/**
 * Newton's method on F^p(z) = z from `guess`; the cycle if it converges to one of least period p
 * (for the UV model: off the line of minima, whose points are all fixed, and realisable by weights),
 * else null.
 */
export function solveCycle(context: CycleContext, guess: Float64Array, p: number): Cycle | null {
  const { map, geometry } = context;
  const orbit = findPeriodicOrbit(map, guess, p);
  if (!orbit || !(orbit.residual <= 1e-9 * scaleOf(orbit.state))) return null;
  const points: Float64Array[] = [Float64Array.from(orbit.state)];
  for (let i = 1; i < p; i++) {
    const next = new Float64Array(map.dimension);
    map.step(points[i - 1], next);
    points.push(next);
  }
  // least period: a divisor q of p whose image already returns is a q-cycle, found at q itself
  for (let q = 1; q < p; q++) {
    if (p % q === 0 && distance(points[q], points[0]) <= 1e-8 * scaleOf(points[0])) return null;
  }
  if (geometry) {
    if (points.some((z) => !geometry.reachable(z))) return null;
    const states = new Float64Array(p * map.dimension);
    points.forEach((z, i) => states.set(z, i * map.dimension));
    if (geometry.onMinima(states, map.dimension, p)) return null;
  }
  let first = 0;
  for (let i = 1; i < p; i++) if (points[i][0] < points[first][0]) first = i;
  const rotated = [...points.slice(first), ...points.slice(0, first)];
  const mu = multipliers(orbit.monodromy, map.dimension);
  return { period: p, points: rotated, multipliers: mu, type: cycleType(mu) };
}

/** The index of the cycle of period p with a point within SAME_POINT·scale of z, or −1. */
export function findCycle(cycles: readonly Cycle[], p: number, z: Float64Array, tolerance = SAME_POINT): number {
  const reach = tolerance * scaleOf(z);
  return cycles.findIndex((c) => c.period === p && c.points.some((q) => distance(q, z) <= reach));
}

export function insideWindow(plane: Plane, window: Window, z: Float64Array): boolean {
  const [x, y] = plane.fromState(z);
  return x >= window.x[0] && x <= window.x[1] && (plane.dimension === 1 || (y >= window.y[0] && y <= window.y[1]));
}

/**
 * Fixed points and cycles of period 1 … maxPeriod: Newton's method from a seeds × seeds grid of the
 * window (seeds points on a line for one variable), deduplicated, each kept if one of its points
 * lies in the window. Ordered by period, then by least x.
 */
export function searchCycles(context: CycleContext, window: Window, seeds: number, maxPeriod: number): Cycle[] {
  const { plane, map } = context;
  const found: Cycle[] = [];
  const guess = new Float64Array(map.dimension);
  const rows = plane.dimension === 1 ? 1 : seeds;
  for (let p = 1; p <= maxPeriod; p++) {
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < seeds; i++) {
        const x = window.x[0] + ((i + 0.5) * (window.x[1] - window.x[0])) / seeds;
        const y = window.y[0] + ((j + 0.5) * (window.y[1] - window.y[0])) / rows;
        plane.toState(x, y, guess);
        const cycle = solveCycle(context, guess, p);
        if (!cycle || findCycle(found, p, cycle.points[0]) >= 0) continue;
        if (cycle.points.some((z) => insideWindow(plane, window, z))) found.push(cycle);
      }
    }
  }
  return sortCycles(found);
}

export function sortCycles(cycles: Cycle[]): Cycle[] {
  return cycles.sort((a, b) => a.period - b.period || a.points[0][0] - b.points[0][0] || (a.points[0][1] ?? 0) - (b.points[0][1] ?? 0));
}
