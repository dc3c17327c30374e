import { OBSERVABLE_CODE } from './observables.js';
import { createLanes, LANES, uvTransient, type UvLanes } from './orbit-kernel.js';
import { uvRecordLanes } from './record-kernel.js';
import { createUvMap } from './map.js';
import { initialFunctionState } from './network.js';
import type { UvObservable, UvSweepSpec } from '../../spec/sweep-spec.js';
import { GridPointError, gridPointValues, lyapunovWarmup, type ChunkResult, type ChunkTask } from '../../sweep/chunk.js';
import { throwIfCancelled } from '../../sweep/chunk-cancel.js';
import { PointResults } from '../../sweep/point-results.js';
import { uvPoint } from './sweep-point.js';
import { uvSharpness } from './sharpness.js';
import { uvTransientSkipping, type TransientSkipStats } from './transient-skip.js';
import { TRANSIENT_SKIP } from '../../util/transient-skip-switch.js';
import { readsOnePeriod } from '../../analysis/period-of-cycle.js';

/** The UV compute's ChunkTask.base: (f0, λ0), drawn once on the main thread for seeded inits. */
export type UvChunkBase = { f0: number; ntk0: number };

/**
 * UV grid points through the hand-specialised kernels: four lanes per transient loop, then the
 * record (with the 2-D tangent map) of the same four lanes in WebAssembly SIMD.
 */
export function computeUvChunk(task: ChunkTask & { spec: UvSweepSpec; base?: UvChunkBase }, stats?: TransientSkipStats): ChunkResult {
  if (TRANSIENT_SKIP) return computeUvChunkSkipping(task, stats);
  const { spec } = task;
  const results = new PointResults(task, 2);
  const n = results.n;
  const record = spec.record;
  const base = task.base ?? initialFunctionState(spec.model);
  const plane = task.plane;
  // A grid index sets the swept value, or on a phase plane the (x, y) cell: errors name the same.
  const pointError = (index: number, err: unknown) => new GridPointError(index, gridPointValues(task, index), err);
  const pointAt = (index: number) => uvPoint(spec.model, spec.eta ?? NaN, base, gridPointValues(task, index));
  const early = plane ? Math.min(plane.earlySteps, spec.transient) : 0;
  const sharpness0 = new Float64Array(LANES);
  const lanes = createLanes();
  const laneIndices = Array.from({ length: LANES }, (_, k) => k);
  const observableCode = OBSERVABLE_CODE[spec.observable as UvObservable];
  const bound = spec.divergenceBound;
  const warmup = lyapunovWarmup(spec);

  for (let batch = 0; batch < n; batch += LANES) {
    throwIfCancelled(task.cancel);
    for (let k = 0; k < LANES; k++) {
      // Spare lanes repeat the last point; their results are discarded.
      const p = pointAt(results.indexOf(Math.min(batch + k, n - 1)));
      lanes.eta[k] = p.eta;
      lanes.eps[k] = p.eps;
      lanes.target[k] = p.target;
      lanes.f[k] = p.f0;
      lanes.ntk[k] = p.ntk0;
      lanes.divergedAt[k] = Math.abs(p.f0) <= bound && Math.abs(p.ntk0) <= bound ? -1 : 0;
    }
    if (early > 0) {
      for (let k = 0; k < LANES; k++) sharpness0[k] = uvSharpness(lanes.f[k], lanes.ntk[k], lanes.eps[k], lanes.target[k]);
      uvTransient(lanes, early, 0, bound, task.cancel);
      for (let k = 0; k < LANES && batch + k < n; k++) {
        const ratio = lanes.divergedAt[k] >= 0 ? NaN : uvSharpness(lanes.f[k], lanes.ntk[k], lanes.eps[k], lanes.target[k]) / sharpness0[k];
        results.early(batch + k, ratio);
      }
    }
    uvTransient(lanes, spec.transient - warmup - early, early, bound, task.cancel);

    let recorded;
    try {
      recorded = uvRecordLanes(lanes, laneIndices, record, spec.transient - warmup, bound, observableCode, spec.lyapunov.enabled, warmup);
    } catch (err) {
      throw pointError(results.indexOf(batch), err);
    }
    for (let k = 0; k < LANES && batch + k < n; k++) deliverLane(results, batch + k, recorded[k], lanes, k, 0, pointError);
  }
  return results.result();
}

/**
 * Hands lane k's record (point i) to the results: divergence, or the recorded orbit with its final
 * state, exponents and map (and the exact cycle's period when the skip found one, else 0).
 */
function deliverLane(
  results: PointResults,
  i: number,
  r: ReturnType<typeof uvRecordLanes>[number],
  lanes: UvLanes,
  k: number,
  cycle: number,
  pointError: (index: number, err: unknown) => GridPointError,
): void {
  if (r.states === null || r.observable === null) {
    results.diverged(i, r.divergedAt);
    return;
  }
  const eta = lanes.eta[k];
  const eps = lanes.eps[k];
  const target = lanes.target[k];
  try {
    results.recorded(i, {
      states: r.states,
      observable: r.observable,
      finalState: Float64Array.of(lanes.f[k], lanes.ntk[k]),
      exponents: Float64Array.of(r.lyap1, r.lyap2),
      lyapErr: r.lyapErr,
      map: () => createUvMap({ eta, eps, target }),
      cycle,
    });
  } catch (err) {
    throw pointError(results.indexOf(i), err);
  }
}

/**
 * computeUvChunk with the exact transient skip (transient-skip.ts): each point's transient runs in
 * whichever lane is free, and the record runs UV_LANES finished transients at a time. Every output
 * is the same bits as without the skip (UVCHAOS_NO_SKIP=1 runs computeUvChunk's own loop).
 */
function computeUvChunkSkipping(task: ChunkTask & { spec: UvSweepSpec; base?: UvChunkBase }, stats?: TransientSkipStats): ChunkResult {
  const { spec } = task;
  const results = new PointResults(task, 2);
  const record = spec.record;
  const base = task.base ?? initialFunctionState(spec.model);
  const plane = task.plane;
  const pointError = (index: number, err: unknown) => new GridPointError(index, gridPointValues(task, index), err);
  const pointAt = (i: number) => uvPoint(spec.model, spec.eta ?? NaN, base, gridPointValues(task, results.indexOf(i)));
  const early = plane ? Math.min(plane.earlySteps, spec.transient) : 0;
  const observableCode = OBSERVABLE_CODE[spec.observable as UvObservable];
  const bound = spec.divergenceBound;
  const warmup = lyapunovWarmup(spec);
  const end = Math.max(early, spec.transient - warmup);
  const ready = createLanes();
  const readyPoint = new Int32Array(LANES);
  const readyCycle = new Int32Array(LANES);
  // A lane on an exact cycle whose analysis reads one period (period-of-cycle.ts) needs its
  // observable over that period only; --save-orbits keeps the whole record.
  const observableSpans = new Int32Array(LANES);
  const span = (cycle: number) =>
    cycle > 0 && !task.saveSeries && readsOnePeriod(cycle, record, spec.period) ? Math.min(record, Math.max(2, cycle)) : record;
  const laneIndices = Array.from({ length: LANES }, (_, k) => k);
  let count = 0;

  const recordReady = () => {
    // Spare lanes repeat the first point; their results are discarded.
    for (let k = count; k < LANES; k++) copyLane(ready, 0, ready, k);
    for (let k = 0; k < LANES; k++) observableSpans[k] = k < count ? span(readyCycle[k]) : 2;
    let recorded;
    try {
      recorded = uvRecordLanes(
        ready,
        laneIndices,
        record,
        spec.transient - warmup,
        bound,
        observableCode,
        spec.lyapunov.enabled,
        warmup,
        observableSpans,
      );
    } catch (err) {
      throw pointError(results.indexOf(readyPoint[0]), err);
    }
    for (let k = 0; k < count; k++) deliverLane(results, readyPoint[k], recorded[k], ready, k, readyCycle[k], pointError);
    count = 0;
  };

  const points: Array<ReturnType<typeof pointAt> | undefined> = [];
  uvTransientSkipping({
    n: results.n,
    point: (i) => (points[i] = pointAt(i)),
    early,
    end,
    bound,
    cancel: task.cancel,
    stats,
    onEarly: (i, f, ntk, diverged) => {
      const p = points[i]!;
      results.early(i, diverged ? NaN : uvSharpness(f, ntk, p.eps, p.target) / uvSharpness(p.f0, p.ntk0, p.eps, p.target));
    },
    onDone: (i, f, ntk, divergedAt, cycle) => {
      const p = points[i]!;
      points[i] = undefined;
      ready.eta[count] = p.eta;
      ready.eps[count] = p.eps;
      ready.target[count] = p.target;
      ready.f[count] = f;
      ready.ntk[count] = ntk;
      ready.divergedAt[count] = divergedAt;
      readyPoint[count] = i;
      readyCycle[count] = cycle;
      if (++count === LANES) recordReady();
    },
  });
  if (count > 0) recordReady();
  return results.result();
}

function copyLane(from: UvLanes, j: number, to: UvLanes, k: number): void {
  to.eta[k] = from.eta[j];
  to.eps[k] = from.eps[j];
  to.target[k] = from.target[j];
  to.f[k] = from.f[j];
  to.ntk[k] = from.ntk[j];
  to.divergedAt[k] = from.divergedAt[j];
}
