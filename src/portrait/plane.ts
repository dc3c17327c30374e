import type { Plane } from '../kind/portrait.js';

export type { Plane } from '../kind/portrait.js';

/** A map's own variables as the plane (one variable: x against x′, for the cobweb). */
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
