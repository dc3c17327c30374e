/**
 * The kernels the bench times, shared by the single-core figures and the worker threads of the
 * parallel baseline: the plain one-orbit loop, the transient and the record, over a grid of η.
 */
import { createLanes, LANES, uvAdvance, uvTransient, type UvLanes } from '../models/uv/orbit-kernel.js';
import { uvRecordLanes } from '../models/uv/record-kernel.js';

const EPS = 0.01;
const TARGET = 10;

/** Grid of learning rates across the cascade and chaos, where orbits never settle to a trivial loop. */
export function etas(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 1.0 + (0.85 * i) / n);
}

/** Baseline: the plain loop, one orbit at a time. */
export function plainLoop(grid: Float64Array, steps: number): number {
  const z = new Float64Array(2);
  let checksum = 0;
  for (const eta of grid) {
    z[0] = 0;
    z[1] = 0.2;
    uvAdvance(z, eta, EPS, TARGET, steps);
    checksum += z[0];
  }
  return checksum;
}

/** Starts the lanes at grid points i, i + 1, … (the last repeated past the end). */
function setLanes(lanes: UvLanes, grid: Float64Array, i: number): void {
  for (let k = 0; k < LANES; k++) {
    lanes.eta[k] = grid[Math.min(i + k, grid.length - 1)];
    lanes.eps[k] = EPS;
    lanes.target[k] = TARGET;
    lanes.f[k] = 0;
    lanes.ntk[k] = 0.2;
    lanes.divergedAt[k] = -1;
  }
}

/** The sweep's transient kernel: four neighbouring orbits, two per SIMD vector. */
export function transientKernel(grid: Float64Array, steps: number): number {
  const lanes = createLanes();
  let checksum = 0;
  for (let i = 0; i < grid.length; i += LANES) {
    setLanes(lanes, grid, i);
    uvTransient(lanes, steps, 0, 1e8);
    checksum += lanes.f[0];
  }
  return checksum;
}

/**
 * The record phase with or without the tangent map (Lyapunov exponents), four orbits at a time as
 * the sweep runs it: every state stored, observable λ (a view of the states, so the figure is the
 * map's cost).
 */
export function recordPhase(grid: Float64Array, steps: number, lyapunov: boolean): number {
  const lanes = createLanes();
  const ks = Array.from({ length: LANES }, (_, k) => k);
  let checksum = 0;
  for (let i = 0; i < grid.length; i += LANES) {
    setLanes(lanes, grid, i);
    const [a] = uvRecordLanes(lanes, ks, steps, 0, 1e8, 2, lyapunov);
    checksum += lyapunov ? a.lyap1 : (a.observable?.[steps - 1] ?? 0);
  }
  return checksum;
}
