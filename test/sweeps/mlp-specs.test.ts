import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpTrajectory } from '../../src/models/mlp/training-run.js';
import { setupMlp } from '../../src/models/mlp/training-setup.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { isMlpTrajectory, trajectorySpecSchema, type MlpTrajectorySpec } from '../../src/spec/trajectory-spec.js';
import { ROOT } from '../helpers.js';

async function trajectory(name: string) {
  const file = join(ROOT, 'sweeps', `${name}.json`);
  const spec = await loadSpec(file, trajectorySpecSchema);
  if (!isMlpTrajectory(spec)) throw new Error(`${name} is an mlp trajectory`);
  const s: MlpTrajectorySpec = spec;
  return runMlpTrajectory(setupMlp(s.model, file), {
    eta: s.eta,
    steps: s.steps,
    sharpnessEvery: s.sharpnessEvery ?? 1,
    divergenceBound: s.divergenceBound,
    sharpness: s.model.sharpness,
  });
}

/** The shipped mlp specs show what their descriptions and the README say, with the numbers quoted there. */
describe('shipped mlp specs', () => {
  it('every mlp spec in sweeps/ loads with its command’s schema', async () => {
    const files = readdirSync(join(ROOT, 'sweeps')).filter((f) => f.startsWith('mlp-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      // the command by the spec's keys, as test/golden/shipped-outputs.sh picks it
      const keys = Object.keys(JSON.parse(readFileSync(join(ROOT, 'sweeps', f), 'utf8')) as object);
      const schema = keys.includes('grid') ? phaseSpecSchema : keys.includes('steps') ? trajectorySpecSchema : sweepSpecSchema;
      await expect(loadSpec(join(ROOT, 'sweeps', f), schema)).resolves.toBeTruthy();
    }
  });

  it('edge of stability: sharpness 1.80 rises past 2/η, then η·sharpness stays within [1.97, 2.01] from step 800', async () => {
    const t = await trajectory('mlp-edge-of-stability');
    expect(t.divergedAtStep).toBeNull();
    const c = t.columns;
    expect(c.sharpness[0]).toBeCloseTo(1.804, 3);
    let peak = 0;
    for (let i = 0; i < t.length; i++) if (c.sharpness[i] > peak) peak = c.sharpness[i];
    expect(0.6 * peak).toBeGreaterThan(2.4); // overshoot of 2/η
    for (let i = 800; i < t.length; i += 5) {
      expect(c.eta_sharpness[i]).toBeGreaterThan(1.97);
      expect(c.eta_sharpness[i]).toBeLessThan(2.01);
    }
  });

  it('catapult: η·λ₀ ≈ 2.9, the loss spikes over tenfold and the sharpness falls by 40 % or more to below 2/η within 15 steps', async () => {
    const t = await trajectory('mlp-catapult');
    const c = t.columns;
    expect(c.eta_sharpness[0]).toBeGreaterThan(2.8);
    const early = (column: Float64Array) => Array.from(column.subarray(0, 16));
    expect(Math.max(...early(c.loss))).toBeGreaterThan(10 * c.loss[0]);
    const low = Math.min(...early(c.sharpness));
    expect(low).toBeLessThan(0.6 * c.sharpness[0]);
    expect(1.5 * low).toBeLessThan(2);
  });
});

describe('tanh mlp on one digit (sweeps/mlp-one-example-cascade.json at three η)', () => {
  it('converged at η = 50, a 2-cycle about η·sharpness = 2 at 53.15, chaos (λ_max > 0.1) at 56.3', async () => {
    const { runSweep } = await import('../../src/api/engine-by-kind.js');
    const { attractorRow } = await import('../../src/io/attractor-table.js');
    const file = join(ROOT, 'sweeps', 'mlp-one-example-cascade.json');
    const shipped = await loadSpec(file, sweepSpecSchema);
    const spec = { ...shipped, sweep: { ...shipped.sweep, from: 50, to: 56.3, points: 3 } };
    const rows: ReturnType<typeof attractorRow>[] = [];
    await runSweep(spec, { pool: null, workers: 1, raster: null }, (chunk) => {
      for (let i = chunk.start; i < chunk.end; i++) rows.push(attractorRow(spec, chunk, i));
    });
    const [converged, cycle, chaos] = rows;
    expect(converged.slice(1, 3)).toEqual(['converged', 1]);
    expect(cycle.slice(1, 3)).toEqual(['periodic', 2]);
    const [lo, hi] = [cycle[6] as number, cycle[7] as number]; // eta_sharpness_min/max
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    expect(chaos[1]).toBe('chaotic');
    expect(chaos[3] as number).toBeGreaterThan(0.1);
  });
});
