import { batchMeansError } from '../../analysis/batch-means.js';
import { locateDivergence, type UvLanes } from './orbit-kernel.js';
import { OBSERVABLE_CODE } from './observables.js';
import { MEM, observableAt, UV_LANES, uvRecordWasm, type UvRecordWasm } from './wasm.js';

/**
 * The record phase of the UV sweep: UV_LANES orbits advanced together by the WebAssembly SIMD
 * loops of uv-wasm.ts, storing every state and, when Lyapunov exponents are asked for,
 * carrying each orbit's tangent vector. This file drives the loops block by block:
 * renormalisation, replays, the bound, the exponents.
 *
 * Each lane's arithmetic is exactly that of a lone orbit (uvAdvance's orbit, the same block
 * boundaries, a per-lane replay), so a grid point's numbers never depend on the other lanes.
 */

export interface RecordBuffers {
  /** component-major: f at [0, record), λ at [record, 2·record) */
  states: Float64Array;
  observable: Float64Array;
}

export interface RecordResult {
  /** −1 if the orbit stayed bounded, else the step at which it left */
  divergedAt: number;
  /**
   * the recorded states, component-major (f at [0, record), λ at [record, 2·record)): a view into
   * the kernel's memory, valid until its next call; null if the orbit diverged
   */
  states: Float64Array | null;
  /** the observable over the record, a view of the kernel's memory like `states`; null if diverged */
  observable: Float64Array | null;
  lyap1: number;
  lyap2: number;
  /** 1σ standard error of lyap1 by batch means over the record's blocks (analysis/batch-means.ts) */
  lyapErr: number;
}

/**
 * Steps between renormalisations of the tangent vector and between bound checks. Logs are taken
 * once per block, on the accumulated growth and determinant, so a step costs a few
 * multiplications more than the map, not a logarithm. A lane whose products leave the safe range
 * within a block (a steep transient, a vanishing determinant) replays it renormalising every step.
 */
const BLOCK = 128;
const SAFE_MAX = 1e280;
const SAFE_MIN = 1e-280;

interface RecordState {
  lanes: UvLanes;
  /** the UvLanes lane behind each record lane */
  k: Int32Array;
  kernel: UvRecordWasm;
  mem: Float64Array;
  record: number;
  /** Σ log growth and Σ log|det J| of each lane */
  growth: Float64Array;
  logDet: Float64Array;
  /**
   * each lane's Σ log growth at the end of every block of the record (lane-major, `segments.length`
   * per lane), and the record step where each block ends: the batch means of lyapErr, one store
   * per lane and block
   */
  cumulativeGrowth: Float64Array;
  segmentEnds: Int32Array;
  /** blocks recorded so far */
  segments: number;
  /** step at which each lane left the bound, −1 while it has not */
  divergedAt: Float64Array;
  bound: number;
  /** [f, λ, u, w] of each lane at the start of the block, for replays */
  saved: Float64Array;
  /** 1 where a lane's block products stayed in the safe range */
  inRange: Uint8Array;
  /** the other lanes' tangent state, kept during a one-lane replay */
  keep: Float64Array;
  /** each lane's recorded states in the kernel's memory */
  planes: Float64Array[];
  /** each lane's computed observable in the kernel's memory */
  observables: Float64Array[];
  /** handed back by uvRecordLanes, refilled on every call */
  results: RecordResult[];
}

/**
 * The scratch of the kernel's current record length, allocated once: a record of 1000 steps
 * takes a few microseconds, and allocating this per call was a sixth of it, with the GC.
 */
let scratch: RecordState | null = null;

/** Blocks in a record: its two halves are advanced separately, each in blocks of BLOCK steps. */
function recordBlocks(record: number): number {
  const half = Math.floor(record / 2);
  return Math.ceil(half / BLOCK) + Math.ceil((record - half) / BLOCK);
}

function recordState(kernel: UvRecordWasm, record: number): RecordState {
  if (scratch?.kernel !== kernel) {
    const mem = kernel.memory;
    scratch = {
      lanes: null as unknown as UvLanes,
      k: new Int32Array(UV_LANES),
      kernel,
      mem,
      record,
      growth: new Float64Array(UV_LANES),
      logDet: new Float64Array(UV_LANES),
      cumulativeGrowth: new Float64Array(UV_LANES * recordBlocks(record)),
      segmentEnds: new Int32Array(recordBlocks(record)),
      segments: 0,
      divergedAt: new Float64Array(UV_LANES),
      bound: 0,
      saved: new Float64Array(4 * UV_LANES),
      inRange: new Uint8Array(UV_LANES),
      keep: new Float64Array(4 * UV_LANES),
      planes: Array.from({ length: UV_LANES }, (_, lane) =>
        mem.subarray(MEM.planes + 2 * record * lane, MEM.planes + 2 * record * (lane + 1)),
      ),
      observables: Array.from({ length: UV_LANES }, (_, lane) =>
        mem.subarray(observableAt(record, lane), observableAt(record, lane) + record),
      ),
      results: Array.from({ length: UV_LANES }, () => ({
        divergedAt: -1,
        states: null,
        observable: null,
        lyap1: NaN,
        lyap2: NaN,
        lyapErr: NaN,
      })),
    };
  }
  return scratch;
}

const TANGENT_STATE = [MEM.f, MEM.l, MEM.u, MEM.w];

function setLane(p: RecordState, lane: number): void {
  const { mem, lanes } = p;
  const k = p.k[lane];
  const eta = lanes.eta[k];
  const eps = lanes.eps[k];
  const b = eps * eta * eta;
  mem[MEM.a + lane] = eta;
  mem[MEM.b + lane] = b;
  mem[MEM.c + lane] = 4 * eps * eta;
  mem[MEM.d + lane] = 2 * b;
  mem[MEM.y + lane] = lanes.target[k];
  mem[MEM.one + lane] = 1;
  mem[MEM.eps + lane] = eps;
  mem[MEM.f + lane] = lanes.f[k];
  mem[MEM.l + lane] = lanes.ntk[k];
  mem[MEM.u + lane] = 1;
  mem[MEM.w + lane] = 0;
}

/** Moves a lane to the fixed point (y, 0), where it costs nothing and cannot overflow. */
function park(mem: Float64Array, lane: number): void {
  mem[MEM.f + lane] = mem[MEM.y + lane];
  mem[MEM.l + lane] = 0;
  mem[MEM.u + lane] = 1;
  mem[MEM.w + lane] = 0;
}

/** Whether a lane's block products stayed in the range where renormalising them loses nothing. */
function tangentInRange(mem: Float64Array, lane: number): boolean {
  const u = mem[MEM.rawU + lane];
  const w = mem[MEM.rawW + lane];
  const norm = Math.sqrt(u * u + w * w);
  const absDet = Math.abs(mem[MEM.rawDet + lane]);
  return norm > SAFE_MIN && norm < SAFE_MAX && absDet > SAFE_MIN && absDet < SAFE_MAX;
}

/** Renormalises a lane's block products: unit tangent vector, logs added to the sums. */
function commitTangent(p: RecordState, lane: number): void {
  const { mem } = p;
  const u = mem[MEM.rawU + lane];
  const w = mem[MEM.rawW + lane];
  const norm = Math.sqrt(u * u + w * w);
  mem[MEM.u + lane] = u / norm;
  mem[MEM.w + lane] = w / norm;
  p.growth[lane] += Math.log(norm);
  p.logDet[lane] += Math.log(Math.abs(mem[MEM.rawDet + lane]));
}

/**
 * Replays one lane's block from its saved start one step at a time, renormalising after each.
 * One step's products cannot overflow unless the state does (then the bound catches it); det J = 0
 * gives log 0 = −∞, the true exponent sum. The other lanes sit parked meanwhile and are restored.
 */
function replayLane(p: RecordState, lane: number, m: number, store: boolean, t0: number): void {
  const { mem, saved, record, keep } = p;
  for (let c = 0; c < 4; c++) {
    for (let j = 0; j < UV_LANES; j++) keep[c * UV_LANES + j] = mem[TANGENT_STATE[c] + j];
    mem[TANGENT_STATE[c] + lane] = saved[4 * lane + c];
  }
  const plane = MEM.planes + 2 * record * lane;
  for (let t = 0; t < m; t++) {
    for (let other = 0; other < UV_LANES; other++) if (other !== lane) park(mem, other);
    p.kernel.tangentWarm(1);
    commitTangent(p, lane);
    if (store) {
      mem[plane + t0 + t] = mem[MEM.f + lane];
      mem[plane + record + t0 + t] = mem[MEM.l + lane];
    }
  }
  for (let c = 0; c < 4; c++) {
    for (let other = 0; other < UV_LANES; other++) if (other !== lane) mem[TANGENT_STATE[c] + other] = keep[c * UV_LANES + other];
  }
}

/**
 * Advances every lane by n steps (numbered from firstStep + 1), storing states from record index
 * t0 when `store` is set. A lane that leaves the bound records the exact step and is parked.
 */
function advanceLanes(p: RecordState, tangent: boolean, n: number, firstStep: number, store: boolean, t0: number): void {
  const { mem, kernel, saved, inRange } = p;
  for (let done = 0; done < n; done += BLOCK) {
    const m = Math.min(BLOCK, n - done);
    for (let lane = 0; lane < UV_LANES; lane++) {
      for (let c = 0; c < 4; c++) saved[4 * lane + c] = mem[TANGENT_STATE[c] + lane];
    }
    if (!tangent) {
      kernel.orbit(m, t0 + done);
    } else {
      if (store) kernel.tangent(m, t0 + done);
      else kernel.tangentWarm(m);
      // Every check before any replay: a replay overwrites the block products.
      for (let lane = 0; lane < UV_LANES; lane++) inRange[lane] = tangentInRange(mem, lane) ? 1 : 0;
      for (let lane = 0; lane < UV_LANES; lane++) if (inRange[lane] === 1) commitTangent(p, lane);
      for (let lane = 0; lane < UV_LANES; lane++) if (inRange[lane] === 0) replayLane(p, lane, m, store, t0 + done);
      if (store) {
        const s = p.segments++;
        const stride = p.segmentEnds.length;
        p.segmentEnds[s] = t0 + done + m;
        for (let lane = 0; lane < UV_LANES; lane++) p.cumulativeGrowth[lane * stride + s] = p.growth[lane];
      }
    }
    for (let lane = 0; lane < UV_LANES; lane++) {
      if (p.divergedAt[lane] >= 0) continue;
      if (Math.abs(mem[MEM.f + lane]) <= p.bound && Math.abs(mem[MEM.l + lane]) <= p.bound) continue;
      const k = p.k[lane];
      const at = locateDivergence(saved[4 * lane], saved[4 * lane + 1], p.lanes.eta[k], p.lanes.eps[k], p.lanes.target[k], m, p.bound);
      p.divergedAt[lane] = firstStep + done + at;
      park(mem, lane);
    }
  }
}

/**
 * Runs `warmup` further steps of the UvLanes lanes ks (UV_LANES of them, repeats allowed),
 * then records `record` steps of each: states after every step, the observable, and
 * (optionally) both Lyapunov exponents from the tangent map. Steps are numbered from `firstStep`
 * (the first warm-up step is firstStep + 1). Lanes that diverged before are carried parked and
 * reported as they were. The results, like the views of the states and observables in them, are
 * the kernel's own and hold until its next call.
 *
 * For a 2-D map Benettin's QR step needs only one tangent vector: R₁₁ is its growth, and
 * R₁₁·R₂₂ = |det(J Q)| = |det J| since Q is orthonormal, so λ₂ = ⟨log|det J|⟩ − λ₁ exactly.
 *
 * The warm-up lets the tangent vector turn towards the most expanding direction before anything
 * is averaged, so a converged orbit's neutral exponent comes out as 0, not as the log of how long
 * the vector took to align. The observable is computed after the loop by a WebAssembly loop of
 * its own (uv-wasm.ts), off the orbits' critical dependency chains; λ and f are the states.
 * `observableSpans` (one per lane, 2 to record) limits that loop to each lane's first values,
 * for a lane whose record is an exact cycle (the rest of its observable is then left stale).
 */
export function uvRecordLanes(
  lanes: UvLanes,
  ks: readonly number[],
  record: number,
  firstStep: number,
  bound: number,
  observableCode: number,
  lyapunov: boolean,
  warmup = 0,
  observableSpans?: ArrayLike<number>,
): RecordResult[] {
  if (ks.length !== UV_LANES) throw new Error(`the record runs ${UV_LANES} lanes at a time`);
  const p = recordState(uvRecordWasm(record), record);
  p.lanes = lanes;
  p.bound = bound;
  p.growth.fill(0);
  p.logDet.fill(0);
  for (let lane = 0; lane < UV_LANES; lane++) {
    p.k[lane] = ks[lane];
    p.divergedAt[lane] = lanes.divergedAt[ks[lane]];
    setLane(p, lane);
    if (p.divergedAt[lane] >= 0) park(p.mem, lane);
  }

  const half = Math.floor(record / 2);
  if (warmup > 0 && lyapunov) advanceLanes(p, true, warmup, firstStep, false, 0);
  p.growth.fill(0); // the warm-up's growth is not averaged
  p.logDet.fill(0);
  p.segments = 0;
  // The halves are advanced separately only because earlier versions did (the exponents keep
  // their block boundaries, and so their rounding).
  advanceLanes(p, lyapunov, half, firstStep + warmup, true, 0);
  advanceLanes(p, lyapunov, record - half, firstStep + warmup + half, true, half);
  const computed = p.kernel.observable(observableCode, observableSpans);

  for (let lane = 0; lane < UV_LANES; lane++) {
    const k = p.k[lane];
    const r = p.results[lane];
    r.divergedAt = p.divergedAt[lane];
    r.lyap1 = r.lyap2 = r.lyapErr = NaN;
    if (r.divergedAt >= 0) {
      lanes.divergedAt[k] = r.divergedAt;
      r.states = r.observable = null;
      continue;
    }
    lanes.f[k] = p.mem[MEM.f + lane];
    lanes.ntk[k] = p.mem[MEM.l + lane];
    r.states = p.planes[lane];
    if (computed) r.observable = p.observables[lane];
    else r.observable = observableCode === OBSERVABLE_CODE.ntk ? r.states.subarray(record) : r.states.subarray(0, record);
    if (!lyapunov) continue;
    r.lyap1 = p.growth[lane] / record;
    r.lyap2 = p.logDet[lane] / record - r.lyap1;
    const stride = p.segmentEnds.length;
    r.lyapErr = batchMeansError(p.segmentEnds, p.cumulativeGrowth, p.segments, lane * stride);
  }
  return p.results;
}

/** One lane's record, its states copied into out.states: the kernel with the lane in every slot. */
export function uvRecord(
  lanes: UvLanes,
  k: number,
  record: number,
  firstStep: number,
  bound: number,
  observableCode: number,
  lyapunov: boolean,
  out: RecordBuffers,
  warmup = 0,
): RecordResult {
  const ks = new Array<number>(UV_LANES).fill(k);
  const result = uvRecordLanes(lanes, ks, record, firstStep, bound, observableCode, lyapunov, warmup)[0];
  if (result.states) out.states.set(result.states);
  if (result.observable) out.observable.set(result.observable);
  return result;
}
