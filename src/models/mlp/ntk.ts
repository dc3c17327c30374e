import { gramBufferLengths } from './buffer-size.js';
import { forward } from './forward.js';
import { lanczosTopEigen, type LanczosOptions, type LanczosResult } from '../../analysis/lanczos.js';
import { matmulNN, transposeInto } from './matmul.js';
import { WasmArena } from './wasm-arena.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * Buffers for the Gram matrix, in a WebAssembly arena of their own (so its products run in SIMD),
 * allocated on first use and kept with the workspace. The Gram matrix needs (n·o)² doubles, too
 * many to reserve in every workspace.
 */
interface GramBuffers {
  /** copies of θ, the layer inputs A_{l−1} and φ'(Z_l) from the workspace */
  parameters: Float64Array;
  layerInputs: Float64Array[];
  firstDerivative: Float64Array[];
  /** D_l: per-(example, output) derivatives ∂F[i,c]/∂Z_l[i,·], (n·o) × w_l */
  stacks: Float64Array[];
  /** D_lᵀ scratch, w × (n·o) for the widest layer */
  stackT: Float64Array;
  /** D_l D_lᵀ, (n·o)² */
  product: Float64Array;
  /** A_{l−1} A_{l−1}ᵀ, n² */
  kernel: Float64Array;
  /** A_{l−1}ᵀ scratch */
  inputT: Float64Array;
  /** Θ, (n·o)² */
  gram: Float64Array;
}

const gramBuffers = new WeakMap<MlpWorkspace, GramBuffers>();

function buffersFor(ws: MlpWorkspace): GramBuffers {
  let buffers = gramBuffers.get(ws);
  if (!buffers) {
    const { net, examples: n } = ws;
    const m = n * net.architecture.outputs;
    const inputSizes = net.layout.map((layer) => n * layer.inputs);
    const hiddenSizes = net.layout.slice(0, -1).map((layer) => n * layer.outputs);
    const stackSizes = net.layout.map((layer) => m * layer.outputs);
    const arena = new WasmArena(WasmArena.sizeOf(gramBufferLengths(net, n)));
    buffers = {
      layerInputs: inputSizes.map((size) => arena.alloc(size)),
      firstDerivative: hiddenSizes.map((size) => arena.alloc(size)),
      stacks: stackSizes.map((size) => arena.alloc(size)),
      parameters: arena.alloc(net.parameterCount),
      stackT: arena.alloc(m * net.maxWidth),
      product: arena.alloc(m * m),
      kernel: arena.alloc(n * n),
      inputT: arena.alloc(n * net.maxWidth),
      gram: arena.alloc(m * m),
    };
    gramBuffers.set(ws, buffers);
  }
  return buffers;
}

/**
 * The empirical NTK Gram matrix Θ = J Jᵀ at θ, with J the (n·o) × P Jacobian of the outputs:
 * Θ[(i,c), (j,c')] = ∇_θ F[i,c] · ∇_θ F[j,c'], rows and columns ordered (example, output), index
 * i·o + c. Returned as an (n·o)² row-major view owned by the workspace (overwritten by the next
 * call).
 *
 * Computed from the per-example gradients without forming J. The gradient of F[i,c] with respect to
 * W_l is c_l · d_l^{ic} ⊗ a_{l−1}^i and with respect to b_l is β_l d_l^{ic}, where d_l^{ic} =
 * ∂F[i,c]/∂Z_l[i,·] obeys d_{L+1}^{ic} = γ e_c and d_l^{ic} = c_{l+1} (W_{l+1}ᵀ d_{l+1}^{ic}) ⊙ φ'(Z_l[i]).
 * Stacking the d_l^{ic} as rows of D_l (one backward pass per output, as matrix products),
 *
 *   Θ = Σ_l (D_l D_lᵀ) ∘ (c_l² · (A_{l−1} A_{l−1}ᵀ ⊗ 1_{o×o}) + β_l²),
 *
 * costing about (n·o)² Σ_l w_l multiply-adds.
 */
export function ntkGram(ws: MlpWorkspace, theta: Float64Array): Float64Array {
  forward(ws, theta);
  const { net, examples: n } = ws;
  const o = net.architecture.outputs;
  const m = n * o;
  const last = net.layout.length;
  const b = buffersFor(ws);
  const gamma = net.architecture.multiplier;
  b.parameters.set(ws.parameters);
  for (let l = 1; l <= last; l++) b.layerInputs[l - 1].set(ws.layerInput(l));
  for (let l = 1; l < last; l++) b.firstDerivative[l - 1].set(ws.firstDerivative[l - 1]);

  // D_{L+1}: row (i, c) is γ e_c.
  const top = b.stacks[last - 1];
  top.fill(0);
  for (let row = 0; row < m; row++) top[row * o + (row % o)] = gamma;
  for (let l = last - 1; l >= 1; l--) {
    const above = net.layout[l]; // weight layer l + 1: W_{l+1} is w_{l+1} × w_l
    const width = net.layout[l - 1].outputs;
    const d = b.stacks[l - 1];
    matmulNN(b.stacks[l], 0, b.parameters, above.weightOffset, d, 0, m, above.outputs, width, above.weightMultiplier, false);
    const d1 = b.firstDerivative[l - 1];
    for (let row = 0; row < m; row++) {
      const example = (row - (row % o)) / o;
      const dRow = row * width;
      const zRow = example * width;
      for (let j = 0; j < width; j++) d[dRow + j] *= d1[zRow + j];
    }
  }

  const gram = b.gram;
  gram.fill(0);
  for (let l = 1; l <= last; l++) {
    const layer = net.layout[l - 1];
    const width = layer.outputs;
    const inputs = layer.inputs;
    const input = b.layerInputs[l - 1];
    // D_l D_lᵀ and A_{l−1} A_{l−1}ᵀ, each through a transposed copy so the products run i-k-j.
    transposeInto(b.stacks[l - 1], 0, m, width, b.stackT, 0);
    matmulNN(b.stacks[l - 1], 0, b.stackT, 0, b.product, 0, m, width, m, 1, false);
    transposeInto(input, 0, n, inputs, b.inputT, 0);
    matmulNN(input, 0, b.inputT, 0, b.kernel, 0, n, inputs, n, 1, false);
    const c2 = layer.weightMultiplier * layer.weightMultiplier;
    const beta2 = layer.biasMultiplier * layer.biasMultiplier;
    for (let p = 0; p < m; p++) {
      const kernelRow = ((p - (p % o)) / o) * n;
      const row = p * m;
      for (let q = 0; q < m; q++) {
        const kernel = b.kernel[kernelRow + (q - (q % o)) / o];
        gram[row + q] += b.product[row + q] * (c2 * kernel + beta2);
      }
    }
  }
  return gram;
}

/**
 * The NTK eigenvalue that matches the loss's scale: the top eigenvalue of the Gauss–Newton matrix
 * JᵀJ/n, equal to λ_max(Θ)/n (JᵀJ and JJᵀ share their non-zero eigenvalues). Under MSE, at a
 * minimum with zero residual the Hessian is JᵀJ/n, so there sharpness = ntk. Under cross-entropy
 * the Gauss–Newton part of the Hessian is JᵀSJ/n, S the softmax covariance diag(p) − ppᵀ per
 * example (σ(1 − σ) ≤ 1/4 for one output): this stays JᵀJ/n, the NTK, and is not the sharpness.
 *
 * The top eigenvalue of the explicit (n·o)² Gram matrix Θ is found by Lanczos with full
 * reorthogonalisation on dense products Θv (same defaults as sharpness: relative residual 1e-10,
 * at most 100 iterations; Θ is positive semi-definite, so the top eigenvalue is the largest in
 * magnitude and converges fastest). The result's vector is the top eigenvector of Θ (length n·o),
 * a warm start for the next call.
 */
export function ntkTopEigenvalue(ws: MlpWorkspace, theta: Float64Array, options: LanczosOptions = {}): LanczosResult {
  const gram = ntkGram(ws, theta);
  const m = ws.examples * ws.net.architecture.outputs;
  const result = lanczosTopEigen(
    (v, out) => {
      for (let p = 0; p < m; p++) {
        const row = p * m;
        let s = 0;
        for (let q = 0; q < m; q++) s += gram[row + q] * v[q];
        out[p] = s;
      }
    },
    m,
    options,
  );
  return { ...result, value: result.value / ws.examples };
}
