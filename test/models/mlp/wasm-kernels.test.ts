import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, applyActivation } from '../../../src/models/mlp/activation.js';
import { addRowVector, axpyInto, hadamardInto, hadamardSumInto, scaleInto, sumRowsInto } from '../../../src/models/mlp/elementwise.js';
import { WasmArena } from '../../../src/models/mlp/wasm-arena.js';
import { instantiateKernels } from '../../../src/models/mlp/wasm-kernels.js';
import { SeededRandom } from '../../../src/random/rng.js';

function ulp(v: number): number {
  const a = Math.abs(v);
  return a === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(a)) - 52);
}

/** The same inputs as plain arrays (the JavaScript loops) and in an arena (the SIMD kernels). */
function twin(values: Float64Array, arena: WasmArena): [Float64Array, Float64Array] {
  const inArena = arena.alloc(values.length);
  inArena.set(values);
  return [Float64Array.from(values), inArena];
}

describe('WebAssembly kernels against the JavaScript loops', () => {
  it('activations: relu and linear bit for bit; tanh and elu (own expm1) within 4 ulp, φ′ and φ″ within 1e-15', () => {
    const rng = new SeededRandom(2);
    const count = 4001; // odd: the last element goes through the arena's padding pair
    const z = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const scale = [1e-12, 1e-6, 0.01, 0.3, 1, 3, 10, 30, 800][i % 9];
      z[i] = scale * rng.gaussian();
    }
    z.set([0, -0, 0.34657359, -0.34657359, 20, -20, 19.06, 700, -708, -710, -1000, Infinity, -Infinity], 0);
    const arena = new WasmArena(16 * (count + 1));
    for (const name of ACTIVATIONS.filter((a) => a !== 'gelu')) {
      const [pre, preArena] = twin(z, arena);
      const js = [new Float64Array(count), new Float64Array(count), new Float64Array(count)];
      applyActivation(name, pre, js[0], js[1], js[2], 0, count);
      const wasm = [arena.alloc(count), arena.alloc(count), arena.alloc(count)];
      applyActivation(name, preArena, wasm[0], wasm[1], wasm[2], 0, count);
      if (name === 'relu' || name === 'linear') {
        for (let k = 0; k < 3; k++) expect(Array.from(wasm[k])).toEqual(Array.from(js[k]));
        continue;
      }
      let valueUlps = 0;
      let derivativeError = 0;
      for (let i = 0; i < count; i++) {
        const same = (k: number) => wasm[k][i] === js[k][i];
        if (!same(0)) valueUlps = Math.max(valueUlps, Math.abs(wasm[0][i] - js[0][i]) / ulp(js[0][i]));
        for (const k of [1, 2]) if (!same(k)) derivativeError = Math.max(derivativeError, Math.abs(wasm[k][i] - js[k][i]));
      }
      expect(valueUlps, name).toBeLessThanOrEqual(4);
      expect(derivativeError, name).toBeLessThan(1e-15);
    }
  });

  it('element-wise steps give the same bits in both', () => {
    const rng = new SeededRandom(5);
    const rows = 7;
    const cols = 13;
    const n = rows * cols;
    const arena = new WasmArena(12 * (n + 1));
    const vectors = Array.from({ length: 6 }, () =>
      twin(
        Float64Array.from({ length: n }, () => rng.gaussian()),
        arena,
      ),
    );
    const [[a, aw], [b, bw], [c, cw], [d, dw], [e, ew], [out, outw]] = vectors;
    const compare = () => expect(Array.from(outw)).toEqual(Array.from(out));
    hadamardInto(out, a, b, n);
    hadamardInto(outw, aw, bw, n);
    compare();
    hadamardSumInto(out, a, b, c, d, e, n);
    hadamardSumInto(outw, aw, bw, cw, dw, ew, n);
    compare();
    axpyInto(out, 3, a, 1, b, 2, n - 5, -0.7);
    axpyInto(outw, 3, aw, 1, bw, 2, n - 5, -0.7);
    compare();
    scaleInto(out, c, n, 1.3);
    scaleInto(outw, cw, n, 1.3);
    compare();
    addRowVector(out, rows, cols, d, 5, 0.4);
    addRowVector(outw, rows, cols, dw, 5, 0.4);
    compare();
    sumRowsInto(e, rows, cols, 0.9, out, 11);
    sumRowsInto(ew, rows, cols, 0.9, outw, 11);
    compare();
  });

  it('refuses a workspace beyond WebAssembly’s 4 GiB with the size it needed', () => {
    expect(() => instantiateKernels(5 * 2 ** 30)).toThrow(/need 5\.0 GiB, more than a WebAssembly memory's 4 GiB/);
    const arena = new WasmArena(3);
    arena.alloc(3);
    expect(() => arena.alloc(1)).toThrow(/full/);
  });
});
