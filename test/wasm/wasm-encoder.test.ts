import { describe, expect, it } from 'vitest';
import { Body, emitLanesLoop, encodeModule, Op, ValType } from '../../src/wasm/wasm-encoder.js';

/** Instantiates one exported function `f` with the given body and type. */
function instantiate(body: Body, params: ValType[], results: ValType[]) {
  const bytes = encodeModule({ imports: [], functions: [{ name: 'f', type: { params, results }, body }], memoryPages: 1 });
  expect(WebAssembly.validate(bytes)).toBe(true);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as {
    f: (...args: number[]) => number;
    memory: WebAssembly.Memory;
  };
}

describe('WebAssembly encoder', () => {
  it('encodes i32 constants of every LEB128 length and sign', () => {
    for (const value of [0, 1, 63, 64, -1, -64, -65, 127, 128, 8191, -8193, 2 ** 31 - 1, -(2 ** 31)]) {
      const body = new Body(0);
      body.i32(value);
      expect(instantiate(body, [], [ValType.I32]).f()).toBe(value);
    }
  });

  it('encodes f64 constants exactly and f64 arithmetic in IEEE order', () => {
    const body = new Body(2);
    // (x − 0.1) · y / 3 + (−x)
    body.get(0).f64(0.1).op(Op.F64Sub).get(1).op(Op.F64Mul).f64(3).op(Op.F64Div).get(0).op(Op.F64Neg).op(Op.F64Add);
    const { f } = instantiate(body, [ValType.F64, ValType.F64], [ValType.F64]);
    for (const [x, y] of [
      [1.7, -2.3],
      [1e300, 1e10],
      [Math.PI, Math.E],
    ])
      expect(Object.is(f(x, y), ((x - 0.1) * y) / 3 + -x)).toBe(true);
  });

  it('loops over lanes with large memory offsets', () => {
    // doubles memory[1000 + j] = 2·memory[j] for j < n: offsets past one LEB128 byte
    const body = new Body(1);
    emitLanesLoop(body, 0, 8, (p) => {
      body.get(p).get(p).loadF64(0).f64(2).op(Op.F64Mul).storeF64(8000);
    });
    const exports = instantiate(body, [ValType.I32], []);
    const memory = new Float64Array(exports.memory.buffer);
    memory.set([1, 2, 3, 4, 5]);
    exports.f(3);
    expect(Array.from(memory.subarray(1000, 1005))).toEqual([2, 4, 6, 0, 0]);
    exports.f(0); // an empty range runs nothing
    expect(memory[1003]).toBe(0);
  });
});
