import { throwIfCancelled, type CancelFlag } from '../../sweep/chunk-cancel.js';
import { MEM, UV_LANES, uvTransientWasm } from './wasm.js';

/**
 * The UV sweep's transient: UV_LANES orbits of neighbouring grid points advanced together by the
 * WebAssembly SIMD loop of uv-wasm.ts (one orbit is latency-bound, each step waiting for the
 * previous; independent orbits in one loop body overlap). Each lane's arithmetic is exactly the
 * single-orbit step uvAdvance, so results do not depend on which lanes share a batch.
 */
export const LANES = UV_LANES;

/** Steps between divergence checks; a NaN or infinity persists, so checking in blocks is safe. */
const BLOCK = 1024;

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
 * Advances all lanes by `steps`, numbering steps from `firstStep`. A lane that leaves the bound
 * records the exact step and is parked at (0, 0), a fixed point, so it costs nothing more.
 */
export function uvTransient(lanes: UvLanes, steps: number, firstStep: number, bound: number, cancel?: CancelFlag): void {
  const { eta, eps, target, f, ntk } = lanes;
  const kernel = uvTransientWasm();
  const mem = kernel.memory;
  for (let k = 0; k < LANES; k++) {
    mem[MEM.a + k] = eta[k];
    mem[MEM.b + k] = eps[k] * eta[k] * eta[k];
    mem[MEM.c + k] = 4 * eps[k] * eta[k];
    mem[MEM.y + k] = target[k];
    mem[MEM.f + k] = f[k];
    mem[MEM.l + k] = ntk[k];
  }
  for (let done = 0; done < steps; done += BLOCK) {
    throwIfCancelled(cancel); // once per block of 1024 steps
    const n = Math.min(BLOCK, steps - done);
    // the block start, kept in f/ntk, lets a lane that leaves the bound replay the block exactly
    for (let k = 0; k < LANES; k++) {
      f[k] = mem[MEM.f + k];
      ntk[k] = mem[MEM.l + k];
    }
    kernel.transient(n);
    for (let k = 0; k < LANES; k++) {
      if (Math.abs(mem[MEM.f + k]) <= bound && Math.abs(mem[MEM.l + k]) <= bound) continue;
      park(lanes, k, n, firstStep + done, bound);
      mem[MEM.f + k] = 0;
      mem[MEM.l + k] = 0;
    }
  }
  for (let k = 0; k < LANES; k++) {
    f[k] = mem[MEM.f + k];
    ntk[k] = mem[MEM.l + k];
  }
}

function park(lanes: UvLanes, k: number, blockSteps: number, blockFirstStep: number, bound: number): void {
  if (lanes.divergedAt[k] < 0) {
    const at = locateDivergence(lanes.f[k], lanes.ntk[k], lanes.eta[k], lanes.eps[k], lanes.target[k], blockSteps, bound);
    lanes.divergedAt[k] = blockFirstStep + at;
  }
}
