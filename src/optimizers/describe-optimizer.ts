import type { OptimizerSpec } from './optimizer.js';

/** A short name for figure subtitles: "GD", "momentum β = 0.9", "Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8". */
export function describeOptimizer(spec: OptimizerSpec): string {
  switch (spec.kind) {
    case 'gd':
      return 'GD';
    case 'momentum':
      return `momentum β = ${spec.beta}`;
    case 'nesterov':
      return `Nesterov β = ${spec.beta}`;
    case 'rmsprop':
      return `RMSprop ρ = ${spec.rho}, ε = ${spec.epsilon}`;
    case 'adam':
      return `Adam β₁ = ${spec.beta1}, β₂ = ${spec.beta2}, ε = ${spec.epsilon}`;
  }
}
