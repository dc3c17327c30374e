import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uvSharpness } from '../../src/models/uv/sharpness.js';
import { runTrajectory } from '../../src/models/uv/trajectory.js';
import { edgeOfStabilityEta, uvConstants } from '../../src/models/uv/constants.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { trajectorySpecSchema, type UvTrajectorySpec } from '../../src/spec/trajectory-spec.js';
import { ROOT } from '../helpers.js';

/** The three shipped trajectory specs show the phenomena their names promise. */
async function etaSharpness(name: string) {
  const spec = (await loadSpec(join(ROOT, 'sweeps', `${name}.json`), trajectorySpecSchema)) as UvTrajectorySpec;
  const c = uvConstants(spec.model);
  const t = runTrajectory(spec);
  expect(t.divergedAtStep).toBeNull();
  const series = Array.from({ length: t.length }, (_, i) => spec.eta * uvSharpness(t.f[i], t.ntk[i], c.eps, c.target));
  return { spec, c, t, series };
}

describe('shipped trajectory specs', () => {
  it('early sharpness reduction: starts unstable (η·S > 2), sharpness falls by more than half, converges', async () => {
    const { series, t, c } = await etaSharpness('uv-early-sharpness-reduction');
    expect(series[0]).toBeGreaterThan(2);
    const last = series[series.length - 1];
    expect(last).toBeLessThan(0.5 * series[0]);
    expect(Math.abs(t.f[t.length - 1] - c.target)).toBeLessThan(1e-9);
  });

  it('progressive sharpening: λ grows monotonically a hundredfold and the sharpness ends twice its start', async () => {
    const { series, t, c } = await etaSharpness('uv-progressive-sharpening');
    // f0 < 0 here, so the first steps pull f through zero and λ dips by 0.4 % before it climbs
    for (let i = 3; i < t.length; i++) expect(t.ntk[i]).toBeGreaterThanOrEqual(t.ntk[i - 1]);
    expect(t.ntk[t.length - 1]).toBeGreaterThan(100 * t.ntk[0]);
    expect(series[series.length - 1]).toBeGreaterThan(1.9 * series[0]);
    expect(series[series.length - 1]).toBeLessThan(2);
    expect(Math.abs(t.f[t.length - 1] - c.target)).toBeLessThan(1e-9);
  });

  it('edge of stability: η above 1/(√ε|y|), η·S rises from below 2 and then oscillates about 2 on a 2-cycle', async () => {
    const { series, spec, c } = await etaSharpness('uv-edge-of-stability');
    expect(spec.eta).toBeGreaterThan(edgeOfStabilityEta(c));
    expect(series[0]).toBeLessThan(1.2);
    const tail = series.slice(-100);
    const mean = tail.reduce((s, x) => s + x, 0) / tail.length;
    expect(Math.abs(mean - 2)).toBeLessThan(0.02);
    // a 2-cycle: even and odd steps repeat, on opposite sides of 2
    expect(Math.abs(tail[98] - tail[96])).toBeLessThan(1e-9);
    expect((tail[98] - 2) * (tail[99] - 2)).toBeLessThan(0);
  });
});
