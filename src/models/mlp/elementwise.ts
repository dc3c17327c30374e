import { kernelsFor } from './wasm-arena.js';

/**
 * The element-wise steps of the passes. Arrays that all live in one WebAssembly arena go to its
 * SIMD kernels (wasm-kernels.ts); others take the JavaScript loop, which computes the same
 * operations in the same order, so both give the same bits.
 */

/** out[k] = a[k]·b[k] for k < count. */
export function hadamardInto(out: Float64Array, a: Float64Array, b: Float64Array, count: number): void {
  const kernels = kernelsFor(out.buffer);
  if (kernels !== undefined && a.buffer === out.buffer && b.buffer === out.buffer) {
    kernels.hadamard(out.byteOffset, a.byteOffset, b.byteOffset, count);
    return;
  }
  for (let k = 0; k < count; k++) out[k] = a[k] * b[k];
}

/** out[k] = a[k]·b[k] + c[k]·d[k]·e[k] for k < count. */
export function hadamardSumInto(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  e: Float64Array,
  count: number,
): void {
  const kernels = kernelsFor(out.buffer);
  const buffer = out.buffer;
  if (
    kernels !== undefined &&
    a.buffer === buffer &&
    b.buffer === buffer &&
    c.buffer === buffer &&
    d.buffer === buffer &&
    e.buffer === buffer
  ) {
    kernels.hadamardSum(out.byteOffset, a.byteOffset, b.byteOffset, c.byteOffset, d.byteOffset, e.byteOffset, count);
    return;
  }
  for (let k = 0; k < count; k++) out[k] = a[k] * b[k] + c[k] * d[k] * e[k];
}

/** out[outOff + k] = x[xOff + k] + α·y[yOff + k] for k < count (out may be x). */
export function axpyInto(
  out: Float64Array,
  outOff: number,
  x: Float64Array,
  xOff: number,
  y: Float64Array,
  yOff: number,
  count: number,
  alpha: number,
): void {
  const kernels = kernelsFor(out.buffer);
  if (kernels !== undefined && x.buffer === out.buffer && y.buffer === out.buffer) {
    kernels.axpy(out.byteOffset + 8 * outOff, x.byteOffset + 8 * xOff, y.byteOffset + 8 * yOff, count, alpha);
    return;
  }
  for (let k = 0; k < count; k++) out[outOff + k] = x[xOff + k] + alpha * y[yOff + k];
}

/** out[k] = α·a[k] for k < count (out may be a). */
export function scaleInto(out: Float64Array, a: Float64Array, count: number, alpha: number): void {
  const kernels = kernelsFor(out.buffer);
  if (kernels !== undefined && a.buffer === out.buffer) {
    kernels.scale(out.byteOffset, a.byteOffset, count, alpha);
    return;
  }
  for (let k = 0; k < count; k++) out[k] = alpha * a[k];
}

/** z[i][j] += β·bias[biasOff + j] for every row i of the rows×cols matrix z. */
export function addRowVector(z: Float64Array, rows: number, cols: number, bias: Float64Array, biasOff: number, beta: number): void {
  const kernels = kernelsFor(z.buffer);
  if (kernels !== undefined && bias.buffer === z.buffer) {
    const at = z.byteOffset;
    kernels.axpyRows(at, at, bias.byteOffset + 8 * biasOff, cols, rows, 8 * cols, 8 * cols, 0, beta);
    return;
  }
  for (let i = 0; i < rows; i++) axpyInto(z, i * cols, z, i * cols, bias, biasOff, cols, beta);
}

/** out[off + j] = α Σᵢ m[i][j] for the rows×cols matrix m (summed in row order). */
export function sumRowsInto(m: Float64Array, rows: number, cols: number, alpha: number, out: Float64Array, off: number): void {
  out.fill(0, off, off + cols);
  const kernels = kernelsFor(out.buffer);
  if (kernels !== undefined && m.buffer === out.buffer) {
    const at = out.byteOffset + 8 * off;
    kernels.axpyRows(at, at, m.byteOffset, cols, rows, 0, 0, 8 * cols, 1);
  } else {
    for (let i = 0; i < rows; i++) axpyInto(out, off, out, off, m, i * cols, cols, 1);
  }
  if (alpha !== 1) for (let j = 0; j < cols; j++) out[off + j] *= alpha;
}
