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

/** The constants of a UV portrait. */
export interface UvGeometry {
  eta: number;
  /** ε = γ²‖x‖² */
  eps: number;
  /** y */
  target: number;
}

export type UvPlaneKind = 'f' | 'residual' | 'rescaled';

export function uvPlane(kind: UvPlaneKind, g: UvGeometry): Plane {
  const root = Math.sqrt(g.eps);
  switch (kind) {
    case 'f':
      return {
        dimension: 2,
        xLabel: 'output f',
        yLabel: 'NTK eigenvalue λ',
        toState: (x, y, out) => {
          out[0] = x;
          out[1] = y;
        },
        fromState: (s) => [s[0], s[1]],
      };
    case 'residual':
      return {
        dimension: 2,
        xLabel: 'residual Δf = f − y',
        yLabel: 'NTK eigenvalue λ',
        toState: (x, y, out) => {
          out[0] = x + g.target;
          out[1] = y;
        },
        fromState: (s) => [s[0] - g.target, s[1]],
      };
    case 'rescaled':
      return {
        dimension: 2,
        xLabel: 'rescaled output √ε·f',
        yLabel: 'ηλ',
        toState: (x, y, out) => {
          out[0] = x / root;
          out[1] = y / g.eta;
        },
        fromState: (s) => [root * s[0], g.eta * s[1]],
      };
  }
}

export function variablePlane(names: readonly string[]): Plane {
  if (names.length === 1) {
    return {
      dimension: 1,
      xLabel: names[0],
      yLabel: `${names[0]}′`,
      toState: (x, _y, out) => {
        out[0] = x;
      },
      fromState: (s) => [s[0], 0],
    };
  }
  return {
    dimension: 2,
    xLabel: names[0],
    yLabel: names[1],
    toState: (x, y, out) => {
      out[0] = x;
      out[1] = y;
    },
    fromState: (s) => [s[0], s[1]],
  };
}

/**
 * Whether weights can realise the UV state (f, λ): every configuration has λ ≥ 2√ε|f|
 * (Cauchy–Schwarz), allowing rounding just below it as the model schema does.
 */
export function uvFeasible(f: number, ntk: number, eps: number): boolean {
  return ntk >= 2 * Math.sqrt(eps) * Math.abs(f) * (1 - 1e-12);
}

/**
 * The stable segment of the UV line of minima f = y: GD on a minimum is stable while ηλ < 2, and
 * no weights reach λ below 2√ε|y|. Empty (from > to) past the edge-of-stability onset
 * η = 1/(√ε|y|).
 */
export function uvStableSegment(g: UvGeometry): { from: number; to: number } {
  return { from: 2 * Math.sqrt(g.eps) * Math.abs(g.target), to: 2 / g.eta };
}

/**
 * Relative distance max(1, |y|) × this from the line of minima within which the UV map is too
 * degenerate to tell a cycle from an orbit still converging to the line: near ηλ = 2 the line's
 * normal multiplier 1 − ηλ is close to −1, so such an orbit alternates about the line for
 * thousands of steps, and Newton's method on F² finds near-solutions with multipliers 1 ± 1e−5.
 * Orbits that look periodic inside this band count as reaching a minimum, and cycles inside it
 * are not reported.
 */
export const UV_LINE_BAND = 1e-3;

/** Whether every one of the states lies within the band about the line of minima f = y. */
export function nearUvLine(target: number, fs: ArrayLike<number>, stride: number, count: number): boolean {
  const reach = UV_LINE_BAND * Math.max(1, Math.abs(target));
  for (let i = 0; i < count; i++) if (!(Math.abs(fs[i * stride] - target) <= reach)) return false;
  return true;
}
