import { forward } from './forward.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * Fraction of examples classified correctly at θ. One output: the prediction is sign f and the
 * class is sign y (f = 0 counts as wrong). Several outputs: the prediction is argmax_c f_c and
 * the class argmax_c y_c (first maximum on ties), which fits one-hot targets centred or not.
 */
export function accuracy(ws: MlpWorkspace, theta: Float64Array): number {
  forward(ws, theta);
  const { examples: n } = ws;
  const o = ws.net.architecture.outputs;
  const f = ws.outputs;
  const y = ws.data.targets;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    if (o === 1) {
      if (f[i] * y[i] > 0) correct++;
      continue;
    }
    const row = i * o;
    let best = 0;
    let target = 0;
    for (let c = 1; c < o; c++) {
      if (f[row + c] > f[row + best]) best = c;
      if (y[row + c] > y[row + target]) target = c;
    }
    if (best === target) correct++;
  }
  return correct / n;
}
