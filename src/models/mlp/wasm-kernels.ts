import { Body, encodeModule, Op, SimdOp, ValType } from '../../wasm/wasm-encoder.js';

/**
 * The MLP's arithmetic in WebAssembly SIMD (f64x2), emitted by the project's encoder: matrix
 * products and the element-wise steps of the passes, all on one memory (wasm-arena.ts).
 *
 * Matrix products:
 *
 *   C[i][j] ← α Σ_t A(i, t) · B[t][j]        (gemmSet)
 *   C[i][j] += α Σ_t A(i, t) · B[t][j]       (gemmAdd)
 *
 * with byte addresses A(i, t) at a + i·aRow + t·aStep, B[t][j] at b + t·bRow + 8j and C[i][j] at
 * c + i·cRow + 8j. aStep = 8 reads A row-major (A·B); aRow = 8 and aStep = 8·(A's width) reads it
 * transposed (Aᵀ·B), so one kernel serves both products.
 *
 * Register blocking: a tile of 2 rows × 8 columns keeps its 8 f64x2 accumulators in registers for
 * the whole sum over t; each step loads 4 vectors of B and 2 scalars of A (splatted) for 16 flops
 * per lane pair. Edges: 2 × 2 tiles, then a scalar column, then the same for a last odd row.
 * WebAssembly has no fused multiply-add here (mul then add), and sums in t order per element, so
 * results differ from the JavaScript loops in matmul.ts by rounding only.
 */

/** Addresses are byte offsets into the memory; counts are numbers of doubles. */
export interface WasmKernels {
  memory: WebAssembly.Memory;
  gemmSet(
    a: number,
    aRow: number,
    aStep: number,
    b: number,
    bRow: number,
    c: number,
    cRow: number,
    m: number,
    k: number,
    n: number,
    alpha: number,
  ): void;
  gemmAdd(
    a: number,
    aRow: number,
    aStep: number,
    b: number,
    bRow: number,
    c: number,
    cRow: number,
    m: number,
    k: number,
    n: number,
    alpha: number,
  ): void;
  /** out = a ⊙ b */
  hadamard(out: number, a: number, b: number, count: number): void;
  /** out = a ⊙ b + c ⊙ d ⊙ e */
  hadamardSum(out: number, a: number, b: number, c: number, d: number, e: number, count: number): void;
  /** out = x + α y */
  axpy(out: number, x: number, y: number, count: number, alpha: number): void;
  /** axpy on `rows` rows: row r of each operand starts `stride` bytes after row r − 1 (0: the same row) */
  axpyRows(
    out: number,
    x: number,
    y: number,
    count: number,
    rows: number,
    outStride: number,
    xStride: number,
    yStride: number,
    alpha: number,
  ): void;
  /** out = α a */
  scale(out: number, a: number, count: number, alpha: number): void;
  /** φ, φ', φ'' of `pairs` pairs of doubles from pre (whole pairs: the arena pads odd lengths) */
  tanh(pre: number, value: number, first: number, second: number, pairs: number): void;
  relu(pre: number, value: number, first: number, second: number, pairs: number): void;
  elu(pre: number, value: number, first: number, second: number, pairs: number): void;
  linear(pre: number, value: number, first: number, second: number, pairs: number): void;
}

const PARAMS = [
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.I32,
  ValType.F64,
];
const [A, A_ROW, A_STEP, B, B_ROW, C, C_ROW, M, K, N, ALPHA] = PARAMS.map((_, i) => i);

function gemmBody(accumulate: boolean): Body {
  const body = new Body(PARAMS.length);
  const i = body.local(ValType.I32);
  const j = body.local(ValType.I32);
  const t = body.local(ValType.I32);
  const pa = [body.local(ValType.I32), body.local(ValType.I32)];
  const pb = body.local(ValType.I32);
  const pc = body.local(ValType.I32);
  const alpha = body.local(ValType.V128);
  const acc = Array.from({ length: 8 }, () => body.local(ValType.V128));
  const x = [body.local(ValType.V128), body.local(ValType.V128)];
  const bv = Array.from({ length: 4 }, () => body.local(ValType.V128));
  const accScalar = [body.local(ValType.F64), body.local(ValType.F64)];
  body.get(ALPHA).simd(SimdOp.F64x2Splat).set(alpha);

  /** One tile: `rows` rows from i, `vectors` f64x2 columns from j (0: one scalar column). */
  const tile = (rows: number, vectors: number) => {
    const scalar = vectors === 0;
    for (let r = 0; r < rows; r++) {
      if (scalar) body.f64(0).set(accScalar[r]);
      else
        for (let v = 0; v < vectors; v++)
          body
            .f64(0)
            .simd(SimdOp.F64x2Splat)
            .set(acc[r * 4 + v]);
      // pa[r] = a + (i + r)·aRow
      body.get(i);
      if (r > 0) body.i32(r).op(Op.I32Add);
      body.get(A_ROW).op(Op.I32Mul).get(A).op(Op.I32Add).set(pa[r]);
    }
    body.get(j).i32(3).op(Op.I32Shl).get(B).op(Op.I32Add).set(pb);
    body.get(K).set(t);
    body.block();
    body.get(t).op(Op.I32Eqz).brIf(0);
    body.loop();
    if (scalar) {
      for (let r = 0; r < rows; r++) {
        body.get(accScalar[r]).get(pa[r]).loadF64(0).get(pb).loadF64(0).op(Op.F64Mul).op(Op.F64Add).set(accScalar[r]);
      }
    } else {
      for (let r = 0; r < rows; r++) body.get(pa[r]).loadF64(0).simd(SimdOp.F64x2Splat).set(x[r]);
      for (let v = 0; v < vectors; v++)
        body
          .get(pb)
          .loadV128(16 * v)
          .set(bv[v]);
      for (let r = 0; r < rows; r++) {
        for (let v = 0; v < vectors; v++) {
          const a = acc[r * 4 + v];
          body.get(a).get(x[r]).get(bv[v]).simd(SimdOp.F64x2Mul).simd(SimdOp.F64x2Add).set(a);
        }
      }
    }
    for (let r = 0; r < rows; r++) body.get(pa[r]).get(A_STEP).op(Op.I32Add).set(pa[r]);
    body.get(pb).get(B_ROW).op(Op.I32Add).set(pb);
    body.get(t).i32(1).op(Op.I32Sub).tee(t).brIf(0);
    body.end();
    body.end();
    // Store α·acc (added to C with accumulate).
    for (let r = 0; r < rows; r++) {
      body.get(i);
      if (r > 0) body.i32(r).op(Op.I32Add);
      body.get(C_ROW).op(Op.I32Mul).get(C).op(Op.I32Add).get(j).i32(3).op(Op.I32Shl).op(Op.I32Add).set(pc);
      if (scalar) {
        body.get(pc);
        if (accumulate) body.get(pc).loadF64(0);
        body.get(ALPHA).get(accScalar[r]).op(Op.F64Mul);
        if (accumulate) body.op(Op.F64Add);
        body.storeF64(0);
      } else {
        for (let v = 0; v < vectors; v++) {
          body.get(pc);
          if (accumulate) body.get(pc).loadV128(16 * v);
          body
            .get(alpha)
            .get(acc[r * 4 + v])
            .simd(SimdOp.F64x2Mul);
          if (accumulate) body.simd(SimdOp.F64x2Add);
          body.storeV128(16 * v);
        }
      }
    }
  };

  /** while (j + width ≤ n) { tile; j += width } */
  const columns = (rows: number) => {
    body.i32(0).set(j);
    for (const [vectors, width] of [
      [4, 8],
      [1, 2],
    ] as const) {
      body.block();
      body.get(j).i32(width).op(Op.I32Add).get(N).op(Op.I32LeS).op(Op.I32Eqz).brIf(0);
      body.loop();
      tile(rows, vectors);
      body.get(j).i32(width).op(Op.I32Add).tee(j).i32(width).op(Op.I32Add).get(N).op(Op.I32LeS).brIf(0);
      body.end();
      body.end();
    }
    body.block();
    body.get(j).get(N).op(Op.I32LtS).op(Op.I32Eqz).brIf(0);
    tile(rows, 0);
    body.end();
  };

  body.i32(0).set(i);
  body.block();
  body.get(i).i32(2).op(Op.I32Add).get(M).op(Op.I32LeS).op(Op.I32Eqz).brIf(0);
  body.loop();
  columns(2);
  body.get(i).i32(2).op(Op.I32Add).tee(i).i32(2).op(Op.I32Add).get(M).op(Op.I32LeS).brIf(0);
  body.end();
  body.end();
  body.block();
  body.get(i).get(M).op(Op.I32LtS).op(Op.I32Eqz).brIf(0);
  columns(1);
  body.end();
  return body;
}

/**
 * out[k] = expression(inputs[k], scalars) for k < count: pairs of doubles as f64x2, then a scalar
 * last element if count is odd. Parameters: out, the input addresses, count, the f64 scalars.
 * `expression` pushes the result, given accessors that push an input element or a scalar in the
 * current width (vector or scalar) and the width's add and multiply.
 */
type Emit = {
  input(index: number): void;
  scalar(index: number): void;
  add(): void;
  mul(): void;
};

function elementwiseBody(inputs: number, scalars: number, expression: (e: Emit) => void, rowed = false): Body {
  // Parameters: out, inputs…, count, [rows, out stride, input strides… (bytes)], scalars…
  const operands = 1 + inputs;
  const COUNT = operands;
  const ROWS = COUNT + 1;
  const STRIDES = ROWS + 1;
  const SCALARS = rowed ? STRIDES + operands : COUNT + 1;
  const body = new Body(SCALARS + scalars);
  const base = Array.from({ length: operands }, () => body.local(ValType.I32));
  const offset = body.local(ValType.I32); // byte offset of the current pair within the row
  const end = body.local(ValType.I32);
  const row = body.local(ValType.I32);
  const splats = Array.from({ length: scalars }, (_, s) => {
    const local = body.local(ValType.V128);
    body
      .get(SCALARS + s)
      .simd(SimdOp.F64x2Splat)
      .set(local);
    return local;
  });
  const emitter = (vector: boolean): Emit => ({
    input: (index) => {
      body
        .get(base[1 + index])
        .get(offset)
        .op(Op.I32Add);
      if (vector) body.loadV128(0);
      else body.loadF64(0);
    },
    scalar: (index) => (vector ? body.get(splats[index]) : body.get(SCALARS + index)),
    add: () => (vector ? body.simd(SimdOp.F64x2Add) : body.op(Op.F64Add)),
    mul: () => (vector ? body.simd(SimdOp.F64x2Mul) : body.op(Op.F64Mul)),
  });
  for (let o = 0; o < operands; o++) body.get(o).set(base[o]);
  // end = 8 · (count rounded down to even)
  body.get(COUNT).i32(-2).op(Op.I32And).i32(3).op(Op.I32Shl).set(end);
  if (rowed) {
    body.get(ROWS).set(row);
    body.block();
    body.get(row).op(Op.I32Eqz).brIf(0);
    body.loop();
  }
  body.i32(0).set(offset);
  body.block();
  body.get(offset).get(end).op(Op.I32GeU).brIf(0);
  body.loop();
  body.get(base[0]).get(offset).op(Op.I32Add);
  expression(emitter(true));
  body.storeV128(0);
  body.get(offset).i32(16).op(Op.I32Add).tee(offset).get(end).op(Op.I32LtU).brIf(0);
  body.end();
  body.end();
  body.block();
  body.get(COUNT).i32(1).op(Op.I32And).op(Op.I32Eqz).brIf(0);
  body.get(base[0]).get(offset).op(Op.I32Add);
  expression(emitter(false));
  body.storeF64(0);
  body.end();
  if (rowed) {
    for (let o = 0; o < operands; o++)
      body
        .get(base[o])
        .get(STRIDES + o)
        .op(Op.I32Add)
        .set(base[o]);
    body.get(row).i32(1).op(Op.I32Sub).tee(row).brIf(0);
    body.end();
    body.end();
  }
  return body;
}

/** SIMD opcodes beyond the encoder's list (values from the WebAssembly SIMD specification). */
const Simd = {
  I32x4Splat: 0x11,
  F64x2Lt: 0x49,
  F64x2Gt: 0x4a,
  V128And: 0x4e,
  V128Or: 0x50,
  V128Bitselect: 0x52,
  F64x2Nearest: 0x94,
  I32x4Add: 0xae,
  I64x2ExtendLowI32x4S: 0xc7,
  I64x2Shl: 0xcb,
  F64x2Neg: 0xed,
  F64x2Div: 0xf3,
  F64x2Min: 0xf4,
  F64x2Max: 0xf5,
  I32x4TruncSatF64x2SZero: 0xfc,
} as const;

const LN2_HI = 0.6931467056274414; // ln 2 with its low 32 bits cleared: k·LN2_HI is exact for |k| < 2²¹
const LN2_LO = 4.7493250390316726e-7; // ln 2 − LN2_HI (mpmath)
const INV_LN2 = 1.4426950408889634;
/** 1/j! for j = 2 … 13: e^r − 1 = r + r² Σ r^{j−2}/j!, the next term below 2⁻⁵⁶ relative for |r| ≤ ln2/2. */
const EXPM1_TAYLOR = Array.from({ length: 12 }, (_, i) => {
  let f = 1;
  for (let j = 2; j <= i + 2; j++) f *= j;
  return 1 / f;
});

/**
 * Pushes expm1(z) = e^z − 1 for the f64x2 in local `z` (both lanes within [−708, 40]):
 * z = k ln2 + r with k = nearest(z/ln2) and |r| ≤ ln2/2 (Cody–Waite, two-part ln 2), e^r − 1 by its
 * Taylor polynomial, then 2^k (e^r − 1) + (2^k − 1), with 2^k built from its exponent bits. About
 * 2 ulp; no cancellation at small z (k = 0 leaves the polynomial alone).
 */
function emitExpm1(body: Body, z: number): void {
  const k = body.local(ValType.V128);
  const r = body.local(ValType.V128);
  const q = body.local(ValType.V128);
  const twoK = body.local(ValType.V128);
  const splat = (value: number) => body.f64(value).simd(SimdOp.F64x2Splat);
  body.get(z);
  splat(INV_LN2);
  body.simd(SimdOp.F64x2Mul).simd(Simd.F64x2Nearest).set(k);
  body.get(z).get(k);
  splat(LN2_HI);
  body.simd(SimdOp.F64x2Mul).simd(SimdOp.F64x2Sub).get(k);
  splat(LN2_LO);
  body.simd(SimdOp.F64x2Mul).simd(SimdOp.F64x2Sub).set(r);
  // q = Σ_{j≥2} r^{j−2}/j! by Horner, from the highest term
  splat(EXPM1_TAYLOR[EXPM1_TAYLOR.length - 1]);
  for (let i = EXPM1_TAYLOR.length - 2; i >= 0; i--) {
    body.get(r).simd(SimdOp.F64x2Mul);
    splat(EXPM1_TAYLOR[i]);
    body.simd(SimdOp.F64x2Add);
  }
  body.set(q);
  // 2^k: (k + 1023) << 52 as the bits of a double
  body.get(k).simd(Simd.I32x4TruncSatF64x2SZero).i32(1023).simd(Simd.I32x4Splat).simd(Simd.I32x4Add);
  body.simd(Simd.I64x2ExtendLowI32x4S).i32(52).simd(Simd.I64x2Shl).set(twoK);
  // 2^k · (r + r² q) + (2^k − 1)
  body.get(twoK).get(r).get(r).get(r).simd(SimdOp.F64x2Mul).get(q).simd(SimdOp.F64x2Mul).simd(SimdOp.F64x2Add).simd(SimdOp.F64x2Mul);
  body.get(twoK);
  splat(1);
  body.simd(SimdOp.F64x2Sub).simd(SimdOp.F64x2Add);
}

type ActivationKernel = 'tanh' | 'relu' | 'elu' | 'linear';

/**
 * (pre, value, first, second, pairs): φ, φ' and φ'' of `pairs` f64x2 pairs (activation.ts has the
 * formulas). tanh x = sign(x) · E/(E + 2) with E = expm1(2|x|), |x| capped at 20 (tanh 20 rounds
 * to 1); elu below 0 is expm1(z) with φ' = φ'' = expm1(z) + 1, z floored at −708 (e^z < 3e-308).
 */
function activationBody(kind: ActivationKernel): Body {
  const PRE = 0;
  const VALUE = 1;
  const FIRST = 2;
  const SECOND = 3;
  const PAIRS = 4;
  const body = new Body(5);
  const offset = body.local(ValType.I32);
  const end = body.local(ValType.I32);
  const x = body.local(ValType.V128);
  const z = body.local(ValType.V128);
  const t = body.local(ValType.V128);
  const d = body.local(ValType.V128);
  const splat = (value: number) => body.f64(value).simd(SimdOp.F64x2Splat);
  const store = (param: number, local: number) => body.get(param).get(offset).op(Op.I32Add).get(local).storeV128(0);
  body.get(PAIRS).i32(4).op(Op.I32Shl).set(end);
  body.i32(0).set(offset);
  body.block();
  body.get(offset).get(end).op(Op.I32GeU).brIf(0);
  body.loop();
  body.get(PRE).get(offset).op(Op.I32Add).loadV128(0).set(x);
  switch (kind) {
    case 'tanh': {
      body.get(x).simd(SimdOp.F64x2Abs);
      splat(2);
      body.simd(SimdOp.F64x2Mul);
      splat(40);
      body.simd(Simd.F64x2Min).set(z);
      emitExpm1(body, z);
      body.set(t);
      // t = sign(x) · E/(E + 2): the sign bit of x is x AND −0.0
      body.get(t).get(t);
      splat(2);
      body.simd(SimdOp.F64x2Add).simd(Simd.F64x2Div);
      body.get(x);
      splat(-0);
      body.simd(Simd.V128And).simd(Simd.V128Or).set(t);
      // φ' = 1 − t², φ'' = −2 t φ'
      splat(1);
      body.get(t).get(t).simd(SimdOp.F64x2Mul).simd(SimdOp.F64x2Sub).set(d);
      store(VALUE, t);
      store(FIRST, d);
      splat(-2);
      body.get(t).simd(SimdOp.F64x2Mul).get(d).simd(SimdOp.F64x2Mul).set(z);
      store(SECOND, z);
      break;
    }
    case 'elu': {
      // z > 0: (z, 1, 0); else (expm1 z, e^z, e^z)
      body.get(x);
      splat(-708);
      body.simd(Simd.F64x2Max);
      splat(0);
      body.simd(Simd.F64x2Min).set(z);
      emitExpm1(body, z);
      body.set(t);
      body.get(t);
      splat(1);
      body.simd(SimdOp.F64x2Add).set(d); // e^z
      const positive = body.local(ValType.V128);
      body.get(x);
      splat(0);
      body.simd(Simd.F64x2Gt).set(positive);
      body.get(x).get(t).get(positive).simd(Simd.V128Bitselect).set(z);
      store(VALUE, z);
      splat(1);
      body.get(d).get(positive).simd(Simd.V128Bitselect).set(z);
      store(FIRST, z);
      splat(0);
      body.get(d).get(positive).simd(Simd.V128Bitselect).set(z);
      store(SECOND, z);
      break;
    }
    case 'relu': {
      const positive = body.local(ValType.V128);
      body.get(x);
      splat(0);
      body.simd(Simd.F64x2Gt).set(positive);
      body.get(x).get(positive).simd(Simd.V128And).set(z); // z > 0 ? z : +0 (NaN → 0 like the JS loop)
      store(VALUE, z);
      splat(1);
      body.get(positive).simd(Simd.V128And).set(z);
      store(FIRST, z);
      splat(0).set(z);
      store(SECOND, z);
      break;
    }
    case 'linear': {
      store(VALUE, x);
      splat(1).set(z);
      store(FIRST, z);
      splat(0).set(z);
      store(SECOND, z);
      break;
    }
  }
  body.get(offset).i32(16).op(Op.I32Add).tee(offset).get(end).op(Op.I32LtU).brIf(0);
  body.end();
  body.end();
  return body;
}

const I32 = ValType.I32;
const F64 = ValType.F64;

let compiled: WebAssembly.Module | null = null;

/** The most a WebAssembly (wasm32) memory can hold: 65536 pages of 64 KiB, 4 GiB. */
export const WASM_MEMORY_MAX_BYTES = 65536 * 65536;

/** A new instance with its own memory of at least `bytes` bytes (the module is compiled once). */
export function instantiateKernels(bytes: number): WasmKernels {
  if (!compiled) {
    compiled = new WebAssembly.Module(
      encodeModule({
        imports: [],
        functions: [
          { name: 'gemmSet', type: { params: PARAMS, results: [] }, body: gemmBody(false) },
          { name: 'gemmAdd', type: { params: PARAMS, results: [] }, body: gemmBody(true) },
          {
            name: 'hadamard',
            type: { params: [I32, I32, I32, I32], results: [] },
            body: elementwiseBody(2, 0, (e) => {
              e.input(0);
              e.input(1);
              e.mul();
            }),
          },
          {
            name: 'hadamardSum',
            type: { params: [I32, I32, I32, I32, I32, I32, I32], results: [] },
            body: elementwiseBody(5, 0, (e) => {
              e.input(0);
              e.input(1);
              e.mul();
              e.input(2);
              e.input(3);
              e.mul();
              e.input(4);
              e.mul();
              e.add();
            }),
          },
          {
            name: 'axpy',
            type: { params: [I32, I32, I32, I32, F64], results: [] },
            body: elementwiseBody(2, 1, (e) => {
              e.input(0);
              e.scalar(0);
              e.input(1);
              e.mul();
              e.add();
            }),
          },
          {
            name: 'axpyRows',
            type: { params: [I32, I32, I32, I32, I32, I32, I32, I32, F64], results: [] },
            body: elementwiseBody(
              2,
              1,
              (e) => {
                e.input(0);
                e.scalar(0);
                e.input(1);
                e.mul();
                e.add();
              },
              true,
            ),
          },
          ...(['tanh', 'relu', 'elu', 'linear'] as const).map((kind) => ({
            name: kind,
            type: { params: [I32, I32, I32, I32, I32], results: [] },
            body: activationBody(kind),
          })),
          {
            name: 'scale',
            type: { params: [I32, I32, I32, F64], results: [] },
            body: elementwiseBody(1, 1, (e) => {
              e.scalar(0);
              e.input(0);
              e.mul();
            }),
          },
        ],
        memoryPages: 1,
      }),
    );
  }
  const pages = Math.ceil(bytes / 65536);
  // a backstop: specs are refused before this by checkMlpBuffers (buffer-size.ts)
  if (bytes > WASM_MEMORY_MAX_BYTES)
    throw new RangeError(`the MLP buffers need ${(bytes / 2 ** 30).toFixed(1)} GiB, more than a WebAssembly memory's 4 GiB`);
  const exports = new WebAssembly.Instance(compiled, {}).exports as unknown as WasmKernels;
  if (pages > 1) exports.memory.grow(pages - 1);
  return exports;
}
