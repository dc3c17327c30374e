import { Body, emitLanesLoop, encodeModule, Op, SimdOp, ValType } from '../../wasm/wasm-encoder.js';
import { OBSERVABLE_CODE } from './observables.js';

/**
 * The UV sweep's inner loops as WebAssembly: UV_LANES orbits (neighbouring grid points), two per
 * f64x2 vector and two vectors per loop body, so each instruction advances two orbits and the
 * vectors' dependency chains overlap. Each lane computes exactly what the JavaScript step
 * (uvAdvance) computes: IEEE f64, the same operations in the same order, never fused.
 *
 * Memory, in doubles, component-major with stride UV_LANES (lane j of component X at X + j):
 *   constants  a = η, b = εη², c = 4εη, d = 2b, y, 1, ε
 *   state      f, λ, u, w (tangent vector)
 *   block out  u, w, det J product (before renormalisation)
 *   recorded states from `planes`: lane j's f at planes + 2·record·j, its λ a plane further
 *   computed observables after the planes: lane j's at observableAt(record, j)
 */
export const UV_LANES = 4;
const VECTORS = UV_LANES / 2;
const L = UV_LANES;
export const MEM = {
  a: 0,
  b: L,
  c: 2 * L,
  d: 3 * L,
  y: 4 * L,
  one: 5 * L,
  f: 6 * L,
  l: 7 * L,
  u: 8 * L,
  w: 9 * L,
  rawU: 10 * L,
  rawW: 11 * L,
  rawDet: 12 * L,
  eps: 13 * L,
  /**
   * transient cycle detection: each lane's checkpoint state (a lane not detecting holds
   * NO_CHECKPOINT in checkF, bits no step produces)
   */
  checkF: 14 * L,
  checkL: 15 * L,
  planes: 20 * L,
} as const;

/**
 * The checkF bits of a lane that is not looking for a cycle: a signalling NaN, which IEEE
 * arithmetic never returns (it quiets NaNs), so the loop's f comparison never matches it. Its
 * high and low 32-bit words.
 */
export const NO_CHECKPOINT = [0x7ff4dead, 0x0000beef] as const;

/** Doubles index of lane j's computed observable in a record module's memory. */
export function observableAt(record: number, lane: number): number {
  return MEM.planes + 2 * L * record + record * lane;
}

/** The observables computed from the states by a loop of their own; ntk and f are the states. */
const COMPUTED_OBSERVABLES = [
  OBSERVABLE_CODE.eta_sharpness,
  OBSERVABLE_CODE.sharpness,
  OBSERVABLE_CODE.eta_ntk,
  OBSERVABLE_CODE.residual,
  OBSERVABLE_CODE.loss,
];

export interface UvTransientWasm {
  memory: Float64Array;
  /** m steps of every orbit, nothing stored */
  transient(m: number): void;
  /**
   * Up to m steps of every orbit, stopping after the first step at which a lane's f equals its
   * checkpoint's bit for bit (a candidate: the caller compares λ); returns the steps taken.
   */
  transientDetect(m: number): number;
}

export interface UvRecordWasm {
  memory: Float64Array;
  /** m steps of every orbit, storing states at record index t0 … t0 + m − 1 */
  orbit(m: number, t0: number): void;
  /** the same with the tangent vectors and det J products (written to the block-out slots) */
  tangent(m: number, t0: number): void;
  /** the tangent step without storing states (warm-up, one-lane replays) */
  tangentWarm(m: number): void;
  /**
   * Computes observable `code` over every lane's recorded states into its slot at observableAt;
   * false for ntk and f, which are the states themselves. `spans` (one per lane, each from 2 to
   * the record's length) limits a lane to its first values; by default the whole record.
   */
  observable(code: number, spans?: ArrayLike<number>): boolean;
}

let transientKernel: UvTransientWasm | null = null;

export function uvTransientWasm(): UvTransientWasm {
  if (!transientKernel) {
    const { memory, exports } = instantiate(0, [
      ['transient', { tangent: false, store: false }],
      ['transientDetect', { tangent: false, store: false, detect: true }],
    ]);
    const transient = exports.transient as (m: number, t0: number) => void;
    const transientDetect = exports.transientDetect as (m: number, t0: number) => number;
    transientKernel = { memory, transient: (m) => transient(m, 0), transientDetect: (m) => transientDetect(m, 0) };
  }
  return transientKernel;
}

/**
 * One record module per record length (the state planes' offsets are immediates); the last one
 * is kept, since a sweep uses one length throughout and its memory can be large.
 */
let lastRecord: { record: number; kernel: UvRecordWasm } | null = null;

export function uvRecordWasm(record: number): UvRecordWasm {
  if (lastRecord?.record !== record) {
    const { memory, exports } = instantiate(record, [
      ['orbit', { tangent: false, store: true }],
      ['tangent', { tangent: true, store: true }],
      ['tangentWarm', { tangent: true, store: false }],
    ]);
    const tangentWarm = exports.tangentWarm as (m: number, t0: number) => void;
    type Observable = (...spans: number[]) => void;
    const observables = new Map(COMPUTED_OBSERVABLES.map((code) => [code, exports[`observable${code}`] as Observable]));
    lastRecord = {
      record,
      kernel: {
        memory,
        orbit: exports.orbit as UvRecordWasm['orbit'],
        tangent: exports.tangent as UvRecordWasm['tangent'],
        tangentWarm: (m) => tangentWarm(m, 0),
        observable: (code, spans) => {
          const run = observables.get(code);
          if (spans) run?.(spans[0], spans[1], spans[2], spans[3]);
          else run?.(record, record, record, record);
          return run !== undefined;
        },
      },
    };
  }
  return lastRecord.kernel;
}

interface Variant {
  tangent: boolean;
  store: boolean;
  /** stop at a lane's return to its checkpoint (transient-skip.ts); returns the steps taken */
  detect?: boolean;
}

function instantiate(record: number, variants: [string, Variant][]): { memory: Float64Array; exports: Record<string, unknown> } {
  const bytes = (MEM.planes + 3 * L * record) * 8;
  const type = (variant: Variant) => ({ params: [ValType.I32, ValType.I32], results: variant.detect ? [ValType.I32] : [] });
  const observables = record > 0 ? COMPUTED_OBSERVABLES : [];
  const module = new WebAssembly.Module(
    encodeModule({
      imports: [],
      functions: [
        ...variants.map(([name, variant]) => ({ name, type: type(variant), body: lanesBody(variant, record) })),
        ...observables.map((code) => ({
          name: `observable${code}`,
          type: { params: Array<ValType>(L).fill(ValType.I32), results: [] },
          body: observableBody(code, record),
        })),
      ],
      memoryPages: Math.ceil(bytes / 65536),
    }),
  );
  const exports = new WebAssembly.Instance(module, {}).exports as Record<string, unknown> & { memory: WebAssembly.Memory };
  return { memory: new Float64Array(exports.memory.buffer, 0, bytes / 8), exports };
}

/** A vector local, or a vector in memory. */
type Operand = number | { memoryIndex: number };

/** Vector arithmetic on fresh locals, so the step reads like the JavaScript it mirrors. */
class Vectors {
  constructor(private readonly body: Body) {}
  local(): number {
    return this.body.local(ValType.V128);
  }
  load(index: number): number {
    const v = this.local();
    this.body
      .i32(0)
      .loadV128(index * 8)
      .set(v);
    return v;
  }
  store(index: number, v: number): void {
    this.body
      .i32(0)
      .get(v)
      .storeV128(index * 8);
  }
  /** An operand read from memory (doubles index) at each use; see lanesBody. */
  memory(index: number): Operand {
    return { memoryIndex: index };
  }
  add(x: Operand, y: Operand): number {
    return this.binary(SimdOp.F64x2Add, x, y);
  }
  sub(x: Operand, y: Operand): number {
    return this.binary(SimdOp.F64x2Sub, x, y);
  }
  mul(x: Operand, y: Operand): number {
    return this.binary(SimdOp.F64x2Mul, x, y);
  }
  /** Any other binary v128 instruction (comparisons, bitwise logic). */
  binaryI(op: SimdOp, x: Operand, y: Operand): number {
    return this.binary(op, x, y);
  }
  private push(x: Operand): void {
    if (typeof x === 'number') this.body.get(x);
    else this.body.i32(0).loadV128(x.memoryIndex * 8);
  }
  private binary(op: SimdOp, x: Operand, y: Operand): number {
    const v = this.local();
    this.push(x);
    this.push(y);
    this.body.simd(op).set(v);
    return v;
  }
}

/**
 * (m, t0): advances every orbit m steps. The UV step, term for term as in uvAdvance:
 *   r = f − y;  f' = (f − (a r) λ) + (b r²) f;  λ' = (λ + (b r²) λ) − ((c r) f)
 * and, for the tangent variant, J = [[j11, −a r], [j21, j22]] with
 *   j22 = 1 + b r²,  j11 = (j22 − a λ) + d (r f),  j21 = d (λ r) − c (f + r).
 */
function lanesBody({ tangent, store, detect = false }: Variant, record: number): Body {
  const body = new Body(2);
  const v = new Vectors(body);
  const vectors = Array.from({ length: VECTORS }, (_, i) => {
    const at = (component: number) => v.load(component + 2 * i);
    // Constants stay in memory and are loaded where used: in locals they would crowd the
    // 16 vector registers and spill the loop-carried state instead.
    const [a, b, c, d, y, one] = [MEM.a, MEM.b, MEM.c, MEM.d, MEM.y, MEM.one].map((component) => v.memory(component + 2 * i));
    const state = { f: at(MEM.f), l: at(MEM.l), u: -1, w: -1, det: -1 };
    if (tangent) {
      state.u = at(MEM.u);
      state.w = at(MEM.w);
      state.det = at(MEM.one);
    }
    return { i, a, b, c, d, y, one, ...state };
  });

  const step = (p: number) => {
    for (const { i, a, b, c, d, y, one, f, l, u, w, det } of vectors) {
      const r = v.sub(f, y);
      const ar = v.mul(a, r);
      const brr = v.mul(b, v.mul(r, r));
      if (tangent) {
        const j22 = v.add(one, brr);
        const j11 = v.add(v.sub(j22, v.mul(a, l)), v.mul(d, v.mul(r, f)));
        const j21 = v.sub(v.mul(d, v.mul(l, r)), v.mul(c, v.add(f, r)));
        const un = v.sub(v.mul(j11, u), v.mul(ar, w));
        const wn = v.add(v.mul(j21, u), v.mul(j22, w));
        const detn = v.mul(det, v.add(v.mul(j11, j22), v.mul(ar, j21)));
        body.get(un).set(u);
        body.get(wn).set(w);
        body.get(detn).set(det);
      }
      const fn = v.add(v.sub(f, v.mul(ar, l)), v.mul(brr, f));
      const ln = v.sub(v.add(l, v.mul(brr, l)), v.mul(v.mul(c, r), f));
      body.get(fn).set(f);
      body.get(ln).set(l);
      if (store) {
        for (const lane of [0, 1]) {
          const plane = (MEM.planes + 2 * record * (2 * i + lane)) * 8;
          body.get(p).get(f).extractLane(lane).storeF64(plane);
          body
            .get(p)
            .get(l)
            .extractLane(lane)
            .storeF64(plane + record * 8);
        }
      }
    }
  };
  const steps = detect ? detectLoop(body, v, vectors, step) : -1;
  if (!detect) {
    const start = body.local(ValType.I32);
    body.get(1).i32(3).op(Op.I32Shl).set(start); // byte offset of record index t0 in a plane
    emitLanesLoop(body, 0, 8, step, start);
  }

  for (const { i, f, l, u, w, det } of vectors) {
    v.store(MEM.f + 2 * i, f);
    v.store(MEM.l + 2 * i, l);
    if (tangent) {
      v.store(MEM.rawU + 2 * i, u);
      v.store(MEM.rawW + 2 * i, w);
      v.store(MEM.rawDet + 2 * i, det);
    }
  }
  if (detect) body.get(steps); // the function's result: the steps taken
  return body;
}

/**
 * The transient loop with Brent's check: after each step, every lane's f is compared with its
 * checkpoint's bit for bit (i64x2.eq, so −0 and +0 differ and a NaN matches only its own bit
 * pattern: transient-skip.ts checks every state of a found cycle against the bound before it
 * skips); any match ends the call after that step, and the caller confirms λ. Comparing f alone
 * halves the check's cost per step. Returns the local that counts the steps taken.
 */
function detectLoop(body: Body, v: Vectors, vectors: { i: number; f: number }[], step: (p: number) => void): number {
  const t = body.local(ValType.I32);
  const unusedPointer = body.local(ValType.I32); // the step never stores here
  body.i32(0).set(t);
  body.block();
  body.loop();
  step(unusedPointer);
  let any = -1;
  for (const { i, f } of vectors) {
    const match = v.binaryI(SimdOp.I64x2Eq, f, v.memory(MEM.checkF + 2 * i));
    any = any < 0 ? match : v.binaryI(SimdOp.V128Or, any, match);
  }
  body.get(t).i32(1).op(Op.I32Add).set(t);
  body.get(any).simd(SimdOp.V128AnyTrue).brIf(1);
  body.get(t).get(0).op(Op.I32LtS).brIf(0);
  body.end();
  body.end();
  return t;
}

/**
 * Observable `code` of every lane's record, two steps per f64x2 instruction, term for term as the
 * JavaScript definitions (uvSharpness, uvLoss in model/sharpness.ts) so every value is theirs:
 *   sharpness = 0.5 λ + √max(0.25 λ λ + (ε r)(2f + r), 0),  r = f − y
 *   η × sharpness, η λ, r, and the loss 0.5 r r.
 * Lane j computes its first span_j values (the function's j-th parameter, 2 ≤ span_j ≤ record).
 * The last pair of steps is read from span − 2, overlapping the one before when the span is
 * odd: the values written twice are the same.
 */
function observableBody(code: number, record: number): Body {
  if (L !== 4) throw new Error('observableBody: one span parameter per lane, four lanes');
  const body = new Body(L); // each lane's span
  const v = new Vectors(body);
  const t = body.local(ValType.I32); // byte offset of the pair within a plane
  const constant = (x: number) => {
    const c = v.local();
    body.f64(x).simd(SimdOp.F64x2Splat).set(c);
    return c;
  };
  const [quarter, half, two, zero] = [0.25, 0.5, 2, 0].map(constant);
  const last = body.local(ValType.I32); // byte offset of the lane's last pair
  for (let lane = 0; lane < L; lane++) {
    body.get(lane).i32(2).op(Op.I32Sub).i32(3).op(Op.I32Shl).set(last);
    const laneConstant = (index: number) => {
      const c = v.local();
      body
        .i32(0)
        .loadF64((index + lane) * 8)
        .simd(SimdOp.F64x2Splat)
        .set(c);
      return c;
    };
    const [eta, eps, y] = [MEM.a, MEM.eps, MEM.y].map(laneConstant);
    const fPlane = (MEM.planes + 2 * record * lane) * 8;
    const out = observableAt(record, lane) * 8;
    const pair = () => {
      const f = v.local();
      const l = v.local();
      body.get(t).loadV128(fPlane).set(f);
      body
        .get(t)
        .loadV128(fPlane + record * 8)
        .set(l);
      let value: number;
      if (code === OBSERVABLE_CODE.eta_ntk) value = v.mul(eta, l);
      else {
        const r = v.sub(f, y);
        if (code === OBSERVABLE_CODE.residual) value = r;
        else if (code === OBSERVABLE_CODE.loss) value = v.mul(v.mul(half, r), r);
        else {
          const radicand = v.add(v.mul(v.mul(quarter, l), l), v.mul(v.mul(eps, r), v.add(v.mul(two, f), r)));
          const root = v.local();
          body.get(radicand).get(zero).simd(SimdOp.F64x2Max).simd(SimdOp.F64x2Sqrt).set(root);
          const sharpness = v.add(v.mul(half, l), root);
          value = code === OBSERVABLE_CODE.eta_sharpness ? v.mul(eta, sharpness) : sharpness;
        }
      }
      body.get(t).get(value).storeV128(out);
    };
    body.i32(0).set(t);
    body.block();
    body.loop();
    pair();
    body.get(t).i32(16).op(Op.I32Add).tee(t).get(last).op(Op.I32LeS).brIf(0);
    body.end();
    body.end();
    body.get(last).set(t);
    pair();
  }
  return body;
}
