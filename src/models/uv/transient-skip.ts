import { throwIfCancelled, type CancelFlag } from '../../sweep/chunk-cancel.js';
import { locateDivergence, uvAdvance } from './orbit-kernel.js';
import { MEM, NO_CHECKPOINT, UV_LANES, uvTransientWasm } from './wasm.js';

/**
 * The UV sweep's transient with the exact skip (docs/performance.md, "Exact transient skip").
 *
 * A lane's state is a pair of doubles and the step is a deterministic function of their bits, so
 * once the state returns bit for bit to a state it had p steps before, the orbit repeats with
 * period p for ever: the state at the transient's end T is the state (T − t) mod p steps further
 * on from step t. Brent's method finds p with one comparison per step against a checkpoint
 * refreshed at powers of two (64, 128, 256, …): a cycle of period p entered at step μ is found by
 * step 2·max(μ, p, 64) + p.
 *
 * The skip changes no output. The states at the end of the transient are the same bits, and
 * divergence is decided as without the skip: bound checks at the same block ends (every
 * BLOCK steps from the phase's start), and a cycle is skipped only when every one of its states is
 * inside the bound (so no later check could fail; a NaN is never inside it).
 *
 * UV_LANES points share each SIMD loop; a lane whose transient ends (skipped, diverged or done)
 * takes the chunk's next point at once, so early finishers never wait for their neighbours. A
 * point's arithmetic is its own whichever lane it runs in and whoever shares the loop.
 */

/** Steps between bound checks, from each phase's start, as in uvTransient. */
const BLOCK = 1024;
/** The first checkpoint refresh; later ones at each power of two. */
const FIRST_CHECK = 64;
/**
 * A cycle is skipped only if its period is at most this fraction of the steps left: the skip costs
 * up to 2p scalar steps (the bound check over the cycle, then the jump), each a few lane-steps of
 * the SIMD loop. A longer cycle is iterated as if none had been found.
 */
const SKIP_COST = 8;
/**
 * The loop stops when f alone returns to its checkpoint. A lane whose f keeps returning without
 * λ (f stuck by rounding while λ still creeps) would stop it at every step, so after this many
 * such returns the lane stops comparing until its next checkpoint: a cycle is then found in a
 * later window, with the same period.
 */
const MAX_CANDIDATES = 64;

/** A grid point's inputs to the transient. */
export interface TransientPoint {
  eta: number;
  eps: number;
  target: number;
  f0: number;
  ntk0: number;
}

/** What the skip did, summed over points (TransientSkipStats.points counts every point run). */
export interface TransientSkipStats {
  points: number;
  skipped: number;
  /** Σ over skipped points of the step at which their cycle was found */
  cycleStepSum: number;
}

export function emptySkipStats(): TransientSkipStats {
  return { points: 0, skipped: 0, cycleStepSum: 0 };
}

export interface TransientRun {
  /** points 0 … n − 1 */
  n: number;
  point: (i: number) => TransientPoint;
  /** steps of the early phase (phase diagrams: its end is a bound check of its own), 0 for none */
  early: number;
  /** the transient's length in steps (at least `early`) */
  end: number;
  bound: number;
  cancel?: CancelFlag;
  /** at the early phase's end: the state there, or diverged (then f and λ mean nothing) */
  onEarly?: (i: number, f: number, ntk: number, diverged: boolean) => void;
  /**
   * at the transient's end (in any point order): the state, −1 or the step it diverged at, and the
   * minimal period of the exact cycle the state is on if the point skipped (else 0)
   */
  onDone: (i: number, f: number, ntk: number, divergedAt: number, cycle: number) => void;
  stats?: TransientSkipStats;
}

/** One lane's bookkeeping (struct of arrays over the UV_LANES lanes). */
class Lanes {
  readonly point = new Int32Array(UV_LANES).fill(-1);
  readonly eta = new Float64Array(UV_LANES);
  readonly eps = new Float64Array(UV_LANES);
  readonly target = new Float64Array(UV_LANES);
  /** steps taken */
  readonly t = new Int32Array(UV_LANES);
  /** the current block's first step, its state, and its last step */
  readonly blockStart = new Int32Array(UV_LANES);
  readonly blockF = new Float64Array(UV_LANES);
  readonly blockL = new Float64Array(UV_LANES);
  readonly blockEnd = new Int32Array(UV_LANES);
  /** the checkpoint's step and the step of its next refresh; detection on or off */
  readonly checkStep = new Int32Array(UV_LANES);
  readonly nextCheck = new Int32Array(UV_LANES);
  readonly detecting = new Uint8Array(UV_LANES);
  /** returns of f to the checkpoint without λ's (see MAX_CANDIDATES) */
  readonly candidates = new Int32Array(UV_LANES);
}

const cycle = new Float64Array(2);

/**
 * Runs the transient of every point of `run`, UV_LANES at a time, refilling finished lanes; see
 * the file's comment. Each point ends in exactly one onDone call.
 */
export function uvTransientSkipping(run: TransientRun): void {
  const { n, early, end, bound, cancel, stats } = run;
  const kernel = uvTransientWasm();
  const mem = kernel.memory;
  const bits = new Uint32Array(mem.buffer, mem.byteOffset, 2 * mem.length);
  const lanes = new Lanes();
  let next = 0;
  let active = 0;

  const sameBits = (x: number, y: number) => bits[2 * x] === bits[2 * y] && bits[2 * x + 1] === bits[2 * y + 1];
  /** Hides lane k's checkpoint from the loop's f check, which then never matches. */
  const hideCheckpoint = (k: number) => {
    // little-endian: the low word first
    bits[2 * (MEM.checkF + k)] = NO_CHECKPOINT[1];
    bits[2 * (MEM.checkF + k) + 1] = NO_CHECKPOINT[0];
  };
  /** Turns detection on (after the checkpoint is set) or off. */
  const setDetecting = (k: number, on: boolean) => {
    lanes.detecting[k] = on ? 1 : 0;
    lanes.candidates[k] = 0;
    if (!on) hideCheckpoint(k);
  };
  const startBlock = (k: number) => {
    const t = lanes.t[k];
    lanes.blockStart[k] = t;
    lanes.blockF[k] = mem[MEM.f + k];
    lanes.blockL[k] = mem[MEM.l + k];
    lanes.blockEnd[k] = Math.min(t < early ? early : end, t + BLOCK);
  };
  const finish = (k: number, divergedAt: number, cycle = 0) => {
    run.onDone(lanes.point[k], mem[MEM.f + k], mem[MEM.l + k], divergedAt, cycle);
    lanes.point[k] = -1;
    active--;
    fill(k);
  };
  /** Loads the next points into lane k until one needs steps, or parks the lane idle. */
  const fill = (k: number) => {
    while (next < n) {
      const i = next++;
      const p = run.point(i);
      if (stats) stats.points++;
      const inBound = Math.abs(p.f0) <= bound && Math.abs(p.ntk0) <= bound;
      if (!inBound || end === 0) {
        if (early > 0) run.onEarly?.(i, p.f0, p.ntk0, !inBound);
        run.onDone(i, p.f0, p.ntk0, inBound ? -1 : 0, 0);
        continue;
      }
      lanes.point[k] = i;
      lanes.eta[k] = p.eta;
      lanes.eps[k] = p.eps;
      lanes.target[k] = p.target;
      mem[MEM.a + k] = p.eta;
      mem[MEM.b + k] = p.eps * p.eta * p.eta;
      mem[MEM.c + k] = 4 * p.eps * p.eta;
      mem[MEM.y + k] = p.target;
      mem[MEM.f + k] = p.f0;
      mem[MEM.l + k] = p.ntk0;
      mem[MEM.checkF + k] = p.f0;
      mem[MEM.checkL + k] = p.ntk0;
      lanes.t[k] = 0;
      lanes.checkStep[k] = 0;
      lanes.nextCheck[k] = FIRST_CHECK;
      setDetecting(k, true);
      startBlock(k);
      active++;
      return;
    }
    // idle: the fixed point (y, 0), never compared
    mem[MEM.f + k] = mem[MEM.y + k];
    mem[MEM.l + k] = 0;
    setDetecting(k, false);
  };

  /**
   * Lane k is back at its checkpoint after p steps. Skips to the transient's end when every state
   * of the cycle is inside the bound and the cycle is short enough to pay; otherwise stops
   * looking, and the lane runs on as without the skip. True if it skipped (and finished the lane).
   */
  const skipCycle = (k: number): boolean => {
    const t = lanes.t[k];
    const p = t - lanes.checkStep[k];
    setDetecting(k, false);
    if (p * SKIP_COST > end - t) return false;
    const eta = lanes.eta[k];
    const eps = lanes.eps[k];
    const y = lanes.target[k];
    const f = mem[MEM.f + k];
    const l = mem[MEM.l + k];
    cycle[0] = f;
    cycle[1] = l;
    for (let s = 0; s < p; s++) {
      uvAdvance(cycle, eta, eps, y, 1);
      if (!(Math.abs(cycle[0]) <= bound && Math.abs(cycle[1]) <= bound)) return false;
    }
    if (!(Object.is(cycle[0], f) && Object.is(cycle[1], l))) return false; // never, for a deterministic step
    if (t <= early && early > 0) {
      // the early window's end is a state of the cycle too (or this very step)
      uvAdvance(cycle, eta, eps, y, (early - t) % p);
      run.onEarly?.(lanes.point[k], cycle[0], cycle[1], false);
      uvAdvance(cycle, eta, eps, y, (end - early) % p);
    } else {
      uvAdvance(cycle, eta, eps, y, (end - t) % p);
    }
    if (stats) {
      stats.skipped++;
      stats.cycleStepSum += t;
    }
    mem[MEM.f + k] = cycle[0];
    mem[MEM.l + k] = cycle[1];
    // p is the minimal period: the checkpoint is on the cycle (a state before it never recurs),
    // and its first return is after exactly one period
    finish(k, -1, p);
    return true;
  };

  for (let k = 0; k < UV_LANES; k++) fill(k);
  while (active > 0) {
    throwIfCancelled(cancel);
    let m = BLOCK;
    for (let k = 0; k < UV_LANES; k++) {
      if (lanes.point[k] < 0) continue;
      const t = lanes.t[k];
      m = Math.min(m, lanes.blockEnd[k] - t);
      if (lanes.detecting[k] === 1) m = Math.min(m, lanes.nextCheck[k] - t);
    }
    const taken = kernel.transientDetect(m);
    for (let k = 0; k < UV_LANES; k++) {
      if (lanes.point[k] < 0) continue;
      const t = (lanes.t[k] += taken);
      if (lanes.detecting[k] === 1 && sameBits(MEM.f + k, MEM.checkF + k)) {
        if (sameBits(MEM.l + k, MEM.checkL + k)) {
          if (skipCycle(k)) continue;
        } else if (++lanes.candidates[k] > MAX_CANDIDATES) hideCheckpoint(k); // until the next checkpoint
      }
      if (t === lanes.blockEnd[k]) {
        if (!(Math.abs(mem[MEM.f + k]) <= bound && Math.abs(mem[MEM.l + k]) <= bound)) {
          const at = locateDivergence(
            lanes.blockF[k],
            lanes.blockL[k],
            lanes.eta[k],
            lanes.eps[k],
            lanes.target[k],
            t - lanes.blockStart[k],
            bound,
          );
          if (lanes.blockStart[k] < early) run.onEarly?.(lanes.point[k], NaN, NaN, true);
          finish(k, lanes.blockStart[k] + at);
          continue;
        }
        if (t === early) run.onEarly?.(lanes.point[k], mem[MEM.f + k], mem[MEM.l + k], false);
        if (t === end) {
          finish(k, -1);
          continue;
        }
        startBlock(k);
      }
      if (lanes.detecting[k] === 1 && t === lanes.nextCheck[k]) {
        mem[MEM.checkF + k] = mem[MEM.f + k];
        mem[MEM.checkL + k] = mem[MEM.l + k];
        lanes.candidates[k] = 0;
        lanes.checkStep[k] = t;
        lanes.nextCheck[k] = 2 * t;
      }
    }
  }
}
