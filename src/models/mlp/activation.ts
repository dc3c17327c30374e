import { erfc } from './erf.js';
import { kernelsFor } from './wasm-arena.js';

export const ACTIVATIONS = ['tanh', 'relu', 'elu', 'gelu', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

const INV_SQRT2 = 0.7071067811865476; // 1/√2
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * Writes φ(z), φ'(z) and φ''(z) for z = pre[from … from+count) into value, first and second at the
 * same indices. One loop per activation so the hot loop has no per-element branch on the kind.
 *
 *   tanh:   φ = tanh z,                 φ' = 1 − φ²,           φ'' = −2 φ φ'
 *   relu:   φ = max(z, 0),              φ' = [z > 0],          φ'' = 0         (φ'(0) = 0)
 *   elu:    φ = z (z > 0), eᶻ − 1,      φ' = 1 or eᶻ,          φ'' = 0 or eᶻ   (α = 1; at 0 the z > 0 branch's φ'' = 0)
 *   gelu:   φ = z Φ(z),                 φ' = Φ(z) + z ϕ(z),    φ'' = (2 − z²) ϕ(z)
 *           with Φ(z) = ½(1 + erf(z/√2)) exactly (no tanh approximation), ϕ(z) = e^{−z²/2}/√(2π)
 *   linear: φ = z,                      φ' = 1,                φ'' = 0
 *
 * When the four arrays live in one WebAssembly arena and from = 0, tanh, relu, elu and linear run
 * as SIMD kernels (wasm-kernels.ts). relu and linear give the same bits as the loops below; tanh
 * and elu use their own expm1 there, within 4 ulp of Math.tanh and Math.expm1 (tested).
 */
export function applyActivation(
  name: ActivationName,
  pre: Float64Array,
  value: Float64Array,
  first: Float64Array,
  second: Float64Array,
  from: number,
  count: number,
): void {
  if (name !== 'gelu' && from === 0 && count <= pre.length) {
    const kernels = kernelsFor(pre.buffer);
    const buffer = pre.buffer;
    if (
      kernels !== undefined &&
      value.buffer === buffer &&
      first.buffer === buffer &&
      second.buffer === buffer &&
      count <= value.length &&
      count <= first.length &&
      count <= second.length
    ) {
      // whole pairs: an odd count also writes the arena's padding double after each array
      kernels[name](pre.byteOffset, value.byteOffset, first.byteOffset, second.byteOffset, (count + 1) >> 1);
      return;
    }
  }
  const end = from + count;
  switch (name) {
    case 'tanh':
      for (let i = from; i < end; i++) {
        const t = Math.tanh(pre[i]);
        const d = 1 - t * t;
        value[i] = t;
        first[i] = d;
        second[i] = -2 * t * d;
      }
      return;
    case 'relu':
      for (let i = from; i < end; i++) {
        const z = pre[i];
        const on = z > 0;
        value[i] = on ? z : 0;
        first[i] = on ? 1 : 0;
        second[i] = 0;
      }
      return;
    case 'elu':
      for (let i = from; i < end; i++) {
        const z = pre[i];
        if (z > 0) {
          value[i] = z;
          first[i] = 1;
          second[i] = 0;
        } else {
          const e = Math.exp(z);
          value[i] = Math.expm1(z);
          first[i] = e;
          second[i] = e;
        }
      }
      return;
    case 'gelu':
      for (let i = from; i < end; i++) {
        const z = pre[i];
        const cdf = 0.5 * erfc(-z * INV_SQRT2); // = ½(1 + erf(z/√2)), without cancellation for z < 0
        const density = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
        value[i] = z * cdf;
        first[i] = cdf + z * density;
        second[i] = (2 - z * z) * density;
      }
      return;
    case 'linear':
      for (let i = from; i < end; i++) {
        value[i] = pre[i];
        first[i] = 1;
        second[i] = 0;
      }
      return;
  }
}
