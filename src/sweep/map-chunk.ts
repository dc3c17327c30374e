import { batchEnds, batchMeansError } from '../analysis/batch-means.js';
import { flushPendingLogs, orthonormalizeColumns } from '../analysis/lyapunov-spectrum.js';
import { setIdentity } from '../analysis/matrix.js';
import type { MapDefinition } from '../kind/map-definition.js';
import { GridPointError, gridPointValues, lyapunovWarmup, type ChunkResult, type ChunkTask } from './chunk.js';
import { throwIfCancelled } from './chunk-cancel.js';
import { gridValue } from './grid.js';
import { PointResults } from './point-results.js';
import { mapTransientSkipping, type MapSkipStats } from './map-transient-skip.js';
import { TRANSIENT_SKIP } from '../util/transient-skip-switch.js';

/** Orbits advanced together through a BatchMap. */
const BATCH = 64;
/** Steps between divergence checks (a NaN or infinity persists, so blocks are safe). */
const BLOCK = 32;
/** Blocks between checks of the sweep's cancel flag (about 2,000 steps of every lane). */
const BLOCKS_PER_CANCEL_CHECK = 64;

/**
 * Grid points of any non-UV map (logistic, Hénon, expression): the orbits of up to 64
 * neighbouring points advance in lock step through the map's batch form, which amortises the
 * per-step dispatch; each lane computes exactly its own orbit. The record carries a k×k tangent
 * frame per lane, re-orthonormalised every step (Benettin QR).
 */
export function computeMapChunk(task: ChunkTask, def: MapDefinition, stats?: MapSkipStats): ChunkResult {
  const { spec } = task;
  const k = def.stateNames.length;
  const results = new PointResults(task, k);
  const n = results.n;
  const record = spec.record;
  const bound = spec.divergenceBound;
  const warmup = lyapunovWarmup(spec);
  const lyapunov = spec.lyapunov.enabled;
  const parameterIndex = def.parameterNames.indexOf(spec.sweep.parameter);
  const observableIndex = def.stateNames.indexOf(spec.observable);

  const lanes = Math.min(BATCH, n);
  const batch = def.createBatch(lanes);
  const state = batch.state;
  const params = Array.from({ length: lanes }, () => Float64Array.from(def.parameters));
  const divergedAt = new Int32Array(lanes);
  const blockStart = new Float64Array(k * lanes);
  const jac = new Float64Array(k * k * lanes);
  const frames = new Float64Array(k * k * lanes);
  const product = new Float64Array(k * k);
  const sums = new Float64Array(k * lanes);
  const pending = new Float64Array(k * lanes);
  const ends = batchEnds(record);
  /** each lane's Σ log growth of the top vector at every batch end (lane-major): lyap_err's batches */
  const batchSums = new Float64Array(lanes * ends.length);
  const states = new Float64Array(lanes * k * record);
  const laneState = new Float64Array(k);
  const discarded = new Float64Array(k);
  const half = Math.floor(record / 2);

  const outOfBound = (j: number) => {
    for (let c = 0; c < k; c++) if (!(Math.abs(state[c * lanes + j]) <= bound)) return true;
    return false;
  };
  /** Replays a block for one lane with its single-orbit map to find the exact step it left. */
  const locate = (j: number, steps: number) => {
    const z = new Float64Array(k);
    for (let c = 0; c < k; c++) z[c] = blockStart[c * lanes + j];
    return locateFrom(params[j], z, steps);
  };
  const locateFrom = (p: Float64Array, z: Float64Array, steps: number) => {
    const map = def.createDiscrete(p);
    for (let t = 1; t <= steps; t++) {
      map.step(z, z);
      if (z.some((v) => !(Math.abs(v) <= bound))) return t;
    }
    return steps;
  };

  for (let first = 0; first < n; first += lanes) {
    const active = Math.min(lanes, n - first);
    for (let j = 0; j < active; j++) {
      params[j][parameterIndex] = gridValue(spec.sweep, results.indexOf(first + j));
      batch.setParameters(j, params[j]);
      for (let c = 0; c < k; c++) state[c * lanes + j] = def.initial[c];
      divergedAt[j] = outOfBound(j) ? 0 : -1;
      setIdentity(frames.subarray(j * k * k, (j + 1) * k * k), k);
    }
    sums.fill(0);
    pending.fill(1);
    let nextBatch = 0;

    // Steps 1 … transient − warmup plain; then warmup + record with the tangent frame.
    const plain = spec.transient - warmup;
    const total = plain + warmup + record;
    let blocks = 0;
    let from = 0;
    if (TRANSIENT_SKIP && plain > 0) {
      // the same blocks and bound checks, with lanes on an exact cycle skipped (map-transient-skip.ts)
      mapTransientSkipping({
        def,
        batch,
        k,
        lanes,
        active,
        params,
        divergedAt,
        steps: plain,
        block: BLOCK,
        bound,
        cancel: task.cancel,
        blocksPerCancelCheck: BLOCKS_PER_CANCEL_CHECK,
        locate: (p, start, m) => locateFrom(p, Float64Array.from(start), m),
        stats,
      });
      from = plain;
    }
    for (let done = from; done < total;) {
      if (++blocks % BLOCKS_PER_CANCEL_CHECK === 0) throwIfCancelled(task.cancel);
      const tangent = lyapunov && done >= plain;
      // blocks never straddle a phase boundary, so each phase's bookkeeping stays simple
      const boundary = done < plain ? plain : done < plain + warmup ? plain + warmup : total;
      const m = Math.min(BLOCK, boundary - done);
      blockStart.set(state);
      for (let s = 0; s < m; s++) {
        if (tangent) batch.jacobian(jac, active);
        batch.step(active);
        const t = done + s - plain - warmup; // record index, negative before the record
        if (tangent) {
          const sumsOut = t < 0 ? discarded : sums; // warm-up: align the frame, do not average
          for (let j = 0; j < active; j++) {
            if (divergedAt[j] >= 0) continue;
            tangentStep(jac, lanes, j, frames, k, product, sumsOut, t < 0 ? 0 : j * k, t < 0 ? undefined : pending);
            // kept from the half-record error estimate that batch means replaced: the exponents
            // keep their rounding
            if (t + 1 === half) flushPendingLogs(sums, pending, j * k, k);
          }
          if (t + 1 === ends[nextBatch]) {
            // read without folding: the pending products stay as they were
            for (let j = 0; j < active; j++) batchSums[j * ends.length + nextBatch] = sums[j * k] + Math.log(pending[j * k]);
            nextBatch++;
          }
        }
        if (t >= 0) {
          for (let j = 0; j < active; j++) {
            const base = j * k * record;
            for (let c = 0; c < k; c++) states[base + c * record + t] = state[c * lanes + j];
          }
        }
      }
      for (let j = 0; j < active; j++) {
        if (divergedAt[j] < 0 && outOfBound(j)) divergedAt[j] = done + locate(j, m);
      }
      done += m;
    }

    for (let j = 0; j < active; j++) {
      const i = first + j;
      const index = results.indexOf(i);
      try {
        if (divergedAt[j] >= 0) {
          results.diverged(i, divergedAt[j]);
          continue;
        }
        const laneStates = states.subarray(j * k * record, (j + 1) * k * record);
        for (let c = 0; c < k; c++) laneState[c] = state[c * lanes + j];
        const exponents = new Float64Array(k).fill(NaN);
        let lyapErr = NaN;
        if (lyapunov) {
          flushPendingLogs(sums, pending, j * k, k);
          for (let c = 0; c < k; c++) exponents[c] = sums[j * k + c] / record;
          lyapErr = batchMeansError(ends, batchSums, ends.length, j * ends.length);
        }
        const p = Float64Array.from(params[j]);
        results.recorded(i, {
          states: laneStates,
          observable: laneStates.subarray(observableIndex * record, (observableIndex + 1) * record),
          finalState: Float64Array.from(laneState),
          exponents,
          lyapErr,
          map: () => def.createDiscrete(p),
        });
      } catch (err) {
        throw new GridPointError(index, gridPointValues(task, index), err);
      }
    }
  }
  return results.result();
}

/**
 * One Benettin step for lane j: frame ← J_j · frame (J_j strided by `lanes` in jac, lane j's frame
 * at frames[j·k², (j+1)·k²)), then the shared QR step, adding log ‖column c‖ to
 * sums[sumOffset + c] (through `pending` products when given). Allocates nothing.
 */
function tangentStep(
  jac: Float64Array,
  lanes: number,
  j: number,
  frames: Float64Array,
  k: number,
  product: Float64Array,
  sums: Float64Array,
  sumOffset: number,
  pending?: Float64Array,
): void {
  const f = j * k * k;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += jac[(r * k + m) * lanes + j] * frames[f + m * k + c];
      product[r * k + c] = s;
    }
  }
  orthonormalizeColumns(product, k, sums, sumOffset, pending);
  for (let e = 0; e < k * k; e++) frames[f + e] = product[e];
}
