import { describe, expect, it } from 'vitest';
import { matmulNN, matmulTN, transposeInto } from '../../../src/models/mlp/matmul.js';
import { WasmArena } from '../../../src/models/mlp/wasm-arena.js';
import { SeededRandom } from '../../../src/random/rng.js';

/** Naive triple loop: C = α·op(A)·B (+ C0). */
function reference(
  a: Float64Array,
  b: Float64Array,
  c0: Float64Array,
  m: number,
  k: number,
  n: number,
  alpha: number,
  transposed: boolean,
): Float64Array {
  const c = Float64Array.from(c0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += (transposed ? a[t * m + i] : a[i * k + t]) * b[t * n + j];
      c[i * n + j] += alpha * s;
    }
  }
  return c;
}

describe('matrix products: JavaScript loops and the WebAssembly SIMD kernel', () => {
  it('agree with a triple loop on every tile edge (odd rows, 0–17 columns, offsets, accumulate)', () => {
    const rng = new SeededRandom(3);
    const arena = new WasmArena(200000);
    const pool = arena.alloc(199000);
    let worst = 0;
    let products = 0;
    for (const m of [1, 2, 3, 5, 8]) {
      for (const k of [0, 1, 2, 7]) {
        for (const n of [1, 2, 3, 7, 8, 9, 10, 17]) {
          for (const transposed of [false, true]) {
            for (const accumulate of [false, true]) {
              const alpha = rng.gaussian();
              const a = Float64Array.from({ length: m * k }, () => rng.gaussian());
              const b = Float64Array.from({ length: k * n }, () => rng.gaussian());
              const c0 = Float64Array.from({ length: m * n }, () => rng.gaussian());
              const expected = reference(a, b, accumulate ? c0 : new Float64Array(m * n), m, k, n, alpha, transposed);
              // JavaScript: plain arrays with offsets
              const pad = 3;
              const aJs = new Float64Array(pad + a.length);
              aJs.set(a, pad);
              const cJs = new Float64Array(pad + c0.length).fill(NaN);
              cJs.set(c0, pad);
              if (transposed) matmulTN(aJs, pad, b, 0, cJs, pad, k, m, n, alpha, accumulate);
              else matmulNN(aJs, pad, b, 0, cJs, pad, m, k, n, alpha, accumulate);
              // WebAssembly: all three in the arena, at odd offsets (unaligned rows)
              const aAt = 1;
              const bAt = aAt + a.length + 1;
              const cAt = bAt + b.length + 3;
              pool.set(a, aAt);
              pool.set(b, bAt);
              pool.fill(NaN, cAt, cAt + c0.length); // must be overwritten, not read, without accumulate
              if (accumulate) pool.set(c0, cAt);
              if (transposed) matmulTN(pool, aAt, pool, bAt, pool, cAt, k, m, n, alpha, accumulate);
              else matmulNN(pool, aAt, pool, bAt, pool, cAt, m, k, n, alpha, accumulate);
              for (let i = 0; i < m * n; i++) {
                const scale = Math.max(1, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs(cJs[pad + i] - expected[i]) / scale, Math.abs(pool[cAt + i] - expected[i]) / scale);
                if (!Number.isFinite(cJs[pad + i]) || !Number.isFinite(pool[cAt + i])) worst = Infinity;
              }
              products++;
            }
          }
        }
      }
    }
    expect(products).toBe(640);
    expect(worst).toBeLessThan(1e-14);
  });

  it('transposes', () => {
    const src = Float64Array.from({ length: 6 }, (_, i) => i + 1);
    const dst = new Float64Array(8);
    transposeInto(src, 0, 2, 3, dst, 2);
    expect(Array.from(dst)).toEqual([0, 0, 1, 4, 2, 5, 3, 6]);
  });
});
