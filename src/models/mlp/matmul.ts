import { kernelsFor } from './wasm-arena.js';

/**
 * Dense row-major matrix products on Float64Array with offsets (no subarray views, so nothing is
 * allocated per call). When the three arrays live in the same WebAssembly arena (wasm-arena.ts),
 * the product runs in the register-blocked SIMD kernel of wasm-kernels.ts, 5–10 times faster.
 * Otherwise in JavaScript, where every loop runs i-k-j: the innermost index walks a contiguous row
 * of the output and of one operand. Four rows of the streamed operand are combined per pass over
 * an output row, so each output element is loaded and stored once per four multiply-adds.
 */

/**
 * C (m×n) ← α·A·B, or C += α·A·B with accumulate; A is m×k at aOff, B is k×n at bOff.
 * C must not overlap A or B.
 */
export function matmulNN(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  m: number,
  k: number,
  n: number,
  alpha: number,
  accumulate: boolean,
): void {
  const gemm = kernelsFor(c.buffer);
  if (gemm !== undefined && a.buffer === c.buffer && b.buffer === c.buffer) {
    const run = accumulate ? gemm.gemmAdd : gemm.gemmSet;
    run(a.byteOffset + 8 * aOff, 8 * k, 8, b.byteOffset + 8 * bOff, 8 * n, c.byteOffset + 8 * cOff, 8 * n, m, k, n, alpha);
    return;
  }
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const cRow = cOff + i * n;
    const aRow = aOff + i * k;
    if (!accumulate) c.fill(0, cRow, cRow + n);
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = alpha * a[aRow + p];
      const a1 = alpha * a[aRow + p + 1];
      const a2 = alpha * a[aRow + p + 2];
      const a3 = alpha * a[aRow + p + 3];
      const b0 = bOff + p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) c[cRow + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; p < k; p++) {
      const a0 = alpha * a[aRow + p];
      const b0 = bOff + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += a0 * b[b0 + j];
    }
  }
}

/**
 * C (m×n) ← α·Aᵀ·B, or C += α·Aᵀ·B with accumulate; A is r×m at aOff, B is r×n at bOff (a sum of r
 * rank-one updates, taken four at a time). C must not overlap A or B.
 */
export function matmulTN(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  r: number,
  m: number,
  n: number,
  alpha: number,
  accumulate: boolean,
): void {
  const gemm = kernelsFor(c.buffer);
  if (gemm !== undefined && a.buffer === c.buffer && b.buffer === c.buffer) {
    const run = accumulate ? gemm.gemmAdd : gemm.gemmSet;
    run(a.byteOffset + 8 * aOff, 8, 8 * m, b.byteOffset + 8 * bOff, 8 * n, c.byteOffset + 8 * cOff, 8 * n, m, r, n, alpha);
    return;
  }
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  const r4 = r - (r % 4);
  let i = 0;
  for (; i < r4; i += 4) {
    const a0 = aOff + i * m;
    const a1 = a0 + m;
    const a2 = a1 + m;
    const a3 = a2 + m;
    const b0 = bOff + i * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let p = 0; p < m; p++) {
      const s0 = alpha * a[a0 + p];
      const s1 = alpha * a[a1 + p];
      const s2 = alpha * a[a2 + p];
      const s3 = alpha * a[a3 + p];
      const cRow = cOff + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += s0 * b[b0 + j] + s1 * b[b1 + j] + s2 * b[b2 + j] + s3 * b[b3 + j];
    }
  }
  for (; i < r; i++) {
    const a0 = aOff + i * m;
    const b0 = bOff + i * n;
    for (let p = 0; p < m; p++) {
      const s0 = alpha * a[a0 + p];
      const cRow = cOff + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += s0 * b[b0 + j];
    }
  }
}

/** dst (cols×rows) ← srcᵀ, src being rows×cols at srcOff. */
export function transposeInto(src: Float64Array, srcOff: number, rows: number, cols: number, dst: Float64Array, dstOff: number): void {
  for (let i = 0; i < rows; i++) {
    const row = srcOff + i * cols;
    for (let j = 0; j < cols; j++) dst[dstOff + j * rows + i] = src[row + j];
  }
}
