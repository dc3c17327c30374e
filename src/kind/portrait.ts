import type { PortraitSpec } from '../spec/portrait-spec.js';
import type { DiscreteMap } from './discrete-map.js';

/**
 * The coordinates a portrait is drawn in, and the map between them and the map's state.
 * For the UV model the state is (f, λ); the plane may be (f, λ), (Δf, λ) or the rescaled
 * (√ε·f, η·λ), in which the stability threshold of a minimum is ηλ = 2 at every η.
 */
export interface Plane {
  /** 1 for a map of one variable (cobweb and a basin line), 2 otherwise */
  dimension: 1 | 2;
  xLabel: string;
  yLabel: string;
  /** plane (x, y) → state; y is ignored for one variable */
  toState(x: number, y: number, out: Float64Array): void;
  /** state → plane, as [x, y] (y = 0 for one variable) */
  fromState(state: Float64Array): [number, number];
}
/** The window of a portrait, in the plane's coordinates (y unused for one variable). */
export interface Window {
  x: [number, number];
  y: [number, number];
}

/** A line a kind draws over its portrait, in the plane's coordinates. */
export interface PortraitLine {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  width: number;
  /** dash pattern; solid if absent */
  dash?: number[];
}

/**
 * What a kind knows about its own state space beyond the map: where states can be at all, where
 * its minima lie, and what the portrait draws and says about them (the UV model's line of minima,
 * threshold and unreachable region). A plain map has none.
 */
export interface PortraitGeometry {
  /** whether some model realises the state; cells, arrows and cycles outside are skipped */
  reachable(state: ArrayLike<number>): boolean;
  /**
   * Whether `count` states, `stride` apart in `states`, all lie on the kind's set of minima, where
   * an orbit still converging cannot be told from a cycle: such orbits count as reaching a minimum.
   */
  onMinima(states: ArrayLike<number>, stride: number, count: number): boolean;
  /** the window around the attractors when the spec gives none */
  window(plane: Plane): Window;
  /** the kind's own equilibria, listed first in the fixed-points table */
  equilibria(): { kind: string; state: Float64Array; stability: string }[];
  /** the figure's subtitle before the basins' summary (the constants and the regime) */
  subtitle: string;
  /** lines drawn over the plane, on top of the basins */
  lines(plane: Plane, window: Window): PortraitLine[];
}

/** The map a portrait draws, bound to the spec's parameters, with the plane it is drawn in. */
export interface PortraitSystem {
  map: DiscreteMap;
  plane: Plane;
  /** the kind's own geometry; null for a plain map of its variables */
  geometry: PortraitGeometry | null;
}

/** The portrait side of a model kind (uvchaos portrait). */
export interface KindPortrait {
  /** builds the system from a validated spec; workers call it too (after ModelKind.prepare) */
  system(spec: PortraitSpec): PortraitSystem;
}
