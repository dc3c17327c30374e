import type { BatchMap } from '../kind/batch-map.js';
import type { MapDefinition } from '../kind/map-definition.js';
import { throwIfCancelled, type CancelFlag } from './chunk-cancel.js';

/**
 * The maps' transient with the exact skip (docs/performance.md, "Exact transient skip"), the
 * counterpart of the UV kernel's models/uv/transient-skip.ts for map-chunk.ts's JavaScript batches.
 *
 * A map's state is a few doubles and its step a deterministic function of their bits: once a
 * state returns bit for bit, the orbit repeats for ever. Here the states are compared at block ends
 * only (every BLOCK steps, where the bound is checked anyway), against a checkpoint taken at a
 * block end and refreshed at powers of two: a return after P steps is found once P is a whole
 * number of blocks, so P is a multiple of the period, which is all the jump needs (the state at
 * the transient's end is the state (T − t) mod P steps on). A lane is skipped only when every state
 * of those P steps is inside the bound (so no later check could fail, and a NaN never skips); it
 * then leaves the batch (the live lanes are kept in front, so the batch steps only them) and comes
 * back, in its own place, for the record.
 */

/** What the skip did over a chunk's points (see TransientSkipStats of the UV kernel). */
export interface MapSkipStats {
  points: number;
  skipped: number;
  /** Σ over skipped points of the step at which their return was found */
  cycleStepSum: number;
}

/** The first checkpoint refresh (a whole number of blocks); later ones at each doubling. */
const FIRST_CHECK = 256;
/** A return is skipped only if P · SKIP_COST ≤ the steps left: the check and the jump take up to 2P single-orbit steps. */
const SKIP_COST = 4;

export interface MapTransientBatch {
  def: MapDefinition;
  batch: BatchMap;
  k: number;
  lanes: number;
  /** lanes [0, active) hold points; their states are set, and their parameters in `params` and the batch */
  active: number;
  params: Float64Array[];
  /** −1, or the step at which a lane left the bound; updated */
  divergedAt: Int32Array;
  steps: number;
  block: number;
  bound: number;
  cancel?: CancelFlag;
  blocksPerCancelCheck: number;
  /** exactly map-chunk's locate: the step in (0, m] at which the orbit from `start` leaves the bound */
  locate: (params: Float64Array, start: Float64Array, m: number) => number;
  stats?: MapSkipStats;
}

/**
 * Advances lanes [0, active) by `steps` steps in blocks of `block`, checking the bound at every
 * block end as map-chunk.ts does, and skipping lanes on an exact cycle. On return every lane is in
 * its own place with the state of step `steps`.
 */
export function mapTransientSkipping(b: MapTransientBatch): void {
  const { def, batch, k, lanes, active, params, divergedAt, steps, block, bound, stats } = b;
  const state = batch.state;
  const slot = Int32Array.from({ length: active }, (_, j) => j); // the lane behind each position
  const checkpoint = new Float64Array(k * lanes);
  const checkStep = new Int32Array(active);
  const nextCheck = new Int32Array(active).fill(FIRST_CHECK);
  const detecting = new Uint8Array(active).fill(1);
  const blockStart = new Float64Array(k * lanes);
  const start = new Float64Array(k);
  const z = new Float64Array(k);
  const bitsA = new Uint32Array(2);
  const bitsB = new Uint32Array(2);
  const wordsA = new Float64Array(bitsA.buffer);
  const wordsB = new Float64Array(bitsB.buffer);
  const sameBits = (x: number, y: number) => {
    wordsA[0] = x;
    wordsB[0] = y;
    return bitsA[0] === bitsB[0] && bitsA[1] === bitsB[1];
  };
  const inBound = (v: Float64Array) => {
    for (let c = 0; c < k; c++) if (!(Math.abs(v[c]) <= bound)) return false;
    return true;
  };
  if (stats) stats.points += active;
  for (let j = 0; j < active; j++) for (let c = 0; c < k; c++) checkpoint[c * lanes + j] = state[c * lanes + j];
  let live = active;

  /** Exchanges the lanes at positions x and y, with everything kept per position. */
  const swap = (x: number, y: number) => {
    for (let c = 0; c < k; c++) {
      const i = c * lanes;
      let t = state[i + x];
      state[i + x] = state[i + y];
      state[i + y] = t;
      t = checkpoint[i + x];
      checkpoint[i + x] = checkpoint[i + y];
      checkpoint[i + y] = t;
      t = blockStart[i + x];
      blockStart[i + x] = blockStart[i + y];
      blockStart[i + y] = t;
    }
    const lx = slot[x];
    slot[x] = slot[y];
    slot[y] = lx;
    let t = checkStep[x];
    checkStep[x] = checkStep[y];
    checkStep[y] = t;
    t = nextCheck[x];
    nextCheck[x] = nextCheck[y];
    nextCheck[y] = t;
    t = detecting[x];
    detecting[x] = detecting[y];
    detecting[y] = t;
    batch.setParameters(x, params[slot[x]]);
    batch.setParameters(y, params[slot[y]]);
  };

  /** The lane at position j is back at its checkpoint after P steps, at step t: skip it if it pays and stays bounded. */
  const trySkip = (j: number, t: number): boolean => {
    const period = t - checkStep[j];
    detecting[j] = 0;
    if (period * SKIP_COST > steps - t) return false;
    const map = def.createDiscrete(params[slot[j]]);
    for (let c = 0; c < k; c++) start[c] = z[c] = state[c * lanes + j];
    for (let s = 0; s < period; s++) {
      map.step(z, z);
      if (!inBound(z)) return false;
    }
    for (let c = 0; c < k; c++) if (!sameBits(z[c], start[c])) return false; // never, for a deterministic step
    for (let s = (steps - t) % period; s > 0; s--) map.step(z, z);
    for (let c = 0; c < k; c++) state[c * lanes + j] = z[c];
    if (stats) {
      stats.skipped++;
      stats.cycleStepSum += t;
    }
    return true;
  };

  let blocks = 0;
  for (let done = 0; done < steps && live > 0;) {
    if (++blocks % b.blocksPerCancelCheck === 0) throwIfCancelled(b.cancel);
    const m = Math.min(block, steps - done);
    blockStart.set(state);
    for (let s = 0; s < m; s++) batch.step(live);
    done += m;
    for (let j = 0; j < live; j++) {
      const lane = slot[j];
      if (divergedAt[lane] >= 0) continue;
      let bounded = true;
      for (let c = 0; c < k; c++) if (!(Math.abs(state[c * lanes + j]) <= bound)) bounded = false;
      if (!bounded) {
        for (let c = 0; c < k; c++) start[c] = blockStart[c * lanes + j];
        divergedAt[lane] = done - m + b.locate(params[lane], start, m);
        continue;
      }
      if (detecting[j] === 0 || done === steps) continue;
      let back = true;
      for (let c = 0; c < k; c++) if (!sameBits(state[c * lanes + j], checkpoint[c * lanes + j])) back = false;
      if (back && trySkip(j, done)) {
        swap(j, --live);
        j--; // the lane moved here is looked at next
        continue;
      }
      if (detecting[j] === 1 && done >= nextCheck[j]) {
        for (let c = 0; c < k; c++) checkpoint[c * lanes + j] = state[c * lanes + j];
        checkStep[j] = done;
        nextCheck[j] = 2 * done;
      }
    }
  }
  // every lane back in its own place
  for (let j = 0; j < active; j++) {
    while (slot[j] !== j) swap(j, slot[j]);
  }
}
