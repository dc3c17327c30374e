import { fillUvObservable } from './uv-observables.js';

/**
 * The sweep's hot loops for the UV map, specialised by hand: plain arithmetic on locals, no
 * allocation, no closures per step.
 *
 * One orbit is latency-bound (each step waits for the previous), so the transient advances four
 * independent orbits (neighbouring grid points) in one loop body; the CPU overlaps their
 * dependency chains. Each lane's arithmetic is exactly the single-orbit step, so results do not
 * depend on which lanes share a batch.
 */
export const LANES = 4;

/** Steps between divergence checks; a NaN or infinity persists, so checking in blocks is safe. */
const BLOCK = 32;

export interface UvLanes {
  eta: Float64Array;
  eps: Float64Array;
  target: Float64Array;
  /** current states, advanced in place */
  f: Float64Array;
  ntk: Float64Array;
  /** step at which each lane diverged, −1 if it has not */
  divergedAt: Int32Array;
}

export function createLanes(): UvLanes {
  return {
    eta: new Float64Array(LANES),
    eps: new Float64Array(LANES),
    target: new Float64Array(LANES),
    f: new Float64Array(LANES),
    ntk: new Float64Array(LANES),
    divergedAt: new Int32Array(LANES).fill(-1),
  };
}

/** The plain single-orbit step, used to locate a divergence exactly and as the bench baseline. */
export function uvAdvance(state: Float64Array, eta: number, eps: number, y: number, steps: number): void {
  const a = eta;
  const b = eps * eta * eta;
  const c4 = 4 * eps * eta;
  let f = state[0];
  let l = state[1];
  for (let t = 0; t < steps; t++) {
    const r = f - y;
    const rr = r * r;
    const fn = f - a * r * l + b * rr * f;
    l = l + b * rr * l - c4 * r * f;
    f = fn;
  }
  state[0] = f;
  state[1] = l;
}

const scratch = new Float64Array(2);

/** First step in (0, steps] at which the orbit from (f, λ) leaves the bound; one orbit, step by step. */
function locateDivergence(f: number, l: number, eta: number, eps: number, y: number, steps: number, bound: number): number {
  scratch[0] = f;
  scratch[1] = l;
  for (let t = 1; t <= steps; t++) {
    uvAdvance(scratch, eta, eps, y, 1);
    if (!(Math.abs(scratch[0]) <= bound && Math.abs(scratch[1]) <= bound)) return t;
  }
  return steps;
}

/**
 * Advances all four lanes by `steps`, numbering steps from `firstStep`. A lane that leaves the
 * bound records the exact step and is parked at (0, 0), a fixed point, so it costs nothing more.
 */
export function uvTransient(lanes: UvLanes, steps: number, firstStep: number, bound: number): void {
  const { eta, eps, target, f, ntk, divergedAt } = lanes;
  const a0 = eta[0], a1 = eta[1], a2 = eta[2], a3 = eta[3];
  const b0 = eps[0] * a0 * a0, b1 = eps[1] * a1 * a1, b2 = eps[2] * a2 * a2, b3 = eps[3] * a3 * a3;
  const c0 = 4 * eps[0] * a0, c1 = 4 * eps[1] * a1, c2 = 4 * eps[2] * a2, c3 = 4 * eps[3] * a3;
  const y0 = target[0], y1 = target[1], y2 = target[2], y3 = target[3];
  let f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3];
  let l0 = ntk[0], l1 = ntk[1], l2 = ntk[2], l3 = ntk[3];

  for (let done = 0; done < steps; done += BLOCK) {
    const n = Math.min(BLOCK, steps - done);
    f[0] = f0; f[1] = f1; f[2] = f2; f[3] = f3;
    ntk[0] = l0; ntk[1] = l1; ntk[2] = l2; ntk[3] = l3;
    for (let t = 0; t < n; t++) {
      const r0 = f0 - y0, r1 = f1 - y1, r2 = f2 - y2, r3 = f3 - y3;
      const q0 = r0 * r0, q1 = r1 * r1, q2 = r2 * r2, q3 = r3 * r3;
      const g0 = f0 - a0 * r0 * l0 + b0 * q0 * f0;
      const g1 = f1 - a1 * r1 * l1 + b1 * q1 * f1;
      const g2 = f2 - a2 * r2 * l2 + b2 * q2 * f2;
      const g3 = f3 - a3 * r3 * l3 + b3 * q3 * f3;
      l0 = l0 + b0 * q0 * l0 - c0 * r0 * f0;
      l1 = l1 + b1 * q1 * l1 - c1 * r1 * f1;
      l2 = l2 + b2 * q2 * l2 - c2 * r2 * f2;
      l3 = l3 + b3 * q3 * l3 - c3 * r3 * f3;
      f0 = g0; f1 = g1; f2 = g2; f3 = g3;
    }
    // Lanes are checked once per block; the block start saved in f/ntk lets us replay exactly.
    if (!(Math.abs(f0) <= bound && Math.abs(l0) <= bound)) { park(lanes, 0, n, firstStep + done, bound); f0 = 0; l0 = 0; }
    if (!(Math.abs(f1) <= bound && Math.abs(l1) <= bound)) { park(lanes, 1, n, firstStep + done, bound); f1 = 0; l1 = 0; }
    if (!(Math.abs(f2) <= bound && Math.abs(l2) <= bound)) { park(lanes, 2, n, firstStep + done, bound); f2 = 0; l2 = 0; }
    if (!(Math.abs(f3) <= bound && Math.abs(l3) <= bound)) { park(lanes, 3, n, firstStep + done, bound); f3 = 0; l3 = 0; }
  }
  f[0] = f0; f[1] = f1; f[2] = f2; f[3] = f3;
  ntk[0] = l0; ntk[1] = l1; ntk[2] = l2; ntk[3] = l3;
}

function park(lanes: UvLanes, k: number, blockSteps: number, blockFirstStep: number, bound: number): void {
  if (lanes.divergedAt[k] < 0) {
    const at = locateDivergence(lanes.f[k], lanes.ntk[k], lanes.eta[k], lanes.eps[k], lanes.target[k], blockSteps, bound);
    lanes.divergedAt[k] = blockFirstStep + at;
  }
}

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

/** Steps between renormalisations of the tangent vector (logs of accumulated products). */
const FLUSH = 8;

/**
 * Segment state shared by the record loops, so they return one number and allocate nothing:
 * [f, λ, u, w, Σ log growth, Σ log|det J|].
 */
const seg = new Float64Array(6);

/**
 * Advances seg's orbit by n steps, storing states from `offset` when `states` is given, and, when
 * `tangent` is set, carrying the tangent vector (u, w) and the log sums. Checks the bound once
 * per block (a NaN or infinity persists) and replays the block to return the exact step (1 … n)
 * at which the orbit left it; 0 if it stayed bounded.
 */
function advanceSegment(
  tangent: boolean,
  eta: number,
  eps: number,
  y: number,
  n: number,
  bound: number,
  states: Float64Array | null,
  offset: number,
  record: number,
): number {
  const a = eta;
  const b = eps * eta * eta;
  const c4 = 4 * eps * eta;
  const b2 = 2 * b;
  let f = seg[0];
  let l = seg[1];
  let u = seg[2];
  let w = seg[3];
  let logGrowth = seg[4];
  let logDet = seg[5];
  let det = 1;
  let countdown = FLUSH;
  for (let done = 0; done < n; done += BLOCK) {
    const m = Math.min(BLOCK, n - done);
    const f0 = f;
    const l0 = l;
    for (let t = 0; t < m; t++) {
      const r = f - y;
      const ar = a * r;
      const brr = b * (r * r);
      const c4r = c4 * r;
      if (tangent) {
        // J = [[1 − aλ + 2b r f + b r², −a r], [2b λ r − 4εη(2f − y), 1 + b r²]]
        const j11 = 1 - a * l + b2 * (r * f) + brr;
        const j21 = b2 * l * r - c4 * (2 * f - y);
        const j22 = 1 + brr;
        const un = j11 * u - ar * w;
        w = j21 * u + j22 * w;
        u = un;
        det *= j11 * j22 + ar * j21;
        if (--countdown === 0) {
          countdown = FLUSH;
          const norm = Math.sqrt(u * u + w * w);
          u /= norm;
          w /= norm;
          logGrowth += Math.log(norm);
          logDet += Math.log(Math.abs(det));
          det = 1;
        }
      }
      // term for term the arithmetic of uvAdvance, so orbits stay bit-identical
      const fn = f - ar * l + brr * f;
      l = l + brr * l - c4r * f;
      f = fn;
      if (states !== null) {
        states[offset + done + t] = f;
        states[record + offset + done + t] = l;
      }
    }
    if (!(Math.abs(f) <= bound && Math.abs(l) <= bound)) {
      return done + locateDivergence(f0, l0, eta, eps, y, m, bound);
    }
  }
  if (tangent) {
    const norm = Math.sqrt(u * u + w * w);
    u /= norm;
    w /= norm;
    logGrowth += Math.log(norm);
    logDet += Math.log(Math.abs(det));
  }
  seg[0] = f;
  seg[1] = l;
  seg[2] = u;
  seg[3] = w;
  seg[4] = logGrowth;
  seg[5] = logDet;
  return 0;
}

/**
 * Runs `warmup` further steps of one lane, then records `record` steps: states after each step,
 * the observable, and (optionally) both Lyapunov exponents from the tangent map. Steps are
 * numbered from `firstStep` (the first warm-up step is firstStep + 1).
 *
 * For a 2-D map Benettin's QR step needs only one tangent vector: R₁₁ is its growth, and
 * R₁₁·R₂₂ = |det(J Q)| = |det J| since Q is orthonormal, so λ₂ = ⟨log|det J|⟩ − λ₁ exactly.
 * Logs are taken every FLUSH steps on accumulated products (bounded states keep them finite).
 *
 * The warm-up lets the tangent vector turn towards the most expanding direction before anything
 * is averaged, so a converged orbit's neutral exponent comes out as 0, not as the log of how long
 * the vector took to align. The observable is computed after the loop, off the orbit's critical
 * dependency chain.
 */
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
  const eta = lanes.eta[k];
  const eps = lanes.eps[k];
  const y = lanes.target[k];
  const { states, observable } = out;
  seg[0] = lanes.f[k];
  seg[1] = lanes.ntk[k];
  seg[2] = 1;
  seg[3] = 0;
  seg[4] = 0;
  seg[5] = 0;
  const half = Math.floor(record / 2);
  const fail = (at: number): RecordResult => {
    lanes.divergedAt[k] = at;
    return { divergedAt: at, lyap1: NaN, lyap2: NaN, lyapErr: NaN };
  };

  let at = warmup > 0 && lyapunov ? advanceSegment(true, eta, eps, y, warmup, bound, null, 0, record) : 0;
  if (at) return fail(firstStep + at);
  seg[4] = 0; // the warm-up's growth is not averaged
  seg[5] = 0;
  at = advanceSegment(lyapunov, eta, eps, y, half, bound, states, 0, record);
  if (at) return fail(firstStep + warmup + at);
  const logGrowthHalf = seg[4];
  at = advanceSegment(lyapunov, eta, eps, y, record - half, bound, states, half, record);
  if (at) return fail(firstStep + warmup + half + at);

  lanes.f[k] = seg[0];
  lanes.ntk[k] = seg[1];
  fillUvObservable(observableCode, states, record, eta, eps, y, observable);
  if (!lyapunov) return { divergedAt: -1, lyap1: NaN, lyap2: NaN, lyapErr: NaN };
  const lyap1 = seg[4] / record;
  const lyap2 = seg[5] / record - lyap1;
  const firstHalf = logGrowthHalf / half;
  const secondHalf = (seg[4] - logGrowthHalf) / (record - half);
  return { divergedAt: -1, lyap1, lyap2, lyapErr: 0.5 * Math.abs(firstHalf - secondHalf) };
}
