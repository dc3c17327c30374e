import { locateDivergence, type UvLanes } from './uv-orbit-kernel.js';
import { fillUvObservable } from './uv-observables.js';

/**
 * The record phase of the UV sweep: two orbits (a pair of lanes) advanced in one loop body,
 * storing every state and, when Lyapunov exponents are asked for, carrying each orbit's tangent
 * vector. Two lanes, not four: the tangent step's live values for four lanes no longer fit the
 * CPU's registers, and the spills cost more than the overlap gains.
 *
 * Each lane's arithmetic is exactly that of a lone orbit (uvAdvance's orbit, the same block
 * boundaries, a per-lane replay), so a grid point's numbers never depend on its partner.
 */

export interface RecordBuffers {
  /** component-major: f at [0, record), λ at [record, 2·record) */
  states: Float64Array;
  observable: Float64Array;
}

export interface RecordResult {
  /** −1 if the orbit stayed bounded, else the step at which it left */
  divergedAt: number;
  lyap1: number;
  lyap2: number;
  /** half the difference between λ₁ over the first and the second half of the record */
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

/** Per lane (A at 0, B at 6): [f, λ, u, w, Σ log growth, Σ log|det J|]. */
const seg = new Float64Array(12);
/** Per lane (A at 0, B at 4): the map's constants [η, εη², 4εη, y]. */
const consts = new Float64Array(8);
/** Per lane (A at 0, B at 3): a block's tangent products [u, w, det J product], before the range check. */
const raw = new Float64Array(6);
/** Per lane (A at 0, B at 4): [f, λ, u, w] at the start of the block, for replays. */
const saved = new Float64Array(8);

function setLane(lane: number, lanes: UvLanes, k: number): void {
  const eta = lanes.eta[k];
  const eps = lanes.eps[k];
  consts[4 * lane] = eta;
  consts[4 * lane + 1] = eps * eta * eta;
  consts[4 * lane + 2] = 4 * eps * eta;
  consts[4 * lane + 3] = lanes.target[k];
  const s = 6 * lane;
  seg[s] = lanes.f[k];
  seg[s + 1] = lanes.ntk[k];
  seg[s + 2] = 1;
  seg[s + 3] = 0;
  seg[s + 4] = 0;
  seg[s + 5] = 0;
}

/** Moves a finished lane to the fixed point (y, 0), where it costs nothing and cannot overflow. */
function park(lane: number): void {
  const s = 6 * lane;
  seg[s] = consts[4 * lane + 3];
  seg[s + 1] = 0;
  seg[s + 2] = 1;
  seg[s + 3] = 0;
}

/** Both orbits by m steps, term for term uvAdvance's arithmetic; states stored from `offset` if given. */
function orbitPairBlock(m: number, statesA: Float64Array | null, statesB: Float64Array | null, offset: number, record: number): void {
  const aA = consts[0], bA = consts[1], cA = consts[2], yA = consts[3];
  const aB = consts[4], bB = consts[5], cB = consts[6], yB = consts[7];
  let fA = seg[0], lA = seg[1];
  let fB = seg[6], lB = seg[7];
  for (let t = 0; t < m; t++) {
    const rA = fA - yA, rB = fB - yB;
    const arA = aA * rA, arB = aB * rB;
    const qA = bA * (rA * rA), qB = bB * (rB * rB);
    const gA = fA - arA * lA + qA * fA;
    const gB = fB - arB * lB + qB * fB;
    lA = lA + qA * lA - cA * rA * fA;
    lB = lB + qB * lB - cB * rB * fB;
    fA = gA;
    fB = gB;
    if (statesA !== null && statesB !== null) {
      statesA[offset + t] = fA;
      statesA[record + offset + t] = lA;
      statesB[offset + t] = fB;
      statesB[record + offset + t] = lB;
    }
  }
  seg[0] = fA; seg[1] = lA;
  seg[6] = fB; seg[7] = lB;
}

/**
 * orbitPairBlock plus both tangent vectors and det J products, left unnormalised in `raw`.
 * J = [[1 − aλ + 2b r f + b r², −a r], [2b λ r − 4εη(2f − y), 1 + b r²]], a = η, b = εη², r = f − y.
 */
function tangentPairBlock(m: number, statesA: Float64Array | null, statesB: Float64Array | null, offset: number, record: number): void {
  const aA = consts[0], bA = consts[1], cA = consts[2], yA = consts[3], dA = 2 * bA;
  const aB = consts[4], bB = consts[5], cB = consts[6], yB = consts[7], dB = 2 * bB;
  let fA = seg[0], lA = seg[1], uA = seg[2], wA = seg[3], detA = 1;
  let fB = seg[6], lB = seg[7], uB = seg[8], wB = seg[9], detB = 1;
  for (let t = 0; t < m; t++) {
    {
      const r = fA - yA, ar = aA * r, brr = bA * (r * r);
      const j22 = 1 + brr;
      const j11 = j22 - aA * lA + dA * (r * fA);
      const j21 = dA * (lA * r) - cA * (fA + r);
      const un = j11 * uA - ar * wA;
      wA = j21 * uA + j22 * wA;
      uA = un;
      detA *= j11 * j22 + ar * j21;
      const fn = fA - ar * lA + brr * fA;
      lA = lA + brr * lA - cA * r * fA;
      fA = fn;
    }
    {
      const r = fB - yB, ar = aB * r, brr = bB * (r * r);
      const j22 = 1 + brr;
      const j11 = j22 - aB * lB + dB * (r * fB);
      const j21 = dB * (lB * r) - cB * (fB + r);
      const un = j11 * uB - ar * wB;
      wB = j21 * uB + j22 * wB;
      uB = un;
      detB *= j11 * j22 + ar * j21;
      const fn = fB - ar * lB + brr * fB;
      lB = lB + brr * lB - cB * r * fB;
      fB = fn;
    }
    if (statesA !== null && statesB !== null) {
      statesA[offset + t] = fA;
      statesA[record + offset + t] = lA;
      statesB[offset + t] = fB;
      statesB[record + offset + t] = lB;
    }
  }
  seg[0] = fA; seg[1] = lA;
  seg[6] = fB; seg[7] = lB;
  raw[0] = uA; raw[1] = wA; raw[2] = detA;
  raw[3] = uB; raw[4] = wB; raw[5] = detB;
}

/** Whether a lane's block products stayed in the range where renormalising them loses nothing. */
function tangentInRange(lane: number): boolean {
  const u = raw[3 * lane];
  const w = raw[3 * lane + 1];
  const norm = Math.sqrt(u * u + w * w);
  const absDet = Math.abs(raw[3 * lane + 2]);
  return norm > SAFE_MIN && norm < SAFE_MAX && absDet > SAFE_MIN && absDet < SAFE_MAX;
}

/** Renormalises a lane's block products into seg: unit tangent vector, logs added to the sums. */
function commitTangent(lane: number): void {
  const u = raw[3 * lane];
  const w = raw[3 * lane + 1];
  const norm = Math.sqrt(u * u + w * w);
  const s = 6 * lane;
  seg[s + 2] = u / norm;
  seg[s + 3] = w / norm;
  seg[s + 4] += Math.log(norm);
  seg[s + 5] += Math.log(Math.abs(raw[3 * lane + 2]));
}

/**
 * Replays lane A's block from its saved start one step at a time, renormalising after each. One
 * step's products cannot overflow unless the state does (then the bound catches it); det J = 0
 * gives log 0 = −∞, the true exponent sum. Lane B is parked meanwhile and restored after.
 */
function replayLaneA(m: number, states: Float64Array | null, offset: number, record: number): void {
  const fB = seg[6], lB = seg[7], uB = seg[8], wB = seg[9];
  seg[0] = saved[0];
  seg[1] = saved[1];
  seg[2] = saved[2];
  seg[3] = saved[3];
  for (let t = 0; t < m; t++) {
    seg[6] = consts[7]; // B at its fixed point (y, 0)
    seg[7] = 0;
    tangentPairBlock(1, null, null, 0, record);
    commitTangent(0);
    if (states !== null) {
      states[offset + t] = seg[0];
      states[record + offset + t] = seg[1];
    }
  }
  seg[6] = fB; seg[7] = lB; seg[8] = uB; seg[9] = wB;
}

/** Swaps the two lanes' constants and states, so lane B can use lane A's replay. */
function swapLanes(): void {
  for (let i = 0; i < 6; i++) { const t = seg[i]; seg[i] = seg[6 + i]; seg[6 + i] = t; }
  for (let i = 0; i < 4; i++) {
    const c = consts[i]; consts[i] = consts[4 + i]; consts[4 + i] = c;
    const s = saved[i]; saved[i] = saved[4 + i]; saved[4 + i] = s;
  }
}

interface PairState {
  lanes: UvLanes;
  k: [number, number];
  states: [Float64Array | null, Float64Array | null];
  /** step at which each lane left the bound, −1 while it has not */
  divergedAt: [number, number];
  bound: number;
}

/**
 * Advances both lanes by n steps (numbered from firstStep + 1), storing states from `offset`
 * unless `store` is false. A lane that leaves the bound records the exact step and is parked.
 */
function advancePair(p: PairState, tangent: boolean, n: number, firstStep: number, store: boolean, offset: number, record: number): void {
  const sA = store ? p.states[0] : null;
  const sB = store ? p.states[1] : null;
  for (let done = 0; done < n; done += BLOCK) {
    const m = Math.min(BLOCK, n - done);
    for (let lane = 0; lane < 2; lane++) for (let i = 0; i < 4; i++) saved[4 * lane + i] = seg[6 * lane + i];
    if (!tangent) {
      orbitPairBlock(m, sA, sB, offset + done, record);
    } else {
      tangentPairBlock(m, sA, sB, offset + done, record);
      // Both checks before any replay: a replay overwrites the block products.
      const okA = tangentInRange(0);
      const okB = tangentInRange(1);
      if (okA) commitTangent(0);
      if (okB) commitTangent(1);
      if (!okA) replayLaneA(m, sA, offset + done, record);
      if (!okB) {
        swapLanes();
        replayLaneA(m, sB, offset + done, record);
        swapLanes();
      }
    }
    for (let lane = 0; lane < 2; lane++) {
      const s = 6 * lane;
      if (p.divergedAt[lane] >= 0 || (Math.abs(seg[s]) <= p.bound && Math.abs(seg[s + 1]) <= p.bound)) continue;
      const k = p.k[lane];
      const at = locateDivergence(saved[4 * lane], saved[4 * lane + 1], p.lanes.eta[k], p.lanes.eps[k], p.lanes.target[k], m, p.bound);
      p.divergedAt[lane] = firstStep + done + at;
      park(lane);
    }
  }
}

/**
 * Runs `warmup` further steps of lanes kA and kB, then records `record` steps of each: states
 * after every step, the observable, and (optionally) both Lyapunov exponents from the tangent
 * map. Steps are numbered from `firstStep` (the first warm-up step is firstStep + 1). Lanes that
 * diverged before are carried parked and reported as they were. kA may equal kB (one orbit; then
 * both buffers may be the same).
 *
 * For a 2-D map Benettin's QR step needs only one tangent vector: R₁₁ is its growth, and
 * R₁₁·R₂₂ = |det(J Q)| = |det J| since Q is orthonormal, so λ₂ = ⟨log|det J|⟩ − λ₁ exactly.
 *
 * The warm-up lets the tangent vector turn towards the most expanding direction before anything
 * is averaged, so a converged orbit's neutral exponent comes out as 0, not as the log of how long
 * the vector took to align. The observable is computed after the loop, off the orbits' critical
 * dependency chains.
 */
export function uvRecordPair(
  lanes: UvLanes,
  kA: number,
  kB: number,
  record: number,
  firstStep: number,
  bound: number,
  observableCode: number,
  lyapunov: boolean,
  outA: RecordBuffers,
  outB: RecordBuffers,
  warmup = 0,
): [RecordResult, RecordResult] {
  const p: PairState = {
    lanes,
    k: [kA, kB],
    states: [outA.states, outB.states],
    divergedAt: [lanes.divergedAt[kA], lanes.divergedAt[kB]],
    bound,
  };
  setLane(0, lanes, kA);
  setLane(1, lanes, kB);
  for (let lane = 0; lane < 2; lane++) if (p.divergedAt[lane] >= 0) park(lane);

  const half = Math.floor(record / 2);
  if (warmup > 0 && lyapunov) advancePair(p, true, warmup, firstStep, false, 0, record);
  seg[4] = seg[5] = seg[10] = seg[11] = 0; // the warm-up's growth is not averaged
  advancePair(p, lyapunov, half, firstStep + warmup, true, 0, record);
  const halfGrowth = [seg[4], seg[10]];
  advancePair(p, lyapunov, record - half, firstStep + warmup + half, true, half, record);

  const outs = [outA, outB];
  return [0, 1].map((lane): RecordResult => {
    const k = p.k[lane];
    if (p.divergedAt[lane] >= 0) {
      lanes.divergedAt[k] = p.divergedAt[lane];
      return { divergedAt: p.divergedAt[lane], lyap1: NaN, lyap2: NaN, lyapErr: NaN };
    }
    const s = 6 * lane;
    lanes.f[k] = seg[s];
    lanes.ntk[k] = seg[s + 1];
    fillUvObservable(observableCode, outs[lane].states, record, lanes.eta[k], lanes.eps[k], lanes.target[k], outs[lane].observable);
    if (!lyapunov) return { divergedAt: -1, lyap1: NaN, lyap2: NaN, lyapErr: NaN };
    const lyap1 = seg[s + 4] / record;
    const lyap2 = seg[s + 5] / record - lyap1;
    const firstHalf = halfGrowth[lane] / half;
    const secondHalf = (seg[s + 4] - halfGrowth[lane]) / (record - half);
    return { divergedAt: -1, lyap1, lyap2, lyapErr: 0.5 * Math.abs(firstHalf - secondHalf) };
  }) as [RecordResult, RecordResult];
}

/** One lane's record: the pair kernel with the lane as its own partner. */
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
  return uvRecordPair(lanes, k, k, record, firstStep, bound, observableCode, lyapunov, out, out, warmup)[0];
}
