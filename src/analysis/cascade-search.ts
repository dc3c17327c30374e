import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { computeChunk } from '../sweep/compute-chunk.js';
import { gridValue } from '../sweep/grid.js';
import { locateCascade, type CascadeResult } from './cascade.js';

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
export function searchCascade(kind: ModelKind, spec: SweepSpec, periods: Int32Array): CascadeReport {
  const values = Float64Array.from({ length: spec.sweep.points }, (_, i) => gridValue(spec.sweep, i));
  const scan = { values, periods };
  const periodAt = enginePeriodAt(kind, spec);
  const family = kind.compute.cascadeFamily?.(spec);
  if (!family) throw new Error(`internal: model kind "${spec.model.kind}" has no cascade family`);
  const result = locateCascade({
    mapAt: family.mapAt,
    initial: family.initial,
    scan,
    levels: spec.cascade.levels,
    to: spec.sweep.to,
    periodOneFlip: family.periodOneFlip,
    periodAt,
  });
  const rescale = family.rescale ?? null;
  const theoryOnset = kind.info.theoryOnset?.(spec) ?? null;
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
function enginePeriodAt(kind: ModelKind, spec: SweepSpec): (value: number) => number {
  const base = kind.compute.base?.(spec.model);
  return (value) => {
    const sweep = { ...spec.sweep, from: value, to: value, spacing: 'linear' as const }; // grid point 0 is exactly `value`
    return computeChunk(kind.compute, { spec: { ...spec, sweep }, base, start: 0, end: 1, raster: null }).ints[0];
  };
}
