import { Body, encodeModule, Op, SimdOp, ValType } from '../wasm/wasm-encoder.js';

/**
 * The two scans of period detection (period.ts) as WebAssembly SIMD, two doubles per instruction:
 * the largest magnitude of each component, and the test of a period p on every pair of states p
 * steps apart. In JavaScript they cost 2–4 ns a comparison on this project's machines and were the
 * largest part of a grid point's analysis.
 *
 * Each is exact: a maximum of magnitudes, and differences compared with ≤, so the answers are the
 * JavaScript ones, NaN included (a NaN magnitude makes the maximum NaN, as Math.max does; a NaN
 * difference is a mismatch). The order of the comparisons only decides how soon a mismatch stops
 * the scan, never the answer.
 *
 * Memory: the per-component bounds (at most MAX_DIMENSION doubles) from byte 0, the states,
 * component-major, from byte STATES.
 */
export const MAX_DIMENSION = 64;
const STATES = 8 * MAX_DIMENSION;

export interface PeriodKernel {
  memory: Float64Array;
  /** doubles index of the states */
  statesAt: number;
  /** capacity in doubles for the states */
  capacity: number;
  /** writes max |states of component c| (NaN if any is NaN) to memory[c] for every c */
  magnitudes(dimension: number, length: number): void;
  /**
   * With memory[c] holding component c's bound: the smallest p ≤ max (p < length) whose pairs
   * (i, i + p) all differ by at most the bound in every component; 0 if none. length ≥ 2 + max.
   */
  firstPeriod(dimension: number, length: number, max: number): number;
}

let kernel: PeriodKernel | null = null;

/** The kernel, with room for at least `doubles` states (one module kept, regrown as needed). */
export function periodKernel(doubles: number): PeriodKernel {
  if (!kernel || kernel.capacity < doubles) {
    const pages = Math.ceil((STATES + 8 * Math.max(doubles, kernel ? 2 * kernel.capacity : 0)) / 65536);
    const bytes = encodeModule({
      imports: [],
      functions: [
        { name: 'magnitudes', type: { params: [ValType.I32, ValType.I32], results: [] }, body: magnitudesBody() },
        { name: 'firstPeriod', type: { params: [ValType.I32, ValType.I32, ValType.I32], results: [ValType.I32] }, body: firstPeriodBody() },
      ],
      memoryPages: pages,
    });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as {
      memory: WebAssembly.Memory;
      magnitudes: PeriodKernel['magnitudes'];
      firstPeriod: PeriodKernel['firstPeriod'];
    };
    kernel = {
      memory: new Float64Array(exports.memory.buffer),
      statesAt: STATES / 8,
      capacity: (pages * 65536 - STATES) / 8,
      magnitudes: exports.magnitudes,
      firstPeriod: exports.firstPeriod,
    };
  }
  return kernel;
}

/**
 * (dimension, length): memory[c] = max over i of |states[c·length + i]|, from 0, or NaN if any is
 * NaN (Math.max's answer); length ≥ 2. The maximum is taken with pmax, one instruction, and NaNs
 * are tracked beside it: f64x2.max, NaN-propagating, is a long sequence on x86 whose latency made
 * this scan as slow as the JavaScript loop.
 */
function magnitudesBody(): Body {
  const body = new Body(2); // dimension, length
  const c = body.local(ValType.I32);
  const at = body.local(ValType.I32); // byte address of the pair being read
  const lastPair = body.local(ValType.I32);
  const acc = body.local(ValType.V128);
  const nan = body.local(ValType.V128);
  const v = body.local(ValType.V128);
  const take = (address: number) => {
    body.get(address).loadV128(STATES).simd(SimdOp.F64x2Abs).set(v);
    body.get(acc).get(v).simd(SimdOp.F64x2Pmax).set(acc);
    body.get(nan).get(v).get(v).simd(SimdOp.F64x2Ne).simd(SimdOp.V128Or).set(nan);
  };
  body.i32(0).set(c);
  body.block();
  body.loop();
  body.get(c).get(0).op(Op.I32LtS).op(Op.I32Eqz).brIf(1); // every component done
  // at = c·length·8; lastPair = at + (length − 2)·8
  body.get(c).get(1).op(Op.I32Mul).i32(3).op(Op.I32Shl).tee(at);
  body.get(1).i32(2).op(Op.I32Sub).i32(3).op(Op.I32Shl).op(Op.I32Add).set(lastPair);
  body.f64(0).simd(SimdOp.F64x2Splat).tee(acc).set(nan);
  body.block();
  body.loop();
  take(at);
  body.get(at).i32(16).op(Op.I32Add).tee(at).get(lastPair).op(Op.I32LeS).brIf(0);
  body.end();
  body.end();
  // the last pair again, overlapping when the length is odd (a maximum does not mind)
  take(lastPair);
  body.get(c).i32(3).op(Op.I32Shl);
  body.f64(NaN);
  body.get(acc).extractLane(0).get(acc).extractLane(1).op(Op.F64Max);
  body.get(nan).simd(SimdOp.V128AnyTrue).op(Op.Select);
  body.storeF64(0);
  body.get(c).i32(1).op(Op.I32Add).set(c);
  body.br(0);
  body.end();
  body.end();
  return body;
}

/**
 * (dimension, length, max) → p. For each p, each component's pairs are compared from the end of
 * the record backwards, two at a time (a late mismatch is the common way to fail); the first pair
 * is read overlapping the second when their count is odd.
 */
function firstPeriodBody(): Body {
  const body = new Body(3); // dimension, length, max
  const p = body.local(ValType.I32);
  const pBytes = body.local(ValType.I32);
  const c = body.local(ValType.I32);
  const base = body.local(ValType.I32);
  const j = body.local(ValType.I32);
  const bound = body.local(ValType.V128);
  body.i32(1).set(p);
  body.loop(); // each p
  // p > max or p ≥ length: no period
  body.block();
  body.get(p).get(2).op(Op.I32LeS).get(p).get(1).op(Op.I32LtS).op(Op.I32And).brIf(0);
  body.i32(0).op(Op.Return);
  body.end();
  body.get(p).i32(3).op(Op.I32Shl).set(pBytes);
  body.i32(0).set(c);
  body.block(); // a mismatch leaves this block for the next p
  body.loop(); // each component
  body.block();
  body.get(c).get(0).op(Op.I32LtS).brIf(0);
  body.get(p).op(Op.Return); // every component matched
  body.end();
  body.get(c).i32(3).op(Op.I32Shl).loadF64(0).simd(SimdOp.F64x2Splat).set(bound);
  // base = c·length·8; j = base + (length − p − 2)·8, the last pair
  body.get(c).get(1).op(Op.I32Mul).i32(3).op(Op.I32Shl).tee(base);
  body.get(1).get(p).op(Op.I32Sub).i32(2).op(Op.I32Sub).i32(3).op(Op.I32Shl).op(Op.I32Add).set(j);
  body.block(); // scan done
  body.loop(); // each pair, backwards
  // |z[j + p] − z[j]| ≤ bound in both lanes, or on to the next p
  body.get(j).get(pBytes).op(Op.I32Add).loadV128(STATES).get(j).loadV128(STATES).simd(SimdOp.F64x2Sub).simd(SimdOp.F64x2Abs);
  body.get(bound).simd(SimdOp.F64x2Le).simd(SimdOp.I64x2AllTrue).op(Op.I32Eqz).brIf(3);
  body.get(j).get(base).op(Op.I32Eq).brIf(1);
  // j = max(base, j − 16)
  body.get(base).get(j).i32(16).op(Op.I32Sub).tee(j).get(j).get(base).op(Op.I32LtS).op(Op.Select).set(j);
  body.br(0);
  body.end();
  body.end();
  body.get(c).i32(1).op(Op.I32Add).set(c);
  body.br(0);
  body.end();
  body.end();
  body.get(p).i32(1).op(Op.I32Add).set(p);
  body.br(0);
  body.end();
  body.i32(0); // not reached: the loop returns
  return body;
}
