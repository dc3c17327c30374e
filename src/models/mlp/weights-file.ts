import { FileRefused, readBoundedFile } from '../../io/bounded-read.js';
import { SpecError } from '../../spec/spec-error.js';
import type { Mlp } from './architecture.js';
import { MLP_LIMITS } from './names.js';

/**
 * Checkpoints: `<name>.weights.json` holds the network's shape and one or more snapshots of θ,
 * each as per-layer matrices, so any framework can read them:
 *
 *   { "format": "uvchaos.mlp-weights/1", "widths": [d, n1, …, outputs], "bias": true,
 *     "checkpoints": [ { "step": t, "layers": [ { "W": [[…], …], "b": […] }, … ] }, … ] }
 *
 * W_l has w_l rows and w_{l−1} columns (row j holds the weights into unit j); b_l is absent
 * without bias. The values are θ as the forward pass uses it (see architecture.ts).
 */
export const WEIGHTS_FORMAT = 'uvchaos.mlp-weights/1';

export interface WeightsSnapshot {
  step: number;
  theta: Float64Array;
}

/** The file's JSON text for the given snapshots. */
export function weightsFileText(net: Mlp, snapshots: readonly WeightsSnapshot[]): string {
  const checkpoints = snapshots.map(({ step, theta }) => {
    const layers = net.layout.map((layer) => {
      const W = Array.from({ length: layer.outputs }, (_, j) =>
        Array.from(theta.subarray(layer.weightOffset + j * layer.inputs, layer.weightOffset + (j + 1) * layer.inputs)),
      );
      return layer.biasOffset >= 0 ? { W, b: Array.from(theta.subarray(layer.biasOffset, layer.biasOffset + layer.outputs)) } : { W };
    });
    return { step, layers };
  });
  return `${JSON.stringify({ format: WEIGHTS_FORMAT, widths: net.widths, bias: net.architecture.bias, checkpoints })}\n`;
}

/**
 * θ from the last checkpoint of a weights file, checked against the network's shape. Every
 * mismatch is one SpecError naming the spec file, `model.init.weights`, the weights file and the
 * layer.
 */
export function readWeightsFile(path: string, net: Mlp, specFile: string): Float64Array {
  const fail = (detail: string): never => {
    throw new SpecError(specFile, 'model.init.weights', `${path}: ${detail}`);
  };
  let text: string;
  try {
    text = readBoundedFile(path, MLP_LIMITS.weightsBytes, 'a weights file').toString('utf8');
  } catch (err) {
    if (err instanceof FileRefused) return fail(err.detail);
    throw err;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail('not valid JSON');
  }
  const file = doc as { format?: unknown; widths?: unknown; bias?: unknown; checkpoints?: unknown };
  if (!file || typeof file !== 'object' || file.format !== WEIGHTS_FORMAT)
    fail(`expected a weights file of format "${WEIGHTS_FORMAT}" (written by --save-weights)`);
  const widths = file.widths;
  if (!Array.isArray(widths) || widths.join(',') !== net.widths.join(',')) {
    fail(`has layer widths ${JSON.stringify(widths)}, the network [${net.widths.join(', ')}] (input, hidden…, outputs)`);
  }
  if (file.bias !== net.architecture.bias) fail(`has bias ${String(file.bias)}, the spec ${String(net.architecture.bias)}`);
  const checkpoints = file.checkpoints;
  if (!Array.isArray(checkpoints) || checkpoints.length === 0) return fail('has no checkpoints');
  const last = checkpoints[checkpoints.length - 1] as { layers?: unknown };
  const layers = last?.layers;
  if (!Array.isArray(layers) || layers.length !== net.layout.length)
    return fail(`expected ${net.layout.length} layers in the last checkpoint`);
  const theta = new Float64Array(net.parameterCount);
  net.layout.forEach((layer, l) => {
    const entry = layers[l] as { W?: unknown; b?: unknown };
    const W = entry?.W;
    const where = `layer ${l + 1}`;
    if (!Array.isArray(W) || W.length !== layer.outputs || !W.every((row) => Array.isArray(row) && row.length === layer.inputs)) {
      fail(`${where}: expected W of shape ${layer.outputs} × ${layer.inputs}`);
    }
    (W as unknown[][]).forEach((row, j) =>
      row.forEach((value, k) => (theta[layer.weightOffset + j * layer.inputs + k] = finiteNumber(value, `${where}: W[${j}][${k}]`, fail))),
    );
    if (layer.biasOffset >= 0) {
      const b = entry.b;
      if (!Array.isArray(b) || b.length !== layer.outputs) fail(`${where}: expected b of length ${layer.outputs}`);
      (b as unknown[]).forEach((value, j) => (theta[layer.biasOffset + j] = finiteNumber(value, `${where}: b[${j}]`, fail)));
    }
  });
  return theta;
}

function finiteNumber(value: unknown, where: string, fail: (detail: string) => never): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where}: expected a finite number, got ${JSON.stringify(value)}`);
  return value as number;
}
