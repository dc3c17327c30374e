import { instantiateKernels, type WasmKernels } from './wasm-kernels.js';

/** Which WebAssembly instance owns a memory buffer, so the arithmetic can be handed to it. */
const owners = new WeakMap<ArrayBufferLike, WasmKernels>();

/** The kernels whose memory is `buffer`, if any. */
export function kernelsFor(buffer: ArrayBufferLike): WasmKernels | undefined {
  return owners.get(buffer);
}

/**
 * Float64Arrays carved out of one WebAssembly memory, sized once: the arithmetic on arrays that
 * all live in the same arena runs in WebAssembly SIMD (wasm-kernels.ts), on any others in the
 * JavaScript loops of matmul.ts and elementwise.ts. The memory never grows after creation, so the views stay valid.
 */
export class WasmArena {
  private readonly buffer: ArrayBuffer;
  private next = 0;

  /** `doubles`: the total of all allocations (each is rounded up to a 16-byte boundary). */
  constructor(readonly capacity: number) {
    const exports = instantiateKernels(8 * capacity);
    this.buffer = exports.memory.buffer;
    owners.set(this.buffer, exports);
  }

  /** Room for `lengths` in an arena: the sum with each rounded up to an even count of doubles. */
  static sizeOf(lengths: readonly number[]): number {
    return lengths.reduce((s, n) => s + n + (n % 2), 0);
  }

  /**
   * A view of `length` doubles at a 16-byte boundary. An odd length is followed by one unused
   * double, so a kernel may read and write the last element as a whole f64x2 pair.
   */
  alloc(length: number): Float64Array {
    if (this.next + length > this.capacity) throw new RangeError(`arena of ${this.capacity} doubles is full`);
    const view = new Float64Array(this.buffer, 8 * this.next, length);
    this.next += length + (length % 2);
    return view;
  }
}
