import type { OptimizerSpec } from './optimizer.js';
import type { BatchSpec } from './spec-schema.js';

/** The optimizer's display name and its fields as `[spec field, symbol, value]`, in the order a subtitle gives them. */
function namedFields(spec: OptimizerSpec): { name: string; fields: [string, string, number][] } {
  switch (spec.kind) {
    case 'gd':
      return { name: 'GD', fields: [] };
    case 'momentum':
      return { name: 'momentum', fields: [['beta', 'β', spec.beta]] };
    case 'nesterov':
      return { name: 'Nesterov', fields: [['beta', 'β', spec.beta]] };
    case 'rmsprop':
      return {
        name: 'RMSprop',
        fields: [
          ['rho', 'ρ', spec.rho],
          ['epsilon', 'ε', spec.epsilon],
        ],
      };
    case 'adam':
      return {
        name: 'Adam',
        fields: [
          ['beta1', 'β₁', spec.beta1],
          ['beta2', 'β₂', spec.beta2],
          ['epsilon', 'ε', spec.epsilon],
        ],
      };
  }
}

/** A short name for figure subtitles: "GD", "momentum β = 0.9", "Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8". */
export function describeOptimizer(spec: OptimizerSpec): string {
  return describeOptimizerSweeping(spec, null);
}

/** describeOptimizer for a figure whose x axis varies one of the fields: "momentum β swept", "Adam β₁ swept, β₂ = 0.999, ε = 1e-8". */
export function describeOptimizerSweeping(spec: OptimizerSpec, swept: string | null): string {
  const { name, fields } = namedFields(spec);
  const parts = fields.map(([field, symbol, value]) => (field === swept ? `${symbol} swept` : `${symbol} = ${value}`));
  return parts.length === 0 ? name : `${name} ${parts.join(', ')}`;
}

/** Minibatches for figure subtitles: "batch 16, shuffled, seed 0", "batch 8, in order"; `sizeSwept` when the x axis varies it. */
export function describeBatch(batch: BatchSpec, sizeSwept = false): string {
  const size = sizeSwept ? 'batch size swept' : `batch ${batch.size}`;
  return batch.order === 'shuffle' ? `${size}, shuffled, seed ${batch.seed}` : `${size}, in order`;
}

/**
 * The training rule's parts of a figure subtitle, none for plain full-batch GD: the optimizer and the
 * minibatches, with `swept` (the x or y axis's parameter) named as swept.
 */
export function describeTrainingRule(optimizer: OptimizerSpec, batch: BatchSpec | undefined, swept: string | null): string[] {
  return [
    ...(optimizer.kind !== 'gd' ? [describeOptimizerSweeping(optimizer, swept)] : []),
    ...(batch !== undefined ? [describeBatch(batch, swept === 'batchSize')] : []),
  ];
}
