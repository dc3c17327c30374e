import type { Plane, PortraitGeometry, PortraitLine, PortraitSystem, Window } from '../../kind/portrait.js';
import { formatNumber } from '../../render/style.js';
import type { PortraitSpec } from '../../spec/portrait-spec.js';
import { uvConstants } from './constants.js';
import { createUvMap } from './map.js';
import type { UvModelSpec } from './spec-schema.js';

/**
 * The UV model's portrait. Its state is (f, λ); the plane may be (f, λ), (Δf, λ) or the rescaled
 * (√ε·f, η·λ), in which the stability threshold of a minimum is ηλ = 2 at every η.
 */
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

/** The UV model's portrait: its map in function space, in the plane the spec chose, with its geometry. */
export function uvPortraitSystem(spec: PortraitSpec): PortraitSystem {
  const c = uvConstants(spec.model as UvModelSpec);
  const uv: UvGeometry = { eta: spec.eta!, eps: c.eps, target: c.target };
  return { map: createUvMap(uv), plane: uvPlane(spec.plane, uv), geometry: uvPortraitGeometry(uv) };
}

const UV_LINE = '#0b2e59';

/** The line of minima f = y, its stable segment and threshold, and the region no weights reach. */
export function uvPortraitGeometry(uv: UvGeometry): PortraitGeometry {
  const segment = uvStableSegment(uv);
  const rescaled = uv.eta * Math.sqrt(uv.eps) * Math.abs(uv.target);
  const onset = 1 / (Math.sqrt(uv.eps) * Math.abs(uv.target));
  const regime =
    rescaled < 1
      ? 'below the edge-of-stability onset: minima with 2√ε|y| ≤ λ < 2/η are stable'
      : 'past the edge-of-stability onset: no minimum is stable';
  return {
    reachable: (z) => uvFeasible(z[0], z[1], uv.eps),
    onMinima: (states, stride, count) => nearUvLine(uv.target, states, stride, count),
    // f from below 0 and y to past them by 60 % of |y| (±1 for y = 0), λ from 0 to 2.5 times the
    // larger of the threshold 2/η and the least λ of a minimum, 2√ε|y|
    window(plane) {
      const y = uv.target;
      const pad = y === 0 ? 1 : 0.6 * Math.abs(y);
      const f0 = Math.min(0, y) - pad;
      const f1 = Math.max(0, y) + pad;
      const top = 2.5 * Math.max(2 / uv.eta, 2 * Math.sqrt(uv.eps) * Math.abs(y));
      const corners = [plane.fromState(Float64Array.of(f0, 0)), plane.fromState(Float64Array.of(f1, top))];
      return { x: [corners[0][0], corners[1][0]], y: [corners[0][1], corners[1][1]] };
    },
    // the stable segment's lower end, λ = 2√ε|y|, and the threshold λ = 2/η where it ends
    equilibria: () => [
      {
        kind: 'line_of_minima',
        state: Float64Array.of(uv.target, segment.from),
        stability:
          segment.from < segment.to
            ? 'stable segment start (least λ of a minimum, 2√ε|y|)'
            : 'unstable: the least λ of a minimum is past 2/η (edge of stability)',
      },
      { kind: 'line_of_minima', state: Float64Array.of(uv.target, segment.to), stability: 'threshold ηλ = 2: stable segment end' },
    ],
    subtitle: `η = ${formatNumber(uv.eta)}, ε = ${formatNumber(uv.eps)}, y = ${formatNumber(uv.target)} · η√ε|y| = ${formatNumber(rescaled)} (onset η = 1/(√ε|y|) = ${formatNumber(onset)}): ${regime}`,
    lines: (plane, window) => uvLines(uv, plane, window),
  };
}

/** The stable and unstable segments of the minima, the threshold and the boundary of what weights reach. */
function uvLines(uv: UvGeometry, plane: Plane, window: Window): PortraitLine[] {
  const at = (f: number, ntk: number) => {
    const [x, y] = plane.fromState(Float64Array.of(f, ntk));
    return { x, y };
  };
  const segment = uvStableSegment(uv);
  // the window's λ range, in state units (UV planes map y to λ alone)
  const top = new Float64Array(2);
  plane.toState(uv.target, window.y[1], top);
  const lambdaTop = Math.max(at(uv.target, 0).y, plane.dimension === 2 ? top[1] : 0);
  const out: PortraitLine[] = [];
  if (segment.from < segment.to) {
    out.push({
      label: 'minima f = y, stable: 2√ε|y| ≤ λ < 2/η',
      points: [at(uv.target, segment.from), at(uv.target, segment.to)],
      color: UV_LINE,
      width: 5,
    });
  }
  out.push({
    label: 'minima f = y, unstable: λ > 2/η',
    points: [at(uv.target, Math.max(segment.from, segment.to)), at(uv.target, Math.max(lambdaTop, segment.to) * 2)],
    color: UV_LINE,
    width: 3,
    dash: [9, 6],
  });
  const threshold = at(uv.target, segment.to).y;
  out.push({
    label: 'threshold ηλ = 2 (λ = 2/η)',
    points: [
      { x: window.x[0], y: threshold },
      { x: window.x[1], y: threshold },
    ],
    color: '#c0392b',
    width: 2,
    dash: [3, 4],
  });
  // λ = 2√ε|f| across the window, in the plane's coordinates
  const samples = 200;
  const boundary: { x: number; y: number }[] = [];
  const z = new Float64Array(2);
  for (let i = 0; i <= samples; i++) {
    const x = window.x[0] + ((window.x[1] - window.x[0]) * i) / samples;
    plane.toState(x, 0, z);
    boundary.push(at(z[0], 2 * Math.sqrt(uv.eps) * Math.abs(z[0])));
  }
  out.push({ label: 'λ = 2√ε|f| (least λ any weights reach)', points: boundary, color: '#555555', width: 1.5 });
  return out;
}
