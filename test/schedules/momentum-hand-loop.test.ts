import { describe, expect, it } from 'vitest';
import { trajectory } from '../../src/api/index.js';
import { lossGradient } from '../../src/models/mlp/gradient.js';
import { mlpModelSchema } from '../../src/models/mlp/spec-schema.js';
import { setupMlp } from '../../src/models/mlp/training-setup.js';
import { relativeError } from '../helpers.js';

// An mlp trained by heavy-ball momentum under a warmup-cosine schedule equals a hand loop of
// v ← βv + g, θ ← θ − η_t v with η_t from the formula: the optimizer takes the schedule's rate at
// every step, and the velocity carries over the rate changes unscaled (torch's SGD does the same).
const model = { kind: 'mlp' as const, layers: [16], data: { dataset: 'digits' as const, classes: [0, 1], examples: 32 } };
const steps = 120;
const [peak, w, final, beta] = [0.8, 30, 0.1, 0.9];
const etaAt = (t: number) =>
  t < w ? peak * Math.min(1, (t + 1) / w) : final + (peak - final) * 0.5 * (1 + Math.cos((Math.PI * (t - w)) / (steps - 1 - w)));

describe('momentum under a schedule', () => {
  it('the trajectory equals a hand loop with η_t (loss and f at every row, 1e-12)', async () => {
    const run = await trajectory({
      name: 't',
      model,
      eta: { schedule: 'warmup-cosine', peak, warmupSteps: w, final },
      optimizer: { kind: 'momentum', beta },
      steps,
      sharpnessEvery: steps,
    });
    expect(run.divergedAtStep).toBeNull();
    const { ws, theta: start } = setupMlp(mlpModelSchema.parse(model), 'hand loop');
    const theta = Float64Array.from(start);
    const velocity = new Float64Array(theta.length);
    let worst = 0;
    for (let t = 0; t <= steps; t++) {
      const g = lossGradient(ws, theta); // also the loss and outputs at θ_t
      worst = Math.max(worst, relativeError(run.columns.loss[t], ws.loss), relativeError(run.columns.f[t], ws.outputs[0]));
      for (let k = 0; k < theta.length; k++) {
        velocity[k] = beta * velocity[k] + g[k];
        theta[k] -= etaAt(t) * velocity[k];
      }
    }
    expect(worst).toBeLessThan(1e-12);
    // the schedule mattered: a constant peak gives another run
    const constant = await trajectory({ name: 't', model, eta: peak, optimizer: { kind: 'momentum', beta }, steps, sharpnessEvery: steps });
    expect(relativeError(constant.columns.loss[steps], run.columns.loss[steps])).toBeGreaterThan(1e-3);
  });
});
