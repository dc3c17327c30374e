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
export function locateDivergence(f: number, l: number, eta: number, eps: number, y: number, steps: number, bound: number): number {
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
