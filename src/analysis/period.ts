/**
 * Period detection on a recorded orbit, stored component-major: component c of step i is
 * states[c * length + i].
 *
 * The scale of component c is its largest magnitude on the record (1 if that is 0 or NaN), and
 * states p steps apart match when every component differs by at most tol × its scale.
 */
import { MAX_DIMENSION, periodKernel } from './period-wasm.js';

export interface PeriodOptions {
  max: number;
  tol: number;
}

function componentScales(states: Float64Array, dimension: number, length: number): Float64Array {
  const scales = new Float64Array(dimension);
  for (let c = 0; c < dimension; c++) {
    let m = 0;
    for (let i = 0; i < length; i++) m = Math.max(m, Math.abs(states[c * length + i]));
    scales[c] = m > 0 ? m : 1;
  }
  return scales;
}

/**
 * Smallest p ≤ max with z[i + p] ≈ z[i] over the whole record; 0 if none. Runs the WebAssembly
 * scans of period-wasm.ts (the same answer, two to three times faster), except with more than
 * MAX_DIMENSION components, a maximum period that leaves fewer than two pairs to compare, or a
 * record over WASM_LIMIT doubles.
 */
export function detectPeriod(states: Float64Array, dimension: number, length: number, options: PeriodOptions): number {
  const doubles = dimension * length;
  if (dimension > MAX_DIMENSION || options.max > length - 2 || doubles > WASM_LIMIT)
    return detectPeriodScalar(states, dimension, length, options);
  const kernel = periodKernel(doubles);
  const memory = kernel.memory;
  memory.set(states.subarray(0, doubles), kernel.statesAt);
  kernel.magnitudes(dimension, length);
  for (let c = 0; c < dimension; c++) memory[c] = options.tol * (memory[c] > 0 ? memory[c] : 1);
  return kernel.firstPeriod(dimension, length, options.max);
}

/** Records larger than this (in doubles, 32 MB) are scanned in JavaScript: no worker grows a kernel memory that big. */
const WASM_LIMIT = 1 << 22;

/** detectPeriod in plain JavaScript: the definition, and the path for the cases the kernel leaves out. */
export function detectPeriodScalar(states: Float64Array, dimension: number, length: number, options: PeriodOptions): number {
  const scales = componentScales(states, dimension, length);
  for (let p = 1; p <= options.max && p < length; p++) {
    let matches = true;
    for (let c = 0; c < dimension && matches; c++) {
      const bound = options.tol * scales[c];
      const base = c * length;
      // compare from the end backwards: a late mismatch is the common way to fail
      for (let i = length - 1 - p; i >= 0; i--) {
        if (!(Math.abs(states[base + i + p] - states[base + i]) <= bound)) {
          matches = false;
          break;
        }
      }
    }
    if (matches) return p;
  }
  return 0;
}

/**
 * Smallest p ≤ max towards whose cycle the orbit is still converging: the largest p-step
 * mismatch over the last quarter of the record is below `ratio` × that over the first quarter.
 * This catches slow convergence near a bifurcation, where the record ends before the tolerance
 * is met. Returns 0 if none.
 */
export function detectContractingPeriod(
  states: Float64Array,
  dimension: number,
  length: number,
  options: PeriodOptions & { ratio: number },
): number {
  const scales = componentScales(states, dimension, length);
  const quarter = Math.floor(length / 4);
  // Mismatches are normalised by the scales, so none exceeds 2: a late mismatch of 2 × ratio or
  // more already rules p out, which is what makes chaotic records cheap to reject.
  const lateCeiling = 2 * options.ratio;
  for (let p = 1; p <= options.max && p < quarter; p++) {
    let late = 0;
    for (let c = 0; c < dimension && late < lateCeiling; c++) {
      const base = c * length;
      const inv = 1 / scales[c];
      for (let i = 0; i < quarter; i++) {
        const d = Math.abs(states[base + length - 1 - i] - states[base + length - 1 - i - p]) * inv;
        if (d > late) late = d;
        if (!(late < lateCeiling)) break;
      }
    }
    if (!(late < lateCeiling)) continue;
    // contracting when some early mismatch exceeds late / ratio
    const needed = late / options.ratio;
    let contracting = false;
    for (let c = 0; c < dimension && !contracting; c++) {
      const base = c * length;
      const inv = 1 / scales[c];
      for (let i = 0; i < quarter; i++) {
        if (Math.abs(states[base + i + p] - states[base + i]) * inv > needed) {
          contracting = true;
          break;
        }
      }
    }
    if (contracting) return p;
  }
  return 0;
}
