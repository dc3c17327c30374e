import { describe, expect, it } from 'vitest';
import { createUvMap } from '../../../src/models/uv/map.js';
import { gradientFlowFinalNtk } from '../../../src/models/uv/gradient-flow.js';

describe('gradient-flow prediction of the final sharpness', () => {
  it('matches gradient descent with a small learning rate', () => {
    for (const [f0, ntk0, eps, y] of [
      [0, 0.2, 0.01, 10],
      [0.5, 3, 0.04, -2],
      [-1, 5, 0.25, 3],
      [0, 1, 0.01, 1],
    ]) {
      const eta = 1e-4;
      const map = createUvMap({ eta, eps, target: y });
      const z = Float64Array.of(f0, ntk0);
      for (let t = 0; t < 2_000_000 && Math.abs(z[0] - y) > 1e-12; t++) map.step(z, z);
      const predicted = gradientFlowFinalNtk(f0, ntk0, eps, y);
      expect(Math.abs(z[1] - predicted) / predicted).toBeLessThan(1e-3);
      expect(predicted).toBeGreaterThanOrEqual(2 * Math.sqrt(eps) * Math.abs(y) * (1 - 1e-12));
    }
  });
});
