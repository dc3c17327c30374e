/**
 * A minimal WebAssembly binary encoder: just the sections and instructions that the compiled
 * kernels need (f64 and f64x2 arithmetic and comparisons, i32 index arithmetic, loads and stores,
 * blocks and loops, calls to imported functions).
 *
 * Why WebAssembly: it lets a map that is only known at run time (a user's expression) run as
 * machine code without ever turning user text into JavaScript source (no eval, no new Function),
 * and it gives the hand-written kernels two-lane SIMD, which JavaScript lacks. WebAssembly's f64
 * arithmetic is IEEE-754 like JavaScript's and never fuses operations, so a kernel computes bit
 * for bit what the same operations compute in JavaScript.
 */

export const enum ValType {
  I32 = 0x7f,
  F64 = 0x7c,
  V128 = 0x7b,
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface WasmImport {
  module: string;
  name: string;
  type: FuncType;
}

export interface WasmFunction {
  name: string;
  type: FuncType;
  body: Body;
}

export interface WasmModuleSpec {
  imports: WasmImport[];
  functions: WasmFunction[];
  /** pages of 64 KiB; the memory is exported as "memory" */
  memoryPages: number;
}

function unsigned(value: number, out: number[]): void {
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
}

function signed(value: number, out: number[]): void {
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/**
 * out.push(...bytes) passes every byte as an argument and overflows the stack on a large function
 * body (an expression map's Jacobian can take megabytes), so bytes go over in bounded chunks.
 */
function append(out: number[], bytes: ArrayLike<number>): void {
  const chunk = 8192;
  for (let i = 0; i < bytes.length; i += chunk) {
    out.push(...Array.prototype.slice.call(bytes, i, Math.min(i + chunk, bytes.length)));
  }
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  unsigned(bytes.length, out);
  append(out, bytes);
}

function vector<T>(items: readonly T[], write: (item: T, out: number[]) => void, out: number[]): void {
  unsigned(items.length, out);
  for (const item of items) write(item, out);
}

function funcType(type: FuncType, out: number[]): void {
  out.push(0x60);
  vector(type.params, (v, o) => o.push(v), out);
  vector(type.results, (v, o) => o.push(v), out);
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  unsigned(content.length, out);
  append(out, content);
}

/**
 * A function body under construction. Locals are declared as they are needed; parameters come
 * first (indices 0 … params − 1), as in the binary format.
 */
export class Body {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(private readonly paramCount: number) {}

  /** Declares a local of the given type; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  get(index: number): this {
    return this.emit(0x20, index);
  }
  set(index: number): this {
    return this.emit(0x21, index);
  }
  tee(index: number): this {
    return this.emit(0x22, index);
  }
  call(functionIndex: number): this {
    return this.emit(0x10, functionIndex);
  }

  i32(value: number): this {
    this.code.push(0x41);
    signed(value | 0, this.code);
    return this;
  }
  f64(value: number): this {
    this.code.push(0x44);
    const bytes = new Uint8Array(Float64Array.of(value).buffer);
    this.code.push(...bytes);
    return this;
  }

  /** Opcodes that take no immediate (arithmetic, comparisons, end). */
  op(opcode: number): this {
    this.code.push(opcode);
    return this;
  }
  /** f64.load / f64.store with a constant byte offset from the address on the stack. */
  loadF64(offset: number): this {
    return this.memory(0x2b, 3, offset);
  }
  storeF64(offset: number): this {
    return this.memory(0x39, 3, offset);
  }

  /** SIMD instructions (prefix 0xfd); v128.load and v128.store carry a memory argument. */
  simd(opcode: number): this {
    this.code.push(0xfd);
    unsigned(opcode, this.code);
    return this;
  }
  loadV128(offset: number): this {
    this.simd(SimdOp.Load);
    return this.memarg(4, offset);
  }
  storeV128(offset: number): this {
    this.simd(SimdOp.Store);
    return this.memarg(4, offset);
  }
  extractLane(lane: number): this {
    this.simd(SimdOp.F64x2ExtractLane);
    this.code.push(lane);
    return this;
  }

  /** block … end and loop … end with no result; br_if depth 0 targets the innermost. */
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  end(): this {
    return this.op(0x0b);
  }
  brIf(depth: number): this {
    return this.emit(0x0d, depth);
  }
  br(depth: number): this {
    return this.emit(0x0c, depth);
  }

  encode(out: number[]): void {
    const body: number[] = [];
    // locals run-length encoded by type, in declaration order
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    vector(
      groups,
      ([count, type], o) => {
        unsigned(count, o);
        o.push(type);
      },
      body,
    );
    append(body, this.code);
    body.push(0x0b);
    unsigned(body.length, out);
    append(out, body);
  }

  private emit(opcode: number, immediate: number): this {
    this.code.push(opcode);
    unsigned(immediate, this.code);
    return this;
  }
  private memory(opcode: number, alignLog2: number, offset: number): this {
    this.code.push(opcode);
    return this.memarg(alignLog2, offset);
  }
  private memarg(alignLog2: number, offset: number): this {
    unsigned(alignLog2, this.code);
    unsigned(offset, this.code);
    return this;
  }
}

/** Scalar opcodes used by the kernels. */
export const enum Op {
  Return = 0x0f,
  /** select(a, b, cond): a if cond ≠ 0, else b */
  Select = 0x1b,
  I32Eqz = 0x45,
  I32Eq = 0x46,
  I32LtS = 0x48,
  I32LeS = 0x4c,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Mul = 0x6c,
  I32And = 0x71,
  I32Shl = 0x74,
  I32LtU = 0x49,
  I32GeU = 0x4f,
  F64Abs = 0x99,
  F64Neg = 0x9a,
  F64Sqrt = 0x9f,
  F64Add = 0xa0,
  F64Sub = 0xa1,
  F64Mul = 0xa2,
  F64Div = 0xa3,
  /** NaN if either operand is NaN, like Math.max */
  F64Max = 0xa5,
}

/** SIMD opcodes (after the 0xfd prefix). */
export const enum SimdOp {
  Load = 0x00,
  Store = 0x0b,
  F64x2Splat = 0x14,
  F64x2ExtractLane = 0x21,
  /** lane-wise x ≠ y: all ones or all zeros per lane (true where either is NaN) */
  F64x2Ne = 0x48,
  /** lane-wise x ≤ y: all ones or all zeros per lane (false where either is NaN) */
  F64x2Le = 0x4b,
  V128And = 0x4e,
  V128Or = 0x50,
  /** 1 if any bit is set */
  V128AnyTrue = 0x53,
  /** 1 if every i64 lane is nonzero */
  I64x2AllTrue = 0xc3,
  /** lane-wise bit-for-bit equality of two i64 (all ones or all zeros per lane) */
  I64x2Eq = 0xd6,
  F64x2Abs = 0xec,
  F64x2Sqrt = 0xef,
  F64x2Add = 0xf0,
  F64x2Sub = 0xf1,
  F64x2Mul = 0xf2,
  /** NaN if either lane is NaN, like Math.max (several instructions on x86) */
  F64x2Max = 0xf5,
  /** pmax(a, b) = a < b ? b : a, lane-wise: one instruction; a NaN b leaves a */
  F64x2Pmax = 0xf7,
}

/** Encodes a module: imports (functions), defined functions (each exported by name), one memory. */
export function encodeModule(spec: WasmModuleSpec): Uint8Array<ArrayBuffer> {
  const types: FuncType[] = [];
  const typeIndex = (t: FuncType) => {
    const key = JSON.stringify(t);
    let i = types.findIndex((u) => JSON.stringify(u) === key);
    if (i < 0) i = types.push(t) - 1;
    return i;
  };
  const importTypes = spec.imports.map((imp) => typeIndex(imp.type));
  const functionTypes = spec.functions.map((fn) => typeIndex(fn.type));

  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const typeSection: number[] = [];
  vector(types, funcType, typeSection);
  section(1, typeSection, out);

  const importSection: number[] = [];
  vector(
    spec.imports.map((imp, i) => [imp, importTypes[i]] as const),
    ([imp, t], o) => {
      name(imp.module, o);
      name(imp.name, o);
      o.push(0x00);
      unsigned(t, o);
    },
    importSection,
  );
  section(2, importSection, out);

  const functionSection: number[] = [];
  vector(functionTypes, (t, o) => unsigned(t, o), functionSection);
  section(3, functionSection, out);

  const memorySection: number[] = [];
  vector(
    [spec.memoryPages],
    (pages, o) => {
      o.push(0x00);
      unsigned(pages, o);
    },
    memorySection,
  );
  section(5, memorySection, out);

  const exportSection: number[] = [];
  const exports: [string, number, number][] = [
    ['memory', 0x02, 0],
    ...spec.functions.map((fn, i): [string, number, number] => [fn.name, 0x00, spec.imports.length + i]),
  ];
  vector(
    exports,
    ([exportName, kind, index], o) => {
      name(exportName, o);
      o.push(kind);
      unsigned(index, o);
    },
    exportSection,
  );
  section(7, exportSection, out);

  const codeSection: number[] = [];
  vector(spec.functions, (fn, o) => fn.body.encode(o), codeSection);
  section(10, codeSection, out);
  return Uint8Array.from(out);
}

/**
 * Emits `for (p = start; p < start + n·stride; p += stride) inner(p)` with p an i32 local; `count`
 * is the local holding n, `start` (optional) a local holding the first byte offset. An empty
 * range runs nothing.
 */
export function emitLanesLoop(body: Body, count: number, stride: number, inner: (p: number) => void, start?: number): void {
  const shift = Math.log2(stride);
  if (!Number.isInteger(shift)) throw new Error(`lane stride ${stride} is not a power of two`);
  const p = body.local(ValType.I32);
  const end = body.local(ValType.I32);
  if (start === undefined) body.i32(0).set(p);
  else body.get(start).set(p);
  body.get(count).i32(shift).op(Op.I32Shl).get(p).op(Op.I32Add).set(end);
  body.block();
  body.get(p).get(end).op(Op.I32GeU).brIf(0);
  body.loop();
  inner(p);
  body.get(p).i32(stride).op(Op.I32Add).tee(p).get(end).op(Op.I32LtU).brIf(0);
  body.end();
  body.end();
}
