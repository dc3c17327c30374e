import { describe, expect, it } from 'vitest';
import { perturbWeights } from '../../../src/models/mlp/initialize.js';
import { mlpModelSchema } from '../../../src/models/mlp/spec-schema.js';
import { setupMlp } from '../../../src/models/mlp/training-setup.js';

const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const model = mlpModelSchema.parse({ kind: 'mlp', layers: [6], data: { dataset: 'digits', classes: [0, 1], examples: 8 } });

describe('model.init.perturbation: seeded noise of Euclidean norm exactly δ on the initial weights', () => {
  it('moves the seeded weights by exactly δ, in a direction fixed by its seed', () => {
    const base = setupMlp(model, 'spec.json').theta;
    for (const delta of [1e-12, 1e-3, 2.5]) {
      const moved = setupMlp({ ...model, init: { ...model.init, perturbation: { norm: delta, seed: 3 } } }, 'spec.json').theta;
      const step = moved.map((x, k) => x - base[k]);
      // the difference of two doubles near |θ| ~ 1 carries their rounding, 2⁻⁵³ each
      expect(Math.abs(norm(step) - delta)).toBeLessThan(delta * 1e-9 + 1e-15 * Math.sqrt(base.length));
    }
    const again = setupMlp({ ...model, init: { ...model.init, perturbation: { norm: 1, seed: 3 } } }, 'spec.json').theta;
    const other = setupMlp({ ...model, init: { ...model.init, perturbation: { norm: 1, seed: 4 } } }, 'spec.json').theta;
    expect(again).toEqual(setupMlp({ ...model, init: { ...model.init, perturbation: { norm: 1, seed: 3 } } }, 'spec.json').theta);
    expect(other).not.toEqual(again);
  });

  it('perturbWeights adds norm · g/‖g‖ exactly: on zero weights the result has norm δ to rounding', () => {
    const theta = new Float64Array(1000);
    perturbWeights(theta, 0.125, 9);
    expect(norm(theta)).toBeCloseTo(0.125, 15);
  });

  it('the schema refuses a norm ≤ 0 and unknown keys', () => {
    const parse = (perturbation: unknown) => mlpModelSchema.safeParse({ ...model, init: { ...model.init, perturbation } }).success;
    expect(parse({ norm: 0, seed: 1 })).toBe(false);
    expect(parse({ norm: -1, seed: 1 })).toBe(false);
    expect(parse({ norm: 1, seed: 1, extra: 2 })).toBe(false);
    expect(parse({ norm: 1, seed: 1 })).toBe(true);
  });
});
