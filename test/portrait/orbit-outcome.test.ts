import { portraitSystemOf } from '../../src/models/registry.js';
import { describe, expect, it } from 'vitest';
import { createLogisticMap } from '../../src/models/logistic/map.js';
import { createUvMap } from '../../src/models/uv/map.js';
import { OrbitClassifier, OUTCOME } from '../../src/portrait/orbit-outcome.js';
import { computePortrait } from '../../src/portrait/compute-portrait.js';
import { portraitSpecSchema } from '../../src/spec/portrait-spec.js';

const settings = { transient: 3000, lyapunovSteps: 20_000, tol: 1e-7, divergenceBound: 1e8, zeroTolerance: 1e-3 };

describe('orbit classification', () => {
  it('detects a period equal to the largest one searched (logistic r = 3.5, period 4)', () => {
    const classifier = new OrbitClassifier(createLogisticMap({ r: 3.5 }), { ...settings, maxPeriod: 4 });
    expect(classifier.classify(Float64Array.of(0.3))).toBe(4);
    expect(new OrbitClassifier(createLogisticMap({ r: 3.5 }), { ...settings, maxPeriod: 3 }).classify(Float64Array.of(0.3))).toBe(
      OUTCOME.unresolved,
    );
  });

  it('measures λ_max = ln 2 on the chaotic logistic map r = 4 and marks escapes as diverged', () => {
    const classifier = new OrbitClassifier(createLogisticMap({ r: 4 }), { ...settings, maxPeriod: 8 });
    expect(classifier.classify(Float64Array.of(0.1234))).toBe(OUTCOME.chaotic);
    expect(classifier.lyapunov).toBeCloseTo(Math.log(2), 2);
    expect(classifier.classify(Float64Array.of(1.01))).toBe(OUTCOME.diverged);
  });

  it('does not take an orbit passing the UV origin (a saddle, steps of 1e-8) for a fixed point', () => {
    // η = 1.6: this orbit falls onto the chaotic set on λ = 2√ε|f| and passes within 1e-3 of (0, 0)
    const classifier = new OrbitClassifier(createUvMap({ eta: 1.6, eps: 0.01, target: 10 }), {
      ...settings,
      lyapunovSteps: 1000,
      maxPeriod: 8,
    });
    expect(classifier.classify(Float64Array.of(0.28125, 0.886875 / 1.6))).toBe(OUTCOME.chaotic);
  });

  it('gives the logistic 2-cycle at its closed form and the basin [0, 1] on a line', async () => {
    const r = 3.2;
    const spec = portraitSpecSchema.parse({
      name: 'l',
      model: { kind: 'logistic', parameters: { r } },
      window: { x: [-0.25, 1.25] },
      basins: { resolution: 600 },
    });
    const portrait = await computePortrait(spec, portraitSystemOf(spec), { workers: 0 });
    const two = portrait.cycles.filter((c) => c.period === 2);
    expect(two).toHaveLength(1);
    const s = Math.sqrt((r - 3) * (r + 1));
    expect(two[0].points.map((z) => z[0])).toEqual([expect.closeTo((r + 1 - s) / (2 * r), 12), expect.closeTo((r + 1 + s) / (2 * r), 12)]);
    // multiplier of the 2-cycle: 4 + 2r − r²
    expect(two[0].multipliers[0].re).toBeCloseTo(4 + 2 * r - r * r, 12);
    expect(two[0].type).toBe('sink');
    // fixed points 0 (μ = r) and 1 − 1/r (μ = 2 − r), both sources
    const fixed = portrait.cycles.filter((c) => c.period === 1);
    expect(fixed.map((c) => [c.points[0][0], c.multipliers[0].re, c.type])).toEqual([
      [expect.closeTo(0, 12), expect.closeTo(r, 12), 'source'],
      [expect.closeTo(1 - 1 / r, 12), expect.closeTo(2 - r, 12), 'source'],
    ]);
    // every x in (0, 1) reaches the 2-cycle, every x outside [0, 1] diverges: 1/1.5 of the line
    const share = portrait.labels.attractors.map((a) => [a.id, a.cells / 600]);
    expect(share).toEqual([
      ['cycle2_1', 400 / 600],
      ['diverged', 200 / 600],
    ]);
  });
});
