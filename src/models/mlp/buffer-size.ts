import { SpecError } from '../../spec/spec-error.js';
import type { Mlp } from './architecture.js';
import { WasmArena } from './wasm-arena.js';
import { WASM_MEMORY_MAX_BYTES } from './wasm-kernels.js';

/**
 * How many doubles the buffers of a network on n examples take, in the two WebAssembly arenas
 * that hold them: the workspace's (workspace.ts) and the NTK Gram matrix's (ntk.ts). The
 * allocations size their arenas with these lists, and checkMlpBuffers refuses a spec with the same
 * lists, so the check and the allocation cannot disagree.
 */

/** The workspace's buffers: pre, act, φ', φ'', delta, back, rPre, rAct, rDelta per layer; X, F, F − Y, R{∂L/∂A}; six of length P. */
export function workspaceBufferLengths(net: Mlp, n: number): number[] {
  const p = net.parameterCount;
  const layerSizes = net.layout.map((layer) => n * layer.outputs);
  const hiddenSizes = layerSizes.slice(0, -1);
  const { inputDim, outputs } = net.architecture;
  return [
    ...layerSizes,
    ...hiddenSizes,
    ...hiddenSizes,
    ...hiddenSizes,
    ...layerSizes,
    ...hiddenSizes,
    ...layerSizes,
    ...hiddenSizes,
    ...layerSizes,
    n * inputDim,
    n * outputs,
    n * outputs,
    n * net.maxWidth,
    p,
    p,
    p,
    p,
    p,
    p,
  ];
}

/** The Gram matrix's buffers: A_{l−1}, φ'(Z_l), D_l per layer; θ, D_lᵀ, D_l D_lᵀ, A A ᵀ, Aᵀ, Θ. Two of (n·o)² doubles. */
export function gramBufferLengths(net: Mlp, n: number): number[] {
  const m = n * net.architecture.outputs;
  const inputSizes = net.layout.map((layer) => n * layer.inputs);
  const hiddenSizes = net.layout.slice(0, -1).map((layer) => n * layer.outputs);
  const stackSizes = net.layout.map((layer) => m * layer.outputs);
  return [...inputSizes, ...hiddenSizes, ...stackSizes, net.parameterCount, m * net.maxWidth, m * m, n * n, n * net.maxWidth, m * m];
}

/**
 * Bytes of the larger arena a run on n examples creates (the Gram matrix's only if `ntk`). A
 * minibatch run's second workspace (createBatchWorkspace, b ≤ n examples) has an arena of its own
 * that is never larger than this, so the bound holds for it too.
 */
export function largestArenaBytes(net: Mlp, n: number, ntk: boolean): number {
  const workspace = 8 * WasmArena.sizeOf(workspaceBufferLengths(net, n));
  return ntk ? Math.max(workspace, 8 * WasmArena.sizeOf(gramBufferLengths(net, n))) : workspace;
}

/**
 * Throws a SpecError naming model.data.examples when a run on `examples` examples would need an
 * arena beyond a WebAssembly memory's 4 GiB, with the most examples that fit. `ntk`: the run
 * computes the NTK eigenvalue (a trajectory does; sweeps and phase diagrams do not). Arithmetic
 * only, so it runs right after the data set is read, before any buffer or training step.
 */
export function checkMlpBuffers(net: Mlp, examples: number, specFile: string, ntk: boolean): void {
  const bytes = largestArenaBytes(net, examples, ntk);
  if (bytes <= WASM_MEMORY_MAX_BYTES) return;
  // the size grows with n: bisect for the largest n that fits
  let fits = 0;
  let fails = examples;
  while (fails - fits > 1) {
    const mid = Math.floor((fits + fails) / 2);
    if (largestArenaBytes(net, mid, ntk) <= WASM_MEMORY_MAX_BYTES) fits = mid;
    else fails = mid;
  }
  const outputs = net.architecture.outputs;
  const what = ntk && bytes > 8 * WasmArena.sizeOf(workspaceBufferLengths(net, examples)) ? 'the NTK Gram matrix' : 'the training buffers';
  throw new SpecError(
    specFile,
    'model.data.examples',
    `needs ${(bytes / 2 ** 30).toFixed(2)} GiB of buffers for ${examples} examples × ${outputs} output${outputs > 1 ? 's' : ''} on hidden widths [${net.architecture.layers.join(', ')}] (${what}), more than a WebAssembly memory's 4 GiB; at most ${fits} examples fit`,
  );
}
