import { portraitSystemOf } from '../../src/models/registry.js';
import { describe, expect, it } from 'vitest';
import { settle } from '../../src/analysis/cascade.js';
import { findPeriodicOrbit } from '../../src/analysis/periodic-orbit.js';
import { createUvMap } from '../../src/models/uv/map.js';
import { cellCentre } from '../../src/portrait/basin-grid.js';
import { computePortrait } from '../../src/portrait/compute-portrait.js';
import { uvStableSegment } from '../../src/models/uv/portrait-geometry.js';
import { basinFractions, fixedPointsTable } from '../../src/portrait/portrait-tables.js';
import { parseCsv } from '../../src/io/csv.js';
import { portraitSpecSchema } from '../../src/spec/portrait-spec.js';

// width 100, ‖x‖² = 1: ε = 0.01, y = 10, so the edge-of-stability onset is η = 1/(√ε|y|) = 1
const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const eps = 0.01;
const y = 10;

function uvPortrait(eta: number, fields: Record<string, unknown> = {}) {
  const spec = portraitSpecSchema.parse({
    name: 'uv',
    model,
    eta,
    window: { x: [-8, 30], y: [0, 2.6 / eta + 4] },
    cycles: { maxPeriod: 2 },
    fixedPoints: { seeds: 16 },
    basins: { resolution: 60 },
    vectorField: { enabled: false },
    ...fields,
  });
  return computePortrait(spec, portraitSystemOf(spec), { workers: 0 });
}

describe('UV portrait', () => {
  it('ends the stable segment of the line of minima exactly at λ = 2/η, where the normal multiplier 1 − ηλ crosses −1', async () => {
    for (const eta of [0.3, 0.5, 0.7]) {
      const segment = uvStableSegment({ eta, eps, target: y });
      expect(segment.to).toBe(2 / eta);
      expect(segment.from).toBe(2 * Math.sqrt(eps) * Math.abs(y));
      const map = createUvMap({ eta, eps, target: y });
      const jac = new Float64Array(4);
      map.jacobian(Float64Array.of(y, segment.to * (1 - 1e-9)), jac);
      expect(jac[0]).toBeGreaterThan(-1);
      map.jacobian(Float64Array.of(y, segment.to * (1 + 1e-9)), jac);
      expect(jac[0]).toBeLessThan(-1);
    }
    const portrait = await uvPortrait(0.5, { basins: { resolution: 8 } });
    const rows = parseCsv(fixedPointsTable(portrait)).rows.filter((r) => r[0] === 'line_of_minima');
    expect(rows.map((r) => [Number(r[2]), Number(r[3])])).toEqual([
      [10, 2],
      [10, 4],
    ]);
    expect(rows[1].slice(4, 6).map(Number).sort()).toEqual([-1, 1]);
  });

  it('finds the fixed points off the line of minima at their closed form Δf = ±2/(η√ε), λ = εηΔf·f = 2√ε|f|', async () => {
    const eta = 0.5;
    const portrait = await uvPortrait(eta, { window: { x: [-35, 55], y: [0, 14] }, basins: { resolution: 8 } });
    const found = portrait.cycles.filter((c) => c.period === 1).map((c) => [...c.points[0]]);
    // λ' = λ and f' = f off the line: εη²Δf² = 4 and λ = εηΔf f; with f = λ = 0 the origin
    const expected = [-1, 1].map((s) => {
      const r = (s * 2) / (eta * Math.sqrt(eps));
      return [y + r, eps * eta * r * (y + r)];
    });
    expect(found).toHaveLength(3);
    for (const [f, l] of [...expected, [0, 0]]) {
      const match = found.find((z) => Math.abs(z[0] - f) < 1e-6)!;
      expect(Math.abs(match[0] - f)).toBeLessThan(1e-10 * Math.max(1, Math.abs(f)));
      expect(Math.abs(match[1] - l)).toBeLessThan(1e-10 * Math.max(1, Math.abs(l)));
      // on the edge of what weights reach
      expect(l).toBeCloseTo(2 * Math.sqrt(eps) * Math.abs(f), 10);
    }
  });

  it('finds the 2-cycle that cascade continues, to 1e-10, past the onset', async () => {
    for (const eta of [1.05, 1.2]) {
      const portrait = await uvPortrait(eta);
      const sinks = portrait.cycles.filter((c) => c.period === 2 && c.type === 'sink');
      expect(sinks).toHaveLength(1);
      // cascade.ts: iterate from the spec's start until the orbit settles, then Newton on F²(z) = z
      const map = createUvMap({ eta, eps, target: y });
      const z = settle(map, Float64Array.of(0, 0.2), 2, 200_000);
      const other = new Float64Array(2);
      map.step(z, other);
      const theirs = [z, other].sort((p, q) => p[0] - q[0]);
      sinks[0].points.forEach((p, i) => {
        expect(Math.abs(p[0] - theirs[i][0])).toBeLessThan(1e-10);
        expect(Math.abs(p[1] - theirs[i][1])).toBeLessThan(1e-10);
      });
      // and it is what the basins found: the attractor of every orbit that neither diverges nor starts unreachable
      const ids = portrait.labels.attractors.map((a) => a.id);
      expect(ids).toEqual(['cycle2_1', 'diverged', 'unreachable']);
      expect(portrait.labels.attractors[0].cycle).toBe(sinks[0]);
    }
  });

  it('finds at η = 1.2 the 2-cycle continued from η = 1.05 by Newton steps in η, as cascade marches to a flip', async () => {
    let state = settle(createUvMap({ eta: 1.05, eps, target: y }), Float64Array.of(0, 0.2), 2, 200_000);
    for (let i = 1; i <= 15; i++) state = findPeriodicOrbit(createUvMap({ eta: 1.05 + 0.01 * i, eps, target: y }), state, 2)!.state;
    const portrait = await uvPortrait(1.2, { basins: { resolution: 8 } });
    const sink = portrait.cycles.find((c) => c.period === 2 && c.type === 'sink')!;
    const next = new Float64Array(2);
    createUvMap({ eta: 1.2, eps, target: y }).step(state, next);
    const theirs = [state, next].sort((p, q) => p[0] - q[0]);
    sink.points.forEach((p, i) => {
      expect(Math.abs(p[0] - theirs[i][0])).toBeLessThan(1e-10);
      expect(Math.abs(p[1] - theirs[i][1])).toBeLessThan(1e-10);
    });
  });

  it('past the onset no initial condition converges to a minimum', async () => {
    for (const eta of [1.02, 1.6]) {
      const portrait = await uvPortrait(eta, { cycles: { maxPeriod: 8 } });
      expect(portrait.labels.attractors.map((a) => a.kind)).not.toContain('minima');
      expect([...portrait.basins.codes]).not.toContain(0);
    }
  });

  it('below the onset every initial condition near the stable segment reaches a minimum', async () => {
    const eta = 0.5;
    const portrait = await uvPortrait(eta, { window: { x: [8, 12], y: [1.5, 4.5] }, basins: { resolution: 80 } });
    const minima = portrait.labels.attractors.findIndex((a) => a.kind === 'minima');
    const { from, to } = uvStableSegment({ eta, eps, target: y });
    let near = 0;
    for (let c = 0; c < portrait.labels.labels.length; c++) {
      const [f, l] = cellCentre(portrait.grid, c);
      // within 0.5 of the line (5 % of y), above the unreachable region and 5 % below the threshold
      if (Math.abs(f - y) > 0.5 || l < 2 * Math.sqrt(eps) * Math.abs(f) || l < from || l > 0.95 * to) continue;
      near++;
      expect(portrait.labels.labels[c]).toBe(minima);
    }
    expect(near).toBeGreaterThan(500);
  });

  it('draws the same basins in the residual plane (Δf, λ), shifted by y, and the rescaled plane (√ε·f, ηλ), scaled', async () => {
    const eta = 0.5;
    const base = { basins: { resolution: 30 }, fixedPoints: { seeds: 4 } };
    const f = await uvPortrait(eta, { ...base, window: { x: [-8, 30], y: [0, 9] } });
    const residual = await uvPortrait(eta, { ...base, plane: 'residual', window: { x: [-18, 20], y: [0, 9] } });
    const rescaled = await uvPortrait(eta, { ...base, plane: 'rescaled', window: { x: [-0.8, 3], y: [0, 4.5] } });
    const ids = (p: Awaited<ReturnType<typeof uvPortrait>>) => Array.from(p.labels.labels, (l) => p.labels.attractors[l].id);
    expect(ids(residual)).toEqual(ids(f));
    expect(ids(rescaled)).toEqual(ids(f));
    const threshold = (p: Awaited<ReturnType<typeof uvPortrait>>) =>
      parseCsv(fixedPointsTable(p))
        .rows.filter((r) => r[0] === 'line_of_minima')[1]
        .slice(2, 4)
        .map(Number);
    expect(threshold(residual)).toEqual([0, 4]);
    expect(threshold(rescaled)).toEqual([1, 2]);
  });

  it('has basin fractions that sum to 1', async () => {
    const portrait = await uvPortrait(1.6, { cycles: { maxPeriod: 8 } });
    const fractions = basinFractions(portrait);
    expect(fractions.reduce((s, f) => s + f.fraction, 0)).toBeCloseTo(1, 14);
    expect(fractions.map((f) => f.id)).toContain('chaotic');
  });
});
