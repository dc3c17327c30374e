import type { Piscina } from 'piscina';
import { searchCascade } from '../analysis/cascade-search.js';
import { modelKindOf } from '../models/registry.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { gridValue } from '../sweep/grid.js';
import { ApiError } from './api-error.js';
import { sweepView } from './view-sweep.js';

/** Grid steps of the view on each side of the column that the search scans. */
export const FLIP_SEARCH_HALF_WIDTH = 4;
/** Points of the narrow scan that brackets the flip (the search then bisects to double precision). */
export const FLIP_SEARCH_POINTS = 33;

export interface FlipNear {
  index: number;
  /** the narrow range scanned around the column */
  from: number;
  to: number;
  /** the first doubling in that range, to full precision; null if the search found none */
  flip: { periodFrom: number; periodTo: number; value: number } | null;
  /** why no flip was found */
  stopped: string | null;
}

/**
 * "Locate the flip near here": the cascade search (`uvchaos cascade`, one level) on a narrow range
 * around grid point `index` of the view, FLIP_SEARCH_HALF_WIDTH grid steps each side: a scan in
 * the workers brackets the first period doubling from the period at the range's start, then Newton
 * continuation and bisection put it at double precision.
 */
/** Whether a view of this spec may locate flips: a kind with a cascade search, plain GD, cheap steps. */
export function canLocateFlips(spec: SweepSpec): boolean {
  const kind = modelKindOf(spec.model);
  return Boolean(kind.compute.cascadeFamily) && spec.optimizer.kind === 'gd' && !kind.info.samplesToMainThread;
}

export async function flipNear(spec: SweepSpec, index: number, pool: Piscina, workers: number, signal: AbortSignal): Promise<FlipNear> {
  const kind = modelKindOf(spec.model);
  if (!kind.compute.cascadeFamily || spec.optimizer.kind !== 'gd') {
    throw new ApiError(
      400,
      `index: the ${spec.model.kind} model (optimizer ${spec.optimizer.kind}) has no cascade search to locate a flip with`,
      'index',
    );
  }
  if (kind.info.samplesToMainThread) {
    // its Newton continuation trains networks on the server's main thread: minutes, not for a page
    throw new ApiError(
      400,
      `index: locating a flip of a ${spec.model.kind} model takes too long for the explorer; run uvchaos cascade`,
      'index',
    );
  }
  const { sweep } = spec;
  const step = (gridValue(sweep, Math.min(index + 1, sweep.points - 1)) - gridValue(sweep, Math.max(index - 1, 0))) / 2;
  const value = gridValue(sweep, index);
  const from = value - FLIP_SEARCH_HALF_WIDTH * step;
  const to = value + FLIP_SEARCH_HALF_WIDTH * step;
  const narrow: SweepSpec = {
    ...spec,
    sweep: { ...sweep, from, to, points: FLIP_SEARCH_POINTS, spacing: 'linear' },
    cascade: { levels: 1 },
    image: { ...spec.image, yRange: spec.image.yRange ?? [0, 1] }, // the scan's periods only: no pilot run
  };
  const scan = await sweepView(narrow, pool, workers, { columns: 1, rows: 1 }, signal);
  const periods = Int32Array.from(scan.rows, (row) => row[2] as number);
  const report = searchCascade(kind, narrow, periods);
  const first = report.rows[0];
  return {
    index,
    from,
    to,
    flip: first ? { periodFrom: first.periodFrom, periodTo: first.periodTo, value: first.value } : null,
    stopped: first ? null : (report.stopped ?? `no period doubling between ${from} and ${to}`),
  };
}
