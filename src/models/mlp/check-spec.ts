import type { MlpModelSpec } from './spec-schema.js';
import { setupMlp } from './training-setup.js';

/**
 * What zod cannot see in an mlp spec: the data file and its fit to the network, a weights file's
 * shape, and the parameter count and buffer size at the widest grid point. Checked on the main
 * thread when the spec is loaded, so a mistake is one line naming the spec file before any worker
 * starts. A spec without grid axes is a trajectory's, which computes the NTK eigenvalue too.
 */
export function checkMlpSpec(
  model: MlpModelSpec,
  specFile: string,
  axes: readonly { parameter?: string; from: number; to: number }[],
): void {
  const widest = axes.filter((a) => a.parameter === 'width').map((a) => Math.max(a.from, a.to));
  setupMlp(model, specFile, widest.length ? { width: Math.max(...widest) } : {}, { ntk: axes.length === 0 });
}
