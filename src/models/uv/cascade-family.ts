import type { CascadeFamily } from '../../kind/cascade-family.js';
import type { UvSweepSpec } from '../../spec/sweep-spec.js';
import { createUvMap } from './map.js';
import { initialFunctionState } from './network.js';
import { locateUvOnset } from './onset.js';
import { uvPointFactory } from './sweep-point.js';

/**
 * UV maps along a sweep axis. The 1 → 2 doubling is the edge of stability's onset, where the
 * line of minima loses stability (not a flip of an isolated fixed point), so it has its own search.
 */
export function uvCascadeFamily(spec: UvSweepSpec): CascadeFamily {
  const pointAt = uvPointFactory(spec, initialFunctionState(spec.model));
  const mapAt = (v: number) => createUvMap(pointAt(v));
  const start = pointAt(spec.sweep.from);
  const initial = Float64Array.of(start.f0, start.ntk0);
  return {
    mapAt,
    initial,
    rescale: (v) => {
      const p = pointAt(v);
      return p.eta * Math.sqrt(p.eps) * Math.abs(p.target);
    },
    periodOneFlip: (below, inside) => locateUvOnset(mapAt, initial, below, inside),
  };
}
