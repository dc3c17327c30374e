import { mapDefinition } from '../maps/map-registry.js';
import { createUvMap } from '../maps/uv-map.js';
import { initialFunctionState } from '../model/uv-network.js';
import type { GenericModelSpec } from '../spec/generic-model-schema.js';
import { isUvSweep, type SweepSpec } from '../spec/sweep-spec.js';
import { computeChunk } from '../sweep/compute-chunk.js';
import { gridValue } from '../sweep/grid.js';
import { uvPointFactory } from '../sweep/uv-point.js';
import { locateCascade, type CascadeResult } from './cascade.js';
import { locateUvOnset } from './uv-onset.js';

export interface CascadeRow {
  k: number;
  periodFrom: number;
  periodTo: number;
  value: number;
  /** (r_{k−1} − r_{k−2}) / (r_k − r_{k−1}), from k = 3 */
  delta: number | null;
  /** UV model: the flip in the rescaled learning rate η √ε |y| */
  etaRescaled: number | null;
}

export interface CascadeReport extends CascadeResult {
  rows: CascadeRow[];
  /** geometric extrapolation r_n + (r_n − r_{n−1}) / (δ_n − 1), when δ_n exists */
  accumulation: number | null;
  /**
   * UV model swept in η, when the range contains the onset (the first row is 1 → 2): 1/(√ε|y|), the
   * theory's onset of the edge of stability
   */
  theoryOnset: number | null;
}

/**
 * Locates the cascade of a sweep spec from a coarse scan (the periods along its grid): builds the
 * map at any parameter value, lets the search ask the sweep engine for the period between grid
 * points, and for the UV model hands the doubling out of period 1 to the edge-of-stability onset
 * search.
 */
export function searchCascade(spec: SweepSpec, periods: Int32Array): CascadeReport {
  const values = Float64Array.from({ length: spec.sweep.points }, (_, i) => gridValue(spec.sweep, i));
  const scan = { values, periods };
  const periodAt = enginePeriodAt(spec);
  let result: CascadeResult;
  let rescale: ((value: number) => number) | null = null;
  let theoryOnset: number | null = null;
  if (isUvSweep(spec)) {
    const pointAt = uvPointFactory(spec, initialFunctionState(spec.model));
    const mapAt = (v: number) => createUvMap(pointAt(v));
    const start = pointAt(spec.sweep.from);
    const initial = Float64Array.of(start.f0, start.ntk0);
    rescale = (v) => {
      const p = pointAt(v);
      return p.eta * Math.sqrt(p.eps) * Math.abs(p.target);
    };
    if (spec.sweep.parameter === 'eta') {
      const p = pointAt(spec.sweep.from);
      theoryOnset = 1 / (Math.sqrt(p.eps) * Math.abs(p.target));
    }
    result = locateCascade({
      mapAt,
      initial,
      scan,
      levels: spec.cascade.levels,
      to: spec.sweep.to,
      periodOneFlip: (below, inside) => locateUvOnset(mapAt, initial, below, inside),
      periodAt,
    });
  } else {
    const def = mapDefinition(spec.model as GenericModelSpec);
    const index = def.parameterNames.indexOf(spec.sweep.parameter);
    const mapAt = (v: number) => {
      const p = Float64Array.from(def.parameters);
      p[index] = v;
      return def.createDiscrete(p);
    };
    result = locateCascade({ mapAt, initial: def.initial, scan, levels: spec.cascade.levels, to: spec.sweep.to, periodAt });
  }
  const rows = result.flips.map((f, i, all) => ({
    ...f,
    delta: i >= 2 ? (all[i - 1].value - all[i - 2].value) / (f.value - all[i - 1].value) : null,
    etaRescaled: rescale ? rescale(f.value) : null,
  }));
  const last = rows[rows.length - 1];
  const accumulation = last && last.delta !== null ? last.value + (last.value - rows[rows.length - 2].value) / (last.delta - 1) : null;
  return { ...result, rows, accumulation, theoryOnset: rows[0]?.periodFrom === 1 ? theoryOnset : null };
}

/**
 * The period the sweep engine gives at one parameter value: the scan's own computation (same
 * transient, record, period detection and corrections) for a one-value grid, on this thread.
 */
function enginePeriodAt(spec: SweepSpec): (value: number) => number {
  const base = spec.model.kind === 'uv' ? initialFunctionState(spec.model) : undefined;
  return (value) => {
    const sweep = { ...spec.sweep, from: value, to: value, spacing: 'linear' as const }; // grid point 0 is exactly `value`
    return computeChunk({ spec: { ...spec, sweep }, base, start: 0, end: 1, raster: null }).ints[0];
  };
}
