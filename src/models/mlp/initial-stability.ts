import type { GridAxis } from '../../spec/sweep-spec.js';
import { gridValue } from '../../sweep/grid.js';
import { sharpness } from './sharpness.js';
import type { MlpModelSpec } from './spec-schema.js';
import { setupMlp } from './training-setup.js';

/**
 * The phase diagram's ηλ₀ = 2 line for an mlp: λ₀ (the sharpness at initialisation, Lanczos on
 * exact HVPs) at every row of the y axis, and η = 2/λ₀ between rows by linear interpolation.
 * Left of it the initialisation is stable under GD; right of it training starts with a catapult.
 */
export function mlpInitialStabilityCurve(model: MlpModelSpec, y: GridAxis & { parameter: string }) {
  const rows = Array.from({ length: y.points }, (_, j) => {
    const value = gridValue(y, j);
    const setup = setupMlp(model, '(spec)', { [y.parameter]: value });
    return {
      y: value,
      x: 2 / sharpness(setup.ws, setup.theta, { tolerance: model.sharpness.tolerance, maxIterations: model.sharpness.maxIterations }).value,
    };
  });
  const xOf = (yv: number): number => {
    for (let j = 1; j < rows.length; j++) {
      const a = rows[j - 1];
      const b = rows[j];
      if (yv >= Math.min(a.y, b.y) && yv <= Math.max(a.y, b.y)) return a.x + ((yv - a.y) / (b.y - a.y)) * (b.x - a.x);
    }
    return NaN; // outside the grid: not drawn
  };
  return { label: 'η λ₀ = 2 (sharpness at initialisation)', color: '#111111', dash: [2, 3], xOf };
}
