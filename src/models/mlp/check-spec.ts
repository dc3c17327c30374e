import { SpecError } from '../../spec/spec-error.js';
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
  axes: readonly { parameter?: string; from: number; to: number; field?: string }[],
  batch?: { size: number },
): void {
  const widest = axes.filter((a) => a.parameter === 'width').map((a) => Math.max(a.from, a.to));
  const setup = setupMlp(model, specFile, widest.length ? { width: Math.max(...widest) } : {}, { ntk: axes.length === 0 });
  // a minibatch is drawn from the data set: its size is known only once the data are read
  const n = setup.data.examples;
  if (batch && batch.size > n)
    throw new SpecError(specFile, 'batch.size', `expected at most ${n} (the data set's examples), got ${batch.size}`);
  // an axis ends at `to` (to > from); `field` names it in the spec: sweep, grid.x or grid.y
  for (const axis of axes) {
    if (axis.parameter === 'batchSize' && axis.to > n)
      throw new SpecError(specFile, `${axis.field ?? 'sweep'}.to`, `batchSize must stay ≤ ${n} (the data set's examples), got ${axis.to}`);
  }
}
