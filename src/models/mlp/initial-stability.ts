import type { OptimizerSpec } from '../../optimizers/optimizer.js';
import { stabilityThresholdOf, thresholdAlong } from '../../optimizers/stability-threshold.js';
import type { GridAxis } from '../../spec/sweep-spec.js';
import { gridValue } from '../../sweep/grid.js';
import { sharpness } from './sharpness.js';
import type { MlpModelSpec } from './spec-schema.js';
import { setupMlp } from './training-setup.js';

/**
 * The phase diagram's ηλ₀ = c line for an mlp, c the optimizer's threshold (2 under GD, 2(1 + β)
 * under momentum): λ₀ (the sharpness at initialisation, Lanczos on exact HVPs) at every row of the
 * y axis, and η = c/λ₀ between rows by linear interpolation. Left of it the initialisation is
 * stable; right of it training starts with a catapult. An adaptive optimizer's threshold bounds
 * λ_max(P⁻¹H), not λ₀: it has no such line (null).
 */
export function mlpInitialStabilityCurve(
  model: MlpModelSpec,
  y: GridAxis & { parameter: string },
  optimizer: OptimizerSpec = { kind: 'gd' },
) {
  const threshold = stabilityThresholdOf(optimizer);
  if (threshold.on !== 'sharpness') return null;
  // a y axis over the optimizer's own rate (β) moves the threshold and leaves the network as it is
  const along = thresholdAlong(optimizer, y.parameter);
  const rows = Array.from({ length: y.points }, (_, j) => {
    const value = gridValue(y, j);
    const setup = setupMlp(model, '(spec)', along ? {} : { [y.parameter]: value });
    const lambda0 = sharpness(setup.ws, setup.theta, {
      tolerance: model.sharpness.tolerance,
      maxIterations: model.sharpness.maxIterations,
    }).value;
    return { y: value, x: (along ? along(value) : threshold.value) / lambda0 };
  });
  const xOf = (yv: number): number => {
    for (let j = 1; j < rows.length; j++) {
      const a = rows[j - 1];
      const b = rows[j];
      if (yv >= Math.min(a.y, b.y) && yv <= Math.max(a.y, b.y)) return a.x + ((yv - a.y) / (b.y - a.y)) * (b.x - a.x);
    }
    return NaN; // outside the grid: not drawn
  };
  const formula = optimizer.kind === 'gd' ? '2' : threshold.formula;
  return { label: `η λ₀ = ${formula} (sharpness at initialisation)`, color: '#111111', dash: [2, 3], xOf };
}
